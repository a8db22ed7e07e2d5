/**
 * A push of several MB does not block the emulator: while it is parsed and merged, `GET /pipelines` keeps being
 * answered (and never shows a half-merged pipeline); afterwards the whole pipeline is there. (The 50 MB benchmark
 * lives with the stack; this is its small, deterministic sibling.)
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type CmfEmulator, startCmfEmulator } from '../../../emulators/cmf/index.js';
import { call, type Json, pushBody, TEST_CLOCK_START, TEST_ENV_PAYLOAD } from './helpers.js';

type Exec = { properties: Record<string, Json>; events: { artifact: Record<string, Json> }[] };
type Doc = { Pipeline: { name: string; stages: (Record<string, Json> & { name: string; executions: Exec[] })[] }[] };

/** A pipeline `Big` with one stage of `n` Featurize-like executions, each producing two artifacts of its own. */
function bigPayload(n: number): string {
  const doc = JSON.parse(TEST_ENV_PAYLOAD) as Doc;
  const p = doc.Pipeline[0] as Doc['Pipeline'][number];
  const stage = p.stages[1] as Doc['Pipeline'][number]['stages'][number];
  const template = stage.executions[0] as Exec;
  const executions: Exec[] = [];
  for (let i = 0; i < n; i++) {
    const e = structuredClone(template);
    const tag = i.toString(16).padStart(8, '0');
    e.properties['Execution_uuid'] = `${tag}-76f6-11ee-9600-5b8c6d427e3f`;
    e.properties['Context_Type'] = 'Big/Featurize';
    for (const ev of e.events.slice(3)) {
      ev.artifact['uri'] = `${tag}${String(ev.artifact['uri']).slice(8)}`;
      ev.artifact['name'] = `${String(ev.artifact['name']).split(':')[0]}:${String(ev.artifact['uri'])}`;
    }
    executions.push(e);
  }
  p.name = 'Big';
  p.stages = [{ ...stage, name: 'Big/Featurize', executions }];
  return JSON.stringify(doc);
}

describe('a large push (several MB)', () => {
  let em: CmfEmulator;
  beforeAll(async () => {
    em = await startCmfEmulator({ clock: new ManualClock(TEST_CLOCK_START) });
  });
  afterAll(async () => {
    await em.close();
  });

  it('keeps answering concurrent /pipelines requests and swaps the pipeline in whole', async () => {
    const executions = 2000;
    const body = JSON.stringify(pushBody(bigPayload(executions), 'Big'));
    expect(body.length).toBeGreaterThan(4_000_000);
    let pending = true;
    const pushed = call(em.url, '/api/mlmd_push', { body, headers: { 'content-type': 'application/json' } }).finally(() => {
      pending = false;
    });
    const during: { names: Json | undefined; ms: number }[] = [];
    while (pending) {
      const t0 = performance.now();
      const res = await call(em.url, '/api/pipelines');
      if (pending) during.push({ names: res.json, ms: performance.now() - t0 });
    }
    expect((await pushed).json).toEqual({ status: 'success' });
    expect(during.length).toBeGreaterThanOrEqual(3);
    for (const d of during) expect([['Test-env', 'fraud-detection'], ['Test-env', 'fraud-detection', 'Big']]).toContainEqual(d.names);
    // How fast they answer during a push is a performance claim: `npm run bench` (cmf-push-50mb) measures it
    // as the p99 ratio with and without a push. Here: they keep completing while the push runs.
    const doc = (await call(em.url, '/api/mlmd_pull', { json: { pipeline_name: 'Big' } })).json as Doc;
    expect(doc.Pipeline[0]?.stages[0]?.executions).toHaveLength(executions);
    expect((await call(em.url, '/api/list-of-executions/Big')).json).toHaveLength(executions);
  }, 30_000);
});
