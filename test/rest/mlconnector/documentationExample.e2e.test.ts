/**
 * MLConnector's documentation example through the gateway's /mlconnector mount: in `documented`
 * fidelity it runs end to end (model, files, training, deployment, predict with explain); in `real`
 * fidelity the original payload gets the server's real 422 while the corrected one runs. Afterwards the
 * model and the deployment are visible through GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MLCONNECTOR_LIFECYCLE } from '../../../emulators/mlconnector/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { call, EXCHANGES, fixture, type Json, type JsonRecord, multipart } from '../../contract/mlconnector/helpers.js';
import { gql, type Stack, startStack } from '../../helpers/stack.js';

const README_MODEL = fixture('model-add.readme-example.json') as JsonRecord;
// The documentation's flow: a float threshold, no drift_detection (the real server refuses both).
const DOC_MODEL = { ...README_MODEL, modelperformance: [{ metric: 'F1', order: 1, threshold: 0.89 }] };
const TRAINING = EXCHANGES['mltraining_add_201_if_router_mounted'];

async function visible(stack: Stack, modelId: string, deploymentId: string): Promise<void> {
  const res = await gql<{ model: { id: string; name: string }; deployment: { id: string; status: string } }>(
    stack,
    `query($m: ID!, $d: ID!) { model(id: $m) { id name } deployment(id: $d) { id status } }`,
    { m: `mlconnector:model:${modelId}`, d: `mlconnector:deployment:${deploymentId}` },
  );
  expect(res.errors).toBeUndefined();
  expect(res.data?.model.name).toBe(README_MODEL['modelname']);
  expect(res.data?.deployment.id).toBe(`mlconnector:deployment:${deploymentId}`);
}

describe('documented fidelity', () => {
  const clock = new ManualClock(Date.parse('2026-03-02T10:00:00.000Z'));
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ trackers: ['mlconnector'], clock, mlconnectorFidelity: 'documented', seedEmulators: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('runs the documentation\'s example through /mlconnector, and GraphQL shows the model and the deployment', async () => {
    const base = `${stack.gateway.url}/mlconnector`;
    const model = await call(base, '/model/add', { json: DOC_MODEL });
    expect(model.status).toBe(201);
    const modelId = (model.json as JsonRecord)['modelid'] as string;
    for (const kind of ['model', 'data', 'code']) {
      const mp = multipart({ file_kind: kind }, { file: { filename: `f.${kind}`, contentType: 'application/octet-stream', content: 'bytes' } });
      expect((await call(base, `/model/${modelId}/upload`, { body: mp.body, headers: mp.headers })).status).toBe(201);
    }
    const trainBody = JSON.parse(JSON.stringify(TRAINING?.request.json).split('b2078e0e-e2f3-4870-840c-7f9fbf2ab76d').join(modelId)) as Json;
    expect((await call(base, '/mltraining/add', { json: trainBody })).status).toBe(201);
    const dep = await call(base, '/deployment/add', { json: { modelid: modelId, ownerid: 'agent-1', placement: { clusterID: '*', node: '*', continuum: true }, deployment_id: 'dep-doc', inference_data: 0 } });
    expect(dep.status).toBe(201);
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs + 1_000);
    const predicted = await call(base, '/deployment/dep-doc/predict', { json: { data: [[1024, 1, 2, 3, 4, 5]], explain: true } });
    expect(predicted.status).toBe(200);
    expect((predicted.json as { explanation: { method: string } }).explanation.method).toBe('shap');
    await visible(stack, modelId, 'dep-doc');
  });
});

describe('real fidelity', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ trackers: ['mlconnector'], seedEmulators: false });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('gives the documentation\'s payload the real 422s and runs the corrected one', async () => {
    const base = `${stack.gateway.url}/mlconnector`;
    const original = await call(base, '/model/add', { json: README_MODEL });
    expect(original.status).toBe(422);
    expect((original.json as { detail: { loc: Json }[] }).detail.map((d) => d.loc)).toEqual([['body', 'drift_detection']]);
    const floatThreshold = await call(base, '/model/add', { json: { ...DOC_MODEL, drift_detection: null } });
    expect((floatThreshold.json as { detail: { type: string }[] }).detail.map((d) => d.type)).toEqual(['int_from_float']);
    const corrected = await call(base, '/model/add', { json: { ...README_MODEL, drift_detection: null } });
    expect(corrected.status).toBe(201);
    const modelId = (corrected.json as JsonRecord)['modelid'] as string;
    const file = multipart({ file_kind: 'model' }, { file: { filename: 'model.pkl', contentType: 'application/octet-stream', content: 'bytes' } });
    expect((await call(base, `/model/${modelId}/upload`, { body: file.body, headers: file.headers })).status).toBe(201);
    // An empty deployment_id: the mount chooses one that names the model.
    const dep = await call(base, '/deployment/add', { json: { modelid: modelId, ownerid: 'agent-1', placement: { clusterID: 'UTH-Prod-testbed', node: 'n1', continuum: 'Edge' }, deployment_id: '', inference_data: 0 } });
    expect(dep.status).toBe(201);
    const deploymentId = (dep.json as JsonRecord)['deployment_id'] as string;
    await visible(stack, modelId, deploymentId);
    const linked = await gql<{ deployment: { model: { id: string } | null } }>(stack, `query($d: ID!) { deployment(id: $d) { model { id } } }`, { d: `mlconnector:deployment:${deploymentId}` });
    expect(linked.data?.deployment.model?.id).toBe(`mlconnector:model:${modelId}`);
  });
});
