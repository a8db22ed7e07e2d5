/**
 * MLConnector as the deployment side of the unified model, through the gateway: its models, a
 * deployment created through GraphQL moving to RUNNING on the injected clock with its model known, a
 * prediction from it, and the /mlconnector mount choosing a deployment id that keeps the model known.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MLCONNECTOR_LIFECYCLE, SEED_FRAUD_MODEL_ID } from '../../emulators/mlconnector/index.js';
import { ManualClock } from '../../emulators/shared/index.js';
import { expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

const clock = new ManualClock(Date.parse('2026-03-01T10:00:00.000Z'));
const fraudModel = `mlconnector:model:${SEED_FRAUD_MODEL_ID}`;
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['mlconnector'], clock });
});
afterAll(async () => {
  await stack.close();
});

interface Deployment {
  id: string;
  status: string;
  endpoint: string | null;
  model: { id: string; name: string } | null;
}

describe('MLConnector through GraphQL', () => {
  it('lists its models, and SKIPs the task list it cannot give', async () => {
    const res = await gql<{ models: { edges: { node: { id: string; name: string } }[] }; tasks: { sources: { source: string; outcome: string }[] } }>(
      stack,
      `{ models(first: 10) { edges { node { id name } } } tasks(first: 1) { sources { source outcome } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.models.edges.map((e) => e.node.id)).toContain(fraudModel);
    expect(res.data?.tasks.sources).toEqual([{ source: 'mlconnector', outcome: 'SKIPPED' }]);
  });

  it('creates a deployment that knows its model, runs once MLConnector deploys it, and predicts', async () => {
    const created = await gql<{ createDeployment: { id: string; deployment: Deployment } }>(
      stack,
      `mutation($m: ID!) { createDeployment(input: { source: "mlconnector", modelId: $m, placement: { clusterId: "UTH-Prod-testbed", node: "node-1", continuum: "Edge" }, idempotencyKey: "d-1" }) { id deployment { id status endpoint model { id name } } } }`,
      { m: fraudModel },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createDeployment.deployment).toMatchObject({ status: 'PENDING', model: { id: fraudModel } });
    const id = created.data?.createDeployment.id ?? '';

    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs + 10_000);
    const running = await gql<{ deployment: Deployment; model: { deployments: { id: string }[] } }>(
      stack,
      `query($id: ID!, $m: ID!) { deployment(id: $id) { id status endpoint model { id } } model(id: $m) { deployments { id } } }`,
      { id, m: fraudModel },
    );
    expect(running.errors).toBeUndefined();
    expect(running.data?.deployment.status).toBe('RUNNING');
    expect(running.data?.model.deployments.map((d) => d.id)).toContain(id);

    const features = await gql<{ model: { features: { name: string; type: string; role: string }[] } }>(stack, `query($m: ID!) { model(id: $m) { ... on MLConnectorModel { features { name type role } } } }`, { m: fraudModel });
    const row = Object.fromEntries((features.data?.model.features ?? []).filter((f) => f.role === 'INPUT').map((f) => [f.name, f.type === 'cat' ? 'a' : 1.5]));
    const predicted = await gql<{ predict: { prediction: unknown } }>(stack, `mutation($id: ID!, $data: JSON!) { predict(deploymentId: $id, data: $data) { prediction } }`, { id, data: row });
    expect(predicted.errors).toBeUndefined();
    expect(predicted.data?.predict.prediction).not.toBeNull();
    expectGraphQLError(await gql(stack, `mutation($id: ID!) { predict(deploymentId: $id, data: { x: 1 }, explain: true) { prediction } }`, { id }), 'NOT_SUPPORTED_BY_SOURCE', 'mlconnector');
  });
});

describe('/mlconnector', () => {
  it('passes routes through with their status codes, filling an empty deployment_id so the model stays known', async () => {
    const base = `${stack.gateway.url}/mlconnector`;
    const all = await fetch(`${base}/model/all`);
    expect(all.status).toBe(200);
    const missing = await fetch(`${base}/model/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { detail: unknown[] }).detail.length).toBeGreaterThan(0);

    const added = await fetch(`${base}/deployment/add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modelid: SEED_FRAUD_MODEL_ID, ownerid: 'rest-client', placement: { clusterID: 'UTH-Prod-testbed', node: 'n2', continuum: 'Edge' }, deployment_id: '', inference_data: 0 }),
    });
    expect(added.status).toBe(201);
    const body = (await added.json()) as { deployment_id: string };
    expect(body.deployment_id).not.toBe('');
    const read = await gql<{ deployment: { model: { id: string } | null } }>(stack, `query($id: ID!) { deployment(id: $id) { model { id } } }`, { id: `mlconnector:deployment:${body.deployment_id}` });
    expect(read.errors).toBeUndefined();
    expect(read.data?.deployment.model?.id).toBe(fraudModel);
  });
});
