/**
 * Generation probing (reference "Implications" 2): a client tells Gen A0/A1/B/C apart by which routes exist, and
 * the shapes that differ per generation. Every route answers with and without the `/api` prefix.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CMF_GENERATIONS, type CmfEmulator, type CmfGeneration, routesOf } from '../../../emulators/cmf/index.js';
import { call, type CallOptions, multipart, pushBody, startTestEnvOnly, TEST_ENV_PAYLOAD } from './helpers.js';

const PROBES: readonly [string, string, CallOptions][] = [
  ['GET /pipeline-stages/{p}', '/pipeline-stages/Test-env', {}],
  ['POST /mlmd_pull', '/mlmd_pull', { json: { pipeline_name: 'Test-env' } }],
  ['GET /mlmd_pull', '/mlmd_pull', {}],
  ['GET /mlmd_pull/{p}', '/mlmd_pull/Test-env', {}],
  ['GET /executions/{p}', '/executions/Test-env', {}],
  ['GET /artifacts/{p}/{type}', '/artifacts/Test-env/Dataset', {}],
  ['POST /label', '/label', { method: 'POST', ...multipart('x.csv', 'a\n') }],
  ['GET /server-list', '/server-list', {}],
  ['GET /schedules', '/schedules', {}],
  ['GET /pipelines', '/pipelines', {}],
];

const EXPECTED: Readonly<Record<CmfGeneration, readonly number[]>> = {
  A0: [404, 404, 404, 200, 200, 200, 404, 404, 404, 200],
  A1: [404, 404, 404, 200, 200, 200, 404, 404, 404, 200],
  B: [404, 200, 405, 404, 200, 200, 200, 200, 404, 200],
  C: [200, 200, 405, 404, 404, 404, 200, 200, 200, 200],
};

describe.each(CMF_GENERATIONS)('Gen %s', (generation) => {
  let em: CmfEmulator;
  beforeAll(async () => {
    em = await startTestEnvOnly(generation);
  });
  afterAll(async () => {
    await em.close();
  });

  it('answers the probes as that generation, with and without /api', async () => {
    for (const prefix of ['', '/api']) {
      const statuses: number[] = [];
      for (const [, path, options] of PROBES) statuses.push((await call(em.url, `${prefix}${path}`, options)).status);
      expect(statuses).toEqual(EXPECTED[generation]);
    }
  });

  it('405 lists the allowed methods; unknown paths are FastAPI 404; a trailing slash redirects (307)', async () => {
    const wrong = await call(em.url, '/pipelines', { method: 'POST', json: {} });
    expect([wrong.status, wrong.json, wrong.headers.get('allow')]).toEqual([405, { detail: 'Method Not Allowed' }, 'GET']);
    expect((await call(em.url, '/api/nope')).json).toEqual({ detail: 'Not Found' });
    const slash = await call(em.url, '/api/pipelines/?x=1');
    expect([slash.status, slash.headers.get('location')]).toEqual([307, '/api/pipelines?x=1']);
  });

  it('has the route table the README lists', () => {
    expect(routesOf(generation).length).toBe({ A0: 15, A1: 15, B: 22, C: 29 }[generation]);
  });

  it('answers a push whose payload lacks the named pipeline per generation', async () => {
    const res = await call(em.url, '/mlmd_push', { json: pushBody(TEST_ENV_PAYLOAD, 'Other') });
    expect([res.status, res.json]).toEqual(generation === 'A0' ? [404, { detail: "Pipeline name 'Other' does not exist." }] : [200, { status: 'pipeline_not_exist' }]);
  });

  it('validates a null pipeline_name per generation (str in A, Optional[str] + .strip() crash from B on)', async () => {
    const res = await call(em.url, '/mlmd_push', { json: pushBody(TEST_ENV_PAYLOAD, null) });
    if (generation === 'A0' || generation === 'A1') {
      expect([res.status, res.json]).toEqual([422, { detail: [{ type: 'string_type', loc: ['body', 'pipeline_name'], msg: 'Input should be a valid string', input: null }] }]);
    } else {
      expect([res.status, res.contentType, res.text]).toEqual([500, 'text/plain; charset=utf-8', 'Internal Server Error']);
    }
  });

  it('serves the execution listing in its generation shape', async () => {
    const res = await call(em.url, generation === 'C' ? '/executions-by-stage/Test-env?stage_name=Test-env/Prepare' : '/executions/Test-env?sort_field=id');
    const first = (res.json as { items: Record<string, unknown>[] }).items[0] ?? {};
    const keys = Object.keys(first);
    if (generation === 'A0') expect(keys).toContain('custom_properties_split');
    else if (generation === 'C') expect(keys).toEqual(['execution_id', 'execution_properties']);
    else expect(keys).toEqual(['execution_id', 'execution_properties', 'total_records']);
  });
});
