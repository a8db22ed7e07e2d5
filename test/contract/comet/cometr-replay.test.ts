/**
 * Replays the requests cometr 0.4.0 really sent (test/fixtures/clients/cometr-0.4.0.experiment-flow.jsonl) over
 * HTTP: same method, path, query, Authorization, User-Agent, content type and body, with the recorded experiment key
 * swapped for the one the emulator returned. Checks the fields cometr needs (reference/clients.md) and that every
 * key the recording server answered with is present.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ManualClock } from '../../../emulators/shared/index.js';
import { type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { COMETR_CREATE_PATH as CREATE, COMETR_FLOW as FLOW, COMETR_RECORDED_KEY, type RecordedCall, replayCometrFlow } from '../../helpers/cometrReplay.js';
import { callJson, isRecord, type Json, type JsonRecord, missingKeys, records } from './helpers.js';

/**
 * Where the recording server disagreed with reference/comet.md, the reference wins: its parameters answer used
 * `results`, the Java DTO and the notebook output use `values` (see test/fixtures/comet/README.md).
 */
const RENAMED_TOP_LEVEL: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '/api/rest/v2/experiment/parameters': { results: 'values' },
};

function renameKeys(path: string, resp: Json): Json {
  const renames = RENAMED_TOP_LEVEL[path];
  if (!renames || !isRecord(resp)) return resp;
  return Object.fromEntries(Object.entries(resp).map(([k, v]) => [renames[k] ?? k, v]));
}

describe('cometr 0.4.0 recorded flow against the Comet emulator', () => {
  const clock = new ManualClock(Date.parse('2026-11-21T10:00:00.000Z'));
  let em: CometEmulator;
  const answers: { call: RecordedCall; status: number; body: JsonRecord }[] = [];
  let key = '';

  beforeAll(async () => {
    em = await startCometEmulator({ seed: false, apiKeys: ['TESTKEY'], clock });
    // Real Comet refuses unknown workspaces; the recorded user already owned `ws`.
    const ws = await callJson(em.url, '/api/rest/v2/write/workspace/new', { method: 'POST', json: { name: 'ws' } });
    expect(ws.status).toBe(200);

    const replay = await replayCometrFlow(em.url, { afterEach: () => clock.advance(40) });
    answers.push(...replay.answers);
    key = replay.key;
  });

  afterAll(async () => {
    await em.close();
  });

  it('replays all 13 recorded requests with HTTP 200', () => {
    expect(answers).toHaveLength(13);
    expect(answers.map((a) => `${a.call.method} ${a.call.path} ${a.status}`)).toEqual(
      FLOW.map((c) => `${c.method} ${c.path} 200`),
    );
  });

  it('answers create with experimentKey (32 hex) and link, which cometr requires', () => {
    const create = answers.find((a) => a.call.path === CREATE);
    expect(create?.body).toEqual({ experimentKey: key, workspaceName: 'ws', projectName: 'proj', link: `${em.url}/ws/proj/${key}` });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toBe(COMETR_RECORDED_KEY);
  });

  it('contains every key the recording server answered with', () => {
    for (const a of answers) {
      expect({ path: a.call.path, missing: missingKeys(renameKeys(a.call.path, a.call.resp), a.body) }).toEqual({ path: a.call.path, missing: [] });
    }
  });

  it('gives the read shapes cometr returns to the user', () => {
    const byPath = (p: string): JsonRecord => {
      const a = answers.find((x) => x.call.path === `/api/rest/v2${p}`);
      if (!a) throw new Error(`no answer for ${p}`);
      return a.body;
    };
    expect(byPath('/workspaces')).toEqual({ workspaceNames: ['switchyard', 'ws'] });
    expect(records(byPath('/projects')['projects']).map((p) => [p['projectName'], p['workspaceName'], p['numberOfExperiments']])).toEqual([['proj', 'ws', 1]]);
    expect(byPath('/experiment/metrics/summary')).toEqual({
      values: [
        {
          name: 'loss',
          valueMax: '0.5',
          valueMin: '0.5',
          valueCurrent: '0.5',
          timestampMax: 1795322379558,
          timestampMin: 1795322379558,
          timestampCurrent: 1795322379558,
          runContextMax: null,
          runContextMin: null,
          runContextCurrent: null,
          stepMax: 1,
          stepMin: 1,
          stepCurrent: 1,
        },
      ],
    });
    const params = records(byPath('/experiment/parameters')['values']);
    expect(params.map((p) => [p['name'], p['valueCurrent'], p['valueMin'], p['valueMax'], p['editable']])).toEqual([['lr', '0.1', '0.1', '0.1', false]]);
  });

  it('stored what cometr logged: name, "Created from", tags, code, system details and output', async () => {
    const q = { experimentKey: key };
    const others = records((await callJson(em.url, '/api/rest/v2/experiment/log-other', { query: q })).body['values']);
    expect(others.map((o) => [o['name'], o['valueCurrent']])).toEqual([
      ['Name', 't'],
      ['Created from', 'cometr'],
    ]);
    expect((await callJson(em.url, '/api/rest/v2/experiment/tags', { query: q })).body).toEqual({ tags: ['a', 'b'] });
    expect((await callJson(em.url, '/api/rest/v2/experiment/code', { query: q })).body['code']).toContain('library(cometr');
    const sys = (await callJson(em.url, '/api/rest/v2/experiment/system-details', { query: q })).body;
    expect([sys['hostname'], sys['osType'], sys['pythonVersion'], sys['pid']]).toEqual(['vm', 'Linux', '4.2.2', 25186]);
    const out = (await callJson(em.url, '/api/rest/v2/experiment/output', { query: q })).body['output'];
    expect(typeof out === 'string' ? out.split('\n').slice(0, 2) : out).toEqual([`KEY ${key} `, 'List of 1']);
    const meta = (await callJson(em.url, '/api/rest/v2/experiment/metadata', { query: q })).body;
    expect([meta['experimentName'], meta['projectName'], meta['workspaceName'], meta['running']]).toEqual(['t', 'proj', 'ws', true]);
  });

  it("answers cometr's keep-alive call (keep_active=TRUE) with isAliveBeatDurationMillis", async () => {
    // The recording's background keep-alive never fired in the 1-s script; this is the request cometr sends.
    const res = await callJson(em.url, '/api/rest/v2/write/experiment/set-status', {
      query: { experimentKey: key },
      headers: { 'user-agent': 'Comet API for R cometr/0.4.0' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ isAliveBeatDurationMillis: 10000, gpuMonitorIntervalMillis: 60000, cpuMonitorIntervalMillis: 60000 });
  });
});
