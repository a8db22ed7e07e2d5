/**
 * `Idempotency-Key` on the REST mounts' creates (issue 9 item 1, docs/adr/0014): a retry after a lost
 * answer or a 500 after save, or sent while the first attempt still runs, ends with exactly one object at
 * the tracker and the create's own answer; the key reused for another body is a 409 in the tracker's
 * shape, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';
import { SEED_FRAUD_MODEL_ID } from '../../emulators/mlconnector/seed.js';
import { emulatorOf, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet', 'mlconnector'] });
});
afterAll(async () => {
  await stack.close();
});

const CLEARML_AUTH = `Basic ${Buffer.from('IDEMPOTENCYTESTKEY00000000001:any-secret').toString('base64')}`;
const COMET_KEY = 'idempotency-test-key';

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const res = await got.post(`${stack.gateway.url}${path}`, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), throwHttpErrors: false, retry: { limit: 0 } });
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    // A plain-text answer (an injected 500): no JSON to read.
    json = {};
  }
  return { status: res.statusCode, json };
}

const calls = (tracker: 'clearml' | 'comet' | 'mlconnector', path: RegExp, since: number) => emulatorOf(stack, tracker).requests.slice(since).filter((r) => path.test(r.path)).length;
const dataOf = (a: Answer) => a.json['data'] as Record<string, unknown>;
const metaOf = (a: Answer) => a.json['meta'] as Record<string, unknown>;

describe('/clearml tasks.create with Idempotency-Key', () => {
  const create = (name: string, key: string) => post('/clearml/tasks.create', { name, type: 'training' }, { authorization: CLEARML_AUTH, 'idempotency-key': key });

  it('answers concurrent retries with one task, and a later retry with the same id', async () => {
    const since = emulatorOf(stack, 'clearml').requests.length;
    stack.emulators.clearml?.faults.set([{ match: 'tasks.create', delayMs: 300, times: 1 }]);
    const [a, b] = await Promise.all([create('rest-concurrent', 'rk-1'), create('rest-concurrent', 'rk-1')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(dataOf(b)['id']).toBe(dataOf(a)['id']);
    expect(dataOf(await create('rest-concurrent', 'rk-1'))['id']).toBe(dataOf(a)['id']);
    expect(calls('clearml', /tasks\.create$/, since)).toBe(1);
  });

  it('finds the task a 500-after-save created', async () => {
    const since = emulatorOf(stack, 'clearml').requests.length;
    stack.emulators.clearml?.faults.set([{ match: 'tasks.create', statusAfterHandling: 500, times: 1 }]);
    expect((await create('rest-saved-then-500', 'rk-2')).status).toBe(500);
    const retry = await create('rest-saved-then-500', 'rk-2');
    expect(retry.status).toBe(200);
    expect(typeof dataOf(retry)['id']).toBe('string');
    expect(calls('clearml', /tasks\.create$/, since)).toBe(1);
  });

  it('fails (503) rather than create when the look-up for the key fails, so a retry cannot duplicate', async () => {
    const since = emulatorOf(stack, 'clearml').requests.length;
    stack.emulators.clearml?.faults.set([{ match: 'tasks.get_all', status: 503, times: 1 }]);
    const res = await create('rest-lookup-failed', 'rk-4');
    expect(res.status).toBe(503);
    expect(calls('clearml', /tasks\.create$/, since)).toBe(0);
    expect((await create('rest-lookup-failed', 'rk-4')).status).toBe(200);
    expect(calls('clearml', /tasks\.create$/, since)).toBe(1);
  });

  it('answers a reused key with another body with 409 in ClearML’s envelope, creating nothing', async () => {
    await create('rest-first', 'rk-3');
    const since = emulatorOf(stack, 'clearml').requests.length;
    const reused = await create('rest-other', 'rk-3');
    expect(reused.status).toBe(409);
    expect(metaOf(reused)).toMatchObject({ result_code: 409 });
    expect(calls('clearml', /tasks\.create$/, since)).toBe(0);
  });
});

describe('/mlconnector creates with Idempotency-Key', () => {
  const model = { modelname: 'rest-idempotent-model', modelkind: 'xgboost', hyperparameter: [{ parameter: 'depth', value: 3 }], modelperformance: [], trainingresource: [], runresource: [], featurelist: [], inference: [], modeltags: ['rest'], drift_detection: null };

  it('finds the model saved before a 500, answering 201 with it', async () => {
    const since = emulatorOf(stack, 'mlconnector').requests.length;
    stack.emulators.mlconnector?.faults.set([{ match: '/model/add', statusAfterHandling: 500, body: 'Internal Server Error', times: 1 }]);
    const first = await got.post(`${stack.gateway.url}/mlconnector/model/add`, { headers: { 'content-type': 'application/json', 'idempotency-key': 'mk-1' }, body: JSON.stringify(model), throwHttpErrors: false, retry: { limit: 0 } });
    expect(first.statusCode).toBe(500);
    const retry = await post('/mlconnector/model/add', model, { 'idempotency-key': 'mk-1' });
    expect(retry.status).toBe(201);
    expect(retry.json).toMatchObject({ modelname: 'rest-idempotent-model' });
    expect(calls('mlconnector', /^\/model\/add$/, since)).toBe(1);
  });

  it('gives a deployment retry the same deployment_id and one create', async () => {
    const since = emulatorOf(stack, 'mlconnector').requests.length;
    const body = { modelid: SEED_FRAUD_MODEL_ID, ownerid: 'rest-client', placement: { clusterID: '*', node: '*', continuum: 'Edge' }, deployment_id: '', inference_data: 0 };
    const first = await post('/mlconnector/deployment/add', body, { 'idempotency-key': 'dk-1' });
    const again = await post('/mlconnector/deployment/add', body, { 'idempotency-key': 'dk-1' });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.json['deployment_id']).toBe(first.json['deployment_id']);
    expect(calls('mlconnector', /^\/deployment\/add$/, since)).toBe(1);
    const other = await post('/mlconnector/deployment/add', { ...body, ownerid: 'someone-else' }, { 'idempotency-key': 'dk-1' });
    expect(other.status).toBe(409);
    expect(typeof other.json['detail']).toBe('string');
  });

  it('frees a key whose create the tracker refused (422: nothing written) for the corrected request', async () => {
    const body = { modelid: SEED_FRAUD_MODEL_ID, ownerid: 'rest-client', placement: { clusterID: '*', node: '*', continuum: true }, deployment_id: '', inference_data: 0 };
    expect((await post('/mlconnector/deployment/add', body, { 'idempotency-key': 'dk-2' })).status).toBe(422);
    expect((await post('/mlconnector/deployment/add', { ...body, placement: { ...body.placement, continuum: 'Edge' } }, { 'idempotency-key': 'dk-2' })).status).toBe(201);
  });
});

describe('/comet experiment creates with Idempotency-Key', () => {
  it('answers a retry with the same experimentKey, and a reused key with another body with 409', async () => {
    const since = emulatorOf(stack, 'comet').requests.length;
    const body = { workspaceName: 'switchyard', projectName: 'rest-idempotency', experimentName: 'keyed' };
    const first = await post('/comet/api/rest/v2/write/experiment/create', body, { authorization: COMET_KEY, 'idempotency-key': 'ek-1' });
    const again = await post('/comet/api/rest/v2/write/experiment/create', body, { authorization: COMET_KEY, 'idempotency-key': 'ek-1' });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.json['experimentKey']).toBe(first.json['experimentKey']);
    expect(calls('comet', /write\/experiment\/create$/, since)).toBe(1);
    const other = await post('/comet/api/rest/v2/write/experiment/create', { ...body, experimentName: 'another' }, { authorization: COMET_KEY, 'idempotency-key': 'ek-1' });
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ code: 409, sdk_error_code: 0 });
  });
});
