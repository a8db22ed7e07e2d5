/**
 * `documented` fidelity: the documentation's end-to-end flow runs — the README model body without drift_detection,
 * a float threshold, training, a deployment with `continuum: true`, and `POST /deployment/{id}/predict` with
 * `explain` — while the same payloads get the recorded 422s/404s in `real` fidelity.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { MLCONNECTOR_LIFECYCLE, type MLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { call, EXCHANGES, fixture, type Json, type JsonRecord, multipart, startEmpty, UUID4 } from './helpers.js';

const README_MODEL = fixture('model-add.readme-example.json') as JsonRecord;
const DOC_MODEL = { ...README_MODEL, modelperformance: [{ metric: 'F1', order: 1, threshold: 0.89 }] };
const TRAINING = EXCHANGES['mltraining_add_201_if_router_mounted'];

describe('MLConnector emulator: documented fidelity', () => {
  let em: MLConnectorEmulator | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  it('runs the documented end-to-end example', async () => {
    const started = await startEmpty({ fidelity: 'documented' });
    em = started.em;
    const model = await call(em.url, '/model/add', { json: DOC_MODEL });
    expect(model.status).toBe(201);
    const modelId = (model.json as JsonRecord)['modelid'] as string;
    expect((model.json as JsonRecord)['drift_detection']).toBeNull();
    for (const kind of ['model', 'data', 'code']) {
      const mp = multipart({ file_kind: kind }, { file: { filename: `f.${kind}`, contentType: 'application/octet-stream', content: 'bytes' } });
      expect((await call(em.url, `/model/${modelId}/upload`, { body: mp.body, headers: mp.headers })).status).toBe(201);
    }
    const trainBody = JSON.parse(JSON.stringify(TRAINING?.request.json).split('b2078e0e-e2f3-4870-840c-7f9fbf2ab76d').join(modelId)) as Json;
    const train = await call(em.url, '/mltraining/add', { json: trainBody });
    expect(train.status).toBe(201);
    expect((train.json as JsonRecord)['deployment_id']).toMatch(UUID4);
    expect({ ...(train.json as JsonRecord), deployment_id: 'x' }).toEqual({ ...(TRAINING?.response.body as JsonRecord), modelid: modelId, deployment_id: 'x' });
    expect((await call(em.url, '/mltraining/add', { json: trainBody })).json).toEqual({ detail: 'ML model training instance is already running' });

    const dep = await call(em.url, '/deployment/add', { json: { modelid: modelId, ownerid: 'agent-1', placement: { clusterID: '*', node: '*', continuum: true }, deployment_id: 'dep-doc', inference_data: 0 } });
    expect([dep.status, (dep.json as JsonRecord)['status']]).toEqual([201, 'waiting']);
    const predict = { data: [[1024, 1, 2, 3, 4, 5]], explain: true };
    expect((await call(em.url, '/deployment/dep-doc/predict', { json: predict })).json).toEqual({ detail: 'Deployment is not running' });
    started.clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs);
    const res = await call(em.url, '/deployment/dep-doc/predict', { json: predict });
    expect(res.status).toBe(200);
    const body = res.json as { prediction: number[]; explanation: { feature_importance: number[]; method: string } };
    expect(body.prediction).toEqual([324.7]);
    expect(body.explanation.method).toBe('shap');
    expect(body.explanation.feature_importance).toHaveLength(6);
    expect((await call(em.url, '/deployment/get/opos/agent-1')).status).toBe(200);
    expect((await call(em.url, '/deployment/nope/predict', { json: predict })).json).toEqual({ detail: 'Deployment was not found' });
    expect((await call(em.url, '/deployment/dep-doc/predict', { json: { data: [[1]] } })).status).toBe(400);
  });

  it('gives the real 422s and 404s for the same payloads in real fidelity', async () => {
    em = (await startEmpty()).em;
    const readme = await call(em.url, '/model/add', { json: README_MODEL });
    expect((readme.json as { detail: { loc: Json }[] }).detail.map((d) => d.loc)).toEqual([['body', 'drift_detection']]);
    const doc = await call(em.url, '/model/add', { json: { ...DOC_MODEL, drift_detection: null } });
    expect((doc.json as { detail: { type: string }[] }).detail.map((d) => d.type)).toEqual(['int_from_float']);
    expect((await call(em.url, '/mltraining/add', { json: TRAINING?.request.json })).json).toEqual({ detail: 'Not Found' });
  });
});
