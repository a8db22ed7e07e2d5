/**
 * Bad input (issue 6 "Bad input"): missing fields and wrong types (the 422 list names each), unknown model or
 * deployment ids, file_kind outside the enum, empty and huge uploads, predict on a deployment that is not running —
 * FastAPI-shaped answers; a failed upload registers nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { call, EXCHANGES, type Json, type JsonRecord, multipart, startEmpty } from './helpers.js';

const MODEL_BODY = (EXCHANGES['model_add_201']?.request.json ?? null) as JsonRecord;
const V = (type: string, loc: (string | number)[], msg: string, input: Json, ctx?: JsonRecord): Json => ({ type, loc, msg, input, ...(ctx ? { ctx } : {}) });

describe('MLConnector emulator: bad input', () => {
  let em: MLConnectorEmulator;
  let modelId: string;
  const upload = (fields: Record<string, string>, content: string | Buffer | null, id = modelId) => {
    const mp = multipart(fields, content === null ? {} : { file: { filename: 'weights.pkl', contentType: 'application/octet-stream', content } });
    return call(em.url, `/model/${id}/upload`, { body: mp.body, headers: mp.headers });
  };

  beforeAll(async () => {
    ({ em } = await startEmpty({ maxUploadBytes: 1024 }));
    modelId = ((await call(em.url, '/model/add', { json: MODEL_BODY })).json as { modelid: string }).modelid;
  });
  afterAll(async () => {
    await em.close();
  });

  it('names every wrong-typed model field in one 422', async () => {
    const body = { ...MODEL_BODY, modelname: 7, hyperparameter: [{ parameter: 'lr', value: 0.1 }, 'x'], featurelist: [{ feature_name: 'a', kind: 'zero' }], modeltags: 'fast', drift_detection: null };
    const res = await call(em.url, '/model/add', { json: body });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({
      detail: [
        V('string_type', ['body', 'modelname'], 'Input should be a valid string', 7),
        V('int_from_float', ['body', 'hyperparameter', 0, 'value'], 'Input should be a valid integer, got a number with a fractional part', 0.1),
        V('model_type', ['body', 'hyperparameter', 1], 'Input should be a valid dictionary or instance of Hyperparameter', 'x', { class_name: 'Hyperparameter' }),
        V('int_parsing', ['body', 'featurelist', 0, 'kind'], 'Input should be a valid integer, unable to parse string as an integer', 'zero'),
        V('list_type', ['body', 'modeltags'], 'Input should be a valid list', 'fast'),
      ],
    });
  });

  it('rejects non-object bodies and bad JSON', async () => {
    const arr = await call(em.url, '/model/add', { json: [1] });
    expect(arr.json).toEqual({ detail: [V('model_attributes_type', ['body'], 'Input should be a valid dictionary or object to extract fields from', [1])] });
    const bad = await call(em.url, '/deployment/add', { body: '{"modelid": ', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(422);
    expect((bad.json as { detail: { type: string }[] }).detail[0]?.type).toBe('json_invalid');
  });

  it('answers unknown ids with the upstream 404 strings', async () => {
    expect((await call(em.url, '/model/nope', { method: 'DELETE' })).json).toEqual({ detail: 'Model was not found' });
    expect((await call(em.url, '/deployment/nope', { method: 'DELETE' })).json).toEqual({ detail: 'Deployment was not found' });
    expect((await call(em.url, '/deployment/get/status/nope')).json).toEqual({ detail: 'No deployment with matching id was found' });
    expect((await upload({ file_kind: 'model' }, 'x', 'nope')).json).toEqual({ detail: 'No model details found' });
    const op = await call(em.url, '/deployment/add/operation', { json: { ownerid: 'a', deploymentid: 'nope', modelid: modelId, data: '{}', result: '[1.]' } });
    expect([op.status, op.text]).toEqual([500, 'Internal Server Error']);
    expect(em.store.operations).toHaveLength(0);
  });

  it('validates operations (strings required, ISO timestamps)', async () => {
    const res = await call(em.url, '/deployment/add/operation', { json: { ownerid: 'a', deploymentid: 'd', modelid: 'm', data: { size: 1 }, timestamp: 'yesterday' } });
    expect(res.status).toBe(422);
    expect((res.json as { detail: { loc: Json }[] }).detail.map((d) => d.loc)).toEqual([
      ['body', 'data'],
      ['body', 'result'],
      ['body', 'timestamp'],
    ]);
  });

  it('rejects file_kind outside the enum, non-multipart bodies and text in place of the file', async () => {
    const kind = await upload({ file_kind: 'weights' }, 'x');
    expect(kind.json).toEqual({ detail: [V('enum', ['body', 'file_kind'], "Input should be 'model', 'data', 'code' or 'env'", 'weights', { expected: "'model', 'data', 'code' or 'env'" })] });
    const json = await call(em.url, `/model/${modelId}/upload`, { json: { file_kind: 'model' } });
    expect(json.json).toEqual({ detail: [V('missing', ['body', 'file'], 'Field required', null), V('missing', ['body', 'file_kind'], 'Field required', null)] });
    const text = await upload({ file_kind: 'model', file: 'not a file' }, null);
    expect(text.status).toBe(422);
    expect(em.store.files.size).toBe(0);
  });

  it('accepts an empty upload (as S3 does) and fails a huge one without registering it', async () => {
    const huge = await upload({ file_kind: 'data' }, Buffer.alloc(2048, 1));
    expect([huge.status, huge.json]).toEqual([500, { detail: 'Failed to upload file to S3' }]);
    expect(em.store.files.size).toBe(0);
    const empty = await upload({ file_kind: 'model' }, '');
    expect([empty.status, empty.json]).toEqual([201, { modelid: modelId, filekind: 'model', filename: `${modelId}.pkl`, contenttype: 'application/octet-stream' }]);
  });

  it('has no predict route and no container before the deployment runs', async () => {
    const dep = await call(em.url, '/deployment/add', { json: { modelid: modelId, ownerid: 'a', placement: { clusterID: '*' }, deployment_id: 'dep-x', inference_data: 0 } });
    expect(dep.status).toBe(201);
    expect((await call(em.url, '/deployment/dep-x/predict', { json: { data: [[1, 2]], explain: true } })).json).toEqual({ detail: 'Not Found' });
    expect((await call(em.url, '/inference/dep-x/prediction', { json: { data: { size: 1, time_of_day: 'x' } } })).status).toBe(404);
  });

  it('checks skip/limit types on every list route', async () => {
    const res = await call(em.url, '/deployment/all?skip=1&limit=ten');
    expect(res.json).toEqual({ detail: [V('int_parsing', ['query', 'limit'], 'Input should be a valid integer, unable to parse string as an integer', 'ten')] });
  });
});
