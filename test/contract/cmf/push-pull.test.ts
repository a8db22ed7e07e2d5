/**
 * mlmd_push statuses and mlmd_pull answers against responses.synthetic.json, the pull document's content after a
 * push (server ids and times, client times kept as original_create_time_since_epoch), `exec_uuid` pulls, the
 * global pull and its `last_sync_time` delta, and the upload endpoints' messages.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type CmfEmulator, startCmfEmulator } from '../../../emulators/cmf/index.js';
import { call, isRecord, type Json, type JsonRecord, multipart, pushBody, synthetic, TEST_CLOCK_START, TEST_ENV_PAYLOAD } from './helpers.js';

type Doc = { Pipeline: { name: string; stages: { name: string; executions: { type: string; properties: JsonRecord; custom_properties: JsonRecord; create_time_since_epoch: number; events: { artifact: JsonRecord }[] }[] }[] }[] };

describe('mlmd_push and mlmd_pull', () => {
  const clock = new ManualClock(TEST_CLOCK_START);
  let em: CmfEmulator;
  const push = (body: Json) => call(em.url, '/api/mlmd_push', { json: body });
  const pull = (body: Json) => call(em.url, '/api/mlmd_pull', { json: body });

  beforeAll(async () => {
    em = await startCmfEmulator({ seed: false, clock });
  });
  afterAll(async () => {
    await em.close();
  });

  it('answers success, then exists, as the samples', async () => {
    const first = await push(pushBody(TEST_ENV_PAYLOAD));
    expect([first.status, first.contentType, first.json]).toEqual([200, 'application/json', synthetic('POST /mlmd_push -> 200 first push')]);
    clock.advance(1000);
    const again = await push(pushBody(TEST_ENV_PAYLOAD));
    expect([again.status, again.json]).toEqual([200, synthetic('POST /mlmd_push -> 200 duplicate push')]);
    const other = await push(pushBody(TEST_ENV_PAYLOAD, 'Test-env2'));
    expect([other.status, other.json]).toEqual([200, synthetic('POST /mlmd_push -> 200 pipeline_name not in payload (Gen B/C)')]);
    const empty = await push(pushBody(JSON.stringify({ Pipeline: [] })));
    expect([empty.status, empty.json]).toEqual([400, synthetic('POST /mlmd_push -> 400 empty Pipeline list')]);
    const old = JSON.parse(TEST_ENV_PAYLOAD) as Doc;
    delete old.Pipeline[0]?.stages[0]?.executions[0]?.properties['Execution_uuid'];
    const outdated = await push(pushBody(JSON.stringify(old)));
    expect([outdated.status, outdated.json]).toEqual([422, synthetic('POST /mlmd_push -> 422 old client (execution without Execution_uuid)')]);
    const notJson = await call(em.url, '/mlmd_push', { body: '{"pipeline_name": "Test-env", "json_payload": "{not json", "exec_uuid": null}', headers: { 'content-type': 'application/json' } });
    expect([notJson.status, notJson.json]).toEqual([422, synthetic('POST /mlmd_push -> 422 request validation (json_payload not JSON)')]);
  });

  it('pulls the pushed pipeline as text/html json.dumps text with server ids/times and the client times kept', async () => {
    const res = await pull({ pipeline_name: 'Test-env', exec_uuid: null });
    expect([res.status, res.contentType]).toEqual([200, 'text/html; charset=utf-8']);
    expect(res.text.startsWith('{"Pipeline": [{"stages": [{"executions": [{"type": "Test-env/Prepare", "name": "", "events": [')).toBe(true);
    const doc = res.json as Doc;
    const sent = JSON.parse(TEST_ENV_PAYLOAD) as Doc;
    const uuids = (d: Doc): Json[] => d.Pipeline[0]?.stages.flatMap((s) => s.executions.map((e) => e.properties['Execution_uuid'] ?? null)) ?? [];
    expect(uuids(doc)).toEqual(uuids(sent));
    const names = (d: Doc): Json[] => d.Pipeline[0]?.stages.flatMap((s) => s.executions.flatMap((e) => e.events.map((v) => `${String(v.artifact['type'])} ${String(v.artifact['name'])} ${String(v.artifact['uri'])}`))) ?? [];
    expect(names(doc)).toEqual(names(sent));
    const train = doc.Pipeline[0]?.stages[2]?.executions[0];
    expect(train?.create_time_since_epoch).toBe(TEST_CLOCK_START);
    expect(train?.custom_properties).toEqual({ seed: 20170428, n_est: 100, min_split: 64, Python_Env: 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt', original_create_time_since_epoch: '1698651049311' });
    expect(doc).toEqual(em.store.document('Test-env'));
  });

  it('pulls one execution, no_exec_uuid, 404 for an unknown pipeline', async () => {
    const one = (await pull({ pipeline_name: 'Test-env', exec_uuid: '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f' })).json as Doc;
    expect(one.Pipeline[0]?.stages.map((s) => s.executions.length)).toEqual([0, 0, 1, 0]);
    const none = await pull({ pipeline_name: 'Test-env', exec_uuid: 'nope' });
    expect([none.status, none.contentType, none.text]).toEqual([200, 'text/html; charset=utf-8', synthetic('POST /mlmd_pull (or GET /mlmd_pull/{p}) -> 200 text/html exec uuid unknown (raw body text)')]);
    const missing = await pull({ pipeline_name: 'Test-env2', exec_uuid: null });
    expect([missing.status, missing.json]).toEqual([404, synthetic('POST /mlmd_pull -> 404 unknown pipeline')]);
  });

  it('pulls every pipeline without a name, and only what changed after last_sync_time', async () => {
    const since = clock.now();
    clock.advance(60_000);
    const fraud = JSON.parse(TEST_ENV_PAYLOAD) as Doc;
    const p = fraud.Pipeline[0] as Doc['Pipeline'][number];
    p.name = 'Other';
    p.stages = p.stages.slice(0, 1).map((s) => ({ ...s, name: 'Other/Prepare', executions: s.executions.map((e) => ({ ...e, properties: { ...e.properties, Context_Type: 'Other/Prepare', Execution_uuid: 'aaaa1111-76f6-11ee-9600-5b8c6d427e3f' } })) }));
    expect((await push(pushBody(JSON.stringify(fraud), 'Other'))).json).toEqual({ status: 'success' });
    const all = (await pull({})).json as Doc;
    expect(all.Pipeline.map((x) => x.name)).toEqual(['Test-env', 'Other']);
    const delta = (await pull({ last_sync_time: since })).json as Doc;
    expect(delta.Pipeline.map((x) => [x.name, x.stages.map((s) => s.executions.length)])).toEqual([['Other', [1]]]);
    expect(((await pull({ last_sync_time: clock.now() })).json as Doc).Pipeline).toEqual([]);
  });

  it('stores uploads and answers the samples messages', async () => {
    const env = multipart('python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt', 'numpy==1.24.2\n');
    expect((await call(em.url, '/python-env', { method: 'POST', ...env })).json).toEqual(synthetic('POST /python-env (multipart file)'));
    const read = await call(em.url, '/python-env?file_name=python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt');
    expect([read.status, read.contentType, read.text]).toEqual([200, 'text/plain; charset=utf-8', 'numpy==1.24.2\n']);
    expect((await call(em.url, '/python-env?file_name=x.json')).json).toEqual(synthetic('GET /python-env?file_name=x.json -> 400'));
    expect((await call(em.url, '/python-env?file_name=missing.txt')).json).toEqual(synthetic('GET /python-env?file_name=missing.txt -> 404'));
    const label = multipart('0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'id,label\n1,cat\n');
    expect((await call(em.url, '/label', { method: 'POST', ...label })).json).toEqual(synthetic('POST /label (Gen B/C)'));
    expect((await call(em.url, '/label', { method: 'POST', ...label })).json).toEqual({ message: "File '0a1b2c3d4e5f60718293a4b5c6d7e8f9' already exists at /cmf-server/data/labels. Skipping upload." });
    expect((await call(em.url, '/label-data?file_name=0a1b2c3d4e5f60718293a4b5c6d7e8f9')).text).toBe('id,label\n1,cat\n');
    const tb = multipart('events.out.tfevents.1698651049.host', Buffer.from([1, 2, 3]));
    expect((await call(em.url, '/tensorboard?pipeline_name=Test-env', { method: 'POST', ...tb })).json).toEqual(synthetic('POST /tensorboard?pipeline_name=Test-env (multipart file)'));
    expect([...em.store.files.tensorboard.keys()]).toEqual(['Test-env/events.out.tfevents.1698651049.host']);
    expect((await call(em.url, '/acknowledge', { json: { server_name: 'a', server_url: 'http://x' } })).json).toEqual(synthetic('POST /acknowledge (Gen B/C)'));
    expect(isRecord((await call(em.url, '/tensorboard', { method: 'POST', ...tb })).json)).toBe(true);
  });
});
