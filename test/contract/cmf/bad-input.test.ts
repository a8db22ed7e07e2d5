/**
 * Bad input (issue 5 "Bad input"): malformed or truncated MLMD JSON, json_payload not a string, a payload for another
 * pipeline, unknown pipelines and executions, a push over the limit, unknown artifact types, bad query parameters
 * and uploads — CMF's own codes and bodies. The only 500s are the real server's (README "Quirks"); a sweep of
 * every route with empty and ill-typed input finds no other.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CMF_GENERATIONS, type CmfEmulator, NGINX_413, routesOf } from '../../../emulators/cmf/index.js';
import { call, type Json, multipart, pushBody, startEmpty, startTestEnvOnly, TEST_ENV_PAYLOAD } from './helpers.js';

const VALIDATION = (type: string, loc: (string | number)[], msg: string, input: Json, ctx?: Json): Json => ({ type, loc, msg, input, ...(ctx === undefined ? {} : { ctx }) });

describe('CMF emulator bad input', () => {
  let em: CmfEmulator;
  const push = (json: unknown) => call(em.url, '/api/mlmd_push', { json });
  const expect422 = async (body: string | undefined, detail: Json): Promise<void> => {
    const res = await call(em.url, '/mlmd_push', { method: 'POST', ...(body === undefined ? {} : { body }), headers: { 'content-type': 'application/json' } });
    expect([res.status, res.json]).toEqual([422, { detail }]);
  };

  beforeAll(async () => {
    em = await startTestEnvOnly('C');
  });
  afterAll(async () => {
    await em.close();
  });

  it('rejects bodies that are not a push request with FastAPI 422s', async () => {
    await expect422(undefined, [VALIDATION('missing', ['body'], 'Field required', null)]);
    await expect422('{"pipeline_name": "Test-env", "json_pay', [VALIDATION('json_invalid', ['body', 39], 'JSON decode error', {}, { error: 'Expecting value' })]);
    await expect422('[1]', [VALIDATION('model_attributes_type', ['body'], 'Input should be a valid dictionary or object to extract fields from', [1])]);
    await expect422('{}', [VALIDATION('missing', ['body', 'pipeline_name'], 'Field required', {}), VALIDATION('missing', ['body', 'json_payload'], 'Field required', {})]);
    for (const payload of [{ Pipeline: [] }, 5, null]) {
      await expect422(JSON.stringify(pushBody('', 'Test-env')).replace('"json_payload":""', `"json_payload":${JSON.stringify(payload)}`), [VALIDATION('string_type', ['body', 'json_payload'], 'Input should be a valid string', payload as Json)]);
    }
    const body = { exec_uuid: 7, json_payload: TEST_ENV_PAYLOAD, pipeline_name: '' };
    await expect422(JSON.stringify(body), [VALIDATION('string_type', ['body', 'exec_uuid'], 'Input should be a valid string', 7), VALIDATION('string_too_short', ['body', 'pipeline_name'], 'String should have at least 1 character', '', { min_length: 1 })]);
  });

  it('rejects malformed, truncated and empty MLMD JSON with the validator 422', async () => {
    for (const payload of ['{not json', TEST_ENV_PAYLOAD.slice(0, TEST_ENV_PAYLOAD.length / 2), `${TEST_ENV_PAYLOAD}}`]) {
      const body = pushBody(payload);
      await expect422(JSON.stringify(body), [VALIDATION('value_error', ['body'], 'Value error, JSON payload is not valid JSON', body, { error: {} })]);
    }
    const empty = pushBody('');
    await expect422(JSON.stringify(empty), [VALIDATION('value_error', ['body'], 'Value error, JSON payload must not be empty', empty, { error: {} })]);
    const blank = pushBody(TEST_ENV_PAYLOAD, '   ');
    await expect422(JSON.stringify(blank), [VALIDATION('value_error', ['body'], 'Value error, Pipeline name must not be empty or whitespace', blank, { error: {} })]);
  });

  it('answers the real server statuses for valid JSON that is not a usable document', async () => {
    expect((await push(pushBody('{}'))).json).toEqual({ detail: 'Invalid JSON payload. The pipeline name is missing.' });
    expect((await push(pushBody(TEST_ENV_PAYLOAD, 'Another'))).json).toEqual({ status: 'pipeline_not_exist' });
    for (const payload of ['[]', '"x"', '{"Pipeline": 5}', '{"Pipeline": [1]}', '{"Pipeline": [{"name": "Test-env"}]}']) {
      const res = await push(pushBody(payload));
      expect([payload, res.status, res.contentType, res.text]).toEqual([payload, 500, 'text/plain; charset=utf-8', 'Internal Server Error']);
    }
  });

  it('answers success but keeps nothing of a push whose merge fails half-way', async () => {
    const doc = JSON.parse(TEST_ENV_PAYLOAD) as { Pipeline: { name: string; stages: { executions: { properties: Record<string, Json>; events: { artifact: Record<string, Json> }[] }[] }[] }[] };
    const p = doc.Pipeline[0];
    if (!p) throw new Error('fixture');
    p.name = 'Broken';
    for (const s of p.stages) for (const e of s.executions) e.properties['Execution_uuid'] = `b-${String(e.properties['Execution_uuid'])}`;
    p.stages[3]?.executions[0]?.events.splice(1, 1, { artifact: { type: 'Model' } });
    const before = em.store.state;
    expect((await push(pushBody(JSON.stringify(doc), 'Broken'))).json).toEqual({ status: 'success' });
    expect(em.store.state).toBe(before);
    expect((await call(em.url, '/pipelines')).json).toEqual(['Test-env']);
    expect(em.store.mergeLog.at(-1)).toMatch(/^mlmd_push Broken: /);
  });

  it('skips unknown artifact types: the push succeeds, no listing shows them', async () => {
    const doc = JSON.parse(TEST_ENV_PAYLOAD.replaceAll('Test-env', 'Holo').replaceAll('-76f6-', '-0000-')) as { Pipeline: { stages: { executions: { events: { artifact: Record<string, Json> }[] }[] }[] }[] };
    const artifact = doc.Pipeline[0]?.stages[0]?.executions[0]?.events[1]?.artifact;
    if (artifact) artifact['type'] = 'Hologram';
    expect((await push(pushBody(JSON.stringify(doc), 'Holo'))).json).toEqual({ status: 'success' });
    expect((await call(em.url, '/artifact_types')).json).not.toContain('Hologram');
    expect((await call(em.url, '/artifacts-by-stage/Holo?stage_name=Holo/Prepare&artifact_type=Hologram')).json).toEqual({ total_items: 0, items: [] });
    expect((await call(em.url, '/artifact-types-by-stage/Holo?stage_name=Holo/Prepare')).json).toEqual(['Dataset', 'Label']);
  });

  it('answers unknown pipelines and executions as the server does', async () => {
    for (const path of ['/list-of-executions/Nope', '/artifact-lineage/tangled-tree/Nope', '/artifact-execution-lineage/tangled-tree/Nope', '/execution-lineage/tangled-tree/1afa/Nope']) {
      const res = await call(em.url, path);
      expect([path, res.status, res.json]).toEqual([path, 404, { detail: 'Pipeline Nope not found.' }]);
    }
    expect((await call(em.url, '/execution-lineage/tangled-tree/zzzz/Test-env')).json).toEqual({ error: "uuid 'zzzz' does not match any execution in pipeline 'Test-env'" });
    expect((await call(em.url, '/mlmd_pull', { json: { pipeline_name: 'Nope' } })).json).toEqual({ detail: 'Pipeline Nope not found.' });
    expect((await call(em.url, '/mlmd_pull', { json: { pipeline_name: 'Test-env', exec_uuid: 'nope' } })).text).toBe('no_exec_uuid');
    expect((await call(em.url, '/model-card?modelId=12345')).json).toEqual(['', '', '', '']);
    expect((await call(em.url, '/mlmd_pull', { json: { pipeline_name: 5, last_sync_time: 'soon' } })).json).toEqual({
      detail: [VALIDATION('string_type', ['body', 'pipeline_name'], 'Input should be a valid string', 5), VALIDATION('int_parsing', ['body', 'last_sync_time'], 'Input should be a valid integer, unable to parse string as an integer', 'soon')],
    });
  });

  it('crashes where the server crashes: list-of-executions of a pipeline with no executions', async () => {
    expect((await push(pushBody(TEST_ENV_PAYLOAD.replaceAll('Test-env', 'Hollow').replaceAll('-76f6-', '-1111-'), 'Hollow', 'no-such-uuid'))).json).toEqual({ status: 'success' });
    const res = await call(em.url, '/list-of-executions/Hollow');
    expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
  });

  it('validates query parameters and uploads like FastAPI', async () => {
    expect((await call(em.url, '/executions-by-stage/Test-env')).json).toEqual({ detail: [VALIDATION('missing', ['query', 'stage_name'], 'Field required', null)] });
    expect((await call(em.url, '/artifacts-by-stage/Test-env?stage_name=s&artifact_type=Dataset&active_page=0&record_per_page=x')).json).toEqual({
      detail: [VALIDATION('greater_than', ['query', 'active_page'], 'Input should be greater than 0', '0', { gt: 0 }), VALIDATION('int_parsing', ['query', 'record_per_page'], 'Input should be a valid integer, unable to parse string as an integer', 'x')],
    });
    expect((await call(em.url, '/python-env')).json).toEqual({ detail: [VALIDATION('missing', ['query', 'file_name'], 'Field required', null)] });
    expect((await call(em.url, '/python-env', { json: { file: 'x' } })).json).toEqual({ detail: [VALIDATION('missing', ['body', 'file'], 'Field required', null)] });
    expect((await call(em.url, '/tensorboard', { method: 'POST', ...multipart('a.txt', 'x') })).json).toEqual({ detail: [VALIDATION('missing', ['query', 'pipeline_name'], 'Field required', null)] });
    const noName = await call(em.url, '/label', { method: 'POST', ...multipart(null, 'text') });
    expect(noName.json).toEqual({ detail: [VALIDATION('value_error', ['body', 'file'], "Value error, Expected UploadFile, received: <class 'str'>", 'text', { error: {} })] });
    const broken = await call(em.url, '/label', { method: 'POST', body: 'garbage', headers: { 'content-type': 'multipart/form-data; boundary=zz' } });
    expect([broken.status, broken.json]).toEqual([400, { detail: 'There was an error parsing the body' }]);
  });

  it('never answers 500 to empty or ill-typed input on any route of any generation (except the documented /sync)', async () => {
    const offenders: string[] = [];
    for (const generation of CMF_GENERATIONS) {
      const server = await startTestEnvOnly(generation);
      try {
        for (const route of routesOf(generation)) {
          for (const fill of ['Nope', 'Test-env', '%20', '0']) {
            const path = route.path.replace(/\{[^}]+\}/g, fill);
            const bodies = route.method === 'GET' ? [{}] : [{}, { body: 'not json', headers: { 'content-type': 'application/json' } }, { json: { pipeline_name: 3 } }, { json: [] }];
            for (const options of bodies) {
              const res = await call(server.url, `${path}?active_page=-1&page=x&modelId=1.5&stage_name=&file_name=../x.txt`, { method: route.method, ...options });
              if (route.path === '/sync' && res.status === 500) expect(res.json).toEqual({ detail: 'Failed to sync metadata: 404: Server not found in the registered servers list' });
              else if (res.status >= 500 && res.status !== 501) offenders.push(`${generation} ${route.method} ${path} → ${res.status}`);
            }
          }
        }
      } finally {
        await server.close();
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('push over the size limit', () => {
  it("answers nginx's 413 page and stores nothing", async () => {
    const em = await startEmpty('C', 4096);
    try {
      const res = await call(em.url, '/api/mlmd_push', { json: pushBody(TEST_ENV_PAYLOAD) });
      expect([res.status, res.contentType, res.text]).toEqual([413, 'text/html', NGINX_413]);
      expect(em.store.pipelineNames()).toEqual([]);
      expect((await call(em.url, '/api/mlmd_push', { json: pushBody(JSON.stringify({ Pipeline: [] })) })).status).toBe(400);
    } finally {
      await em.close();
    }
  });
});
