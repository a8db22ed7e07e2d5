import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MLCONNECTOR_LIFECYCLE, SEED_DEPLOYMENT_ID, SEED_REGRESSOR_MODEL_ID } from '../../../emulators/mlconnector/index.js';
import { errorCodeOf } from '../../shared/errors.js';
import { modelOfDeploymentId } from '../deploymentIds.js';
import { createDeployment, deleteDeployment, predict, registerModelBody } from '../writes/index.js';
import { CTX, type Harness, startHarness } from './harness.js';

const regressor = `mlc:model:${SEED_REGRESSOR_MODEL_ID}`;
const seedDep = `mlc:deployment:${SEED_DEPLOYMENT_ID}`;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return errorCodeOf(err);
  }
}

describe('registerModel body', () => {
  it('always carries what the real server needs', () => {
    const body = registerModelBody({ op: 'registerModel', instance: 'mlc', name: 'm', version: '2', producedBy: 'clearml:task:abc', idempotencyKey: 'k1' });
    expect(body).toMatchObject({ modelname: 'm', modelkind: 'unspecified', drift_detection: null, trainingresource: [] });
    expect(body.hyperparameter?.length).toBeGreaterThan(0);
    expect('drift_detection' in body).toBe(true);
    expect(body.modeltags).toEqual(['version:2', 'clearml:task:abc', 'switchyard.idempotency:k1']);
  });
});

describe('MLConnector writes over the emulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('registerModel creates a model once per idempotency key', async () => {
    const a = await h.contract.write({ op: 'registerModel', instance: 'mlc', name: 'churn', framework: 'classification', tags: ['t1'], idempotencyKey: 'key-1' }, CTX);
    expect(a.id).toMatch(/^mlc:model:/);
    const b = await h.contract.write({ op: 'registerModel', instance: 'mlc', name: 'churn', framework: 'classification', tags: ['t1'], idempotencyKey: 'key-1' }, CTX);
    expect(b.id).toBe(a.id);
    const [row] = (await h.contract.getByIds({ instance: 'mlc', kind: 'model', ids: [a.id] }, CTX)).rows;
    expect(row).toMatchObject({ name: 'churn', tags: expect.arrayContaining(['t1', 'switchyard.idempotency:key-1']) });
    expect(await codeOf(h.contract.write({ op: 'createTask', instance: 'mlc', project: 'p', name: 'n' }, CTX))).toBe('NOT_SUPPORTED_BY_SOURCE');
  });

  it('createDeployment returns PENDING with a Switchyard-chosen id; the model stays known through the lifecycle', async () => {
    const created = await createDeployment(h.source, { modelId: regressor, placement: { clusterId: 'UTH-Internal-testbed', continuum: 'Edge' }, idempotencyKey: 'dep-1' });
    expect(created).toMatchObject({ status: 'PENDING', existing: false });
    expect(modelOfDeploymentId(created.deploymentId)).toBe(SEED_REGRESSOR_MODEL_ID);
    const again = await createDeployment(h.source, { modelId: regressor, placement: { clusterId: 'UTH-Internal-testbed', continuum: 'Edge' }, idempotencyKey: 'dep-1' });
    expect(again).toMatchObject({ id: created.id, existing: true });

    h.clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs + 1);
    h.source.instance('mlc').invalidate();
    const [row] = (await h.contract.getByIds({ instance: 'mlc', kind: 'deployment', ids: [created.id] }, CTX)).rows;
    expect(row).toMatchObject({ status: 'RUNNING' });
    const edges = await h.contract.edges({ instance: 'mlc', ids: [created.id], direction: 'UPSTREAM' }, CTX);
    expect(edges.edges).toEqual([{ from: regressor, to: created.id, relation: 'DEPLOYED_AS', evidence: 'native' }]);

    const out = await predict(h.source, { deploymentId: created.id, data: { size: 1024, time_of_day: 'morning' } });
    expect(out.result).toMatch(/^\[.*\]$/);
    expect(await codeOf(predict(h.source, { deploymentId: created.id, data: { size: 1 }, explain: true }))).toBe('NOT_SUPPORTED_BY_SOURCE');

    // The prediction's operation references the deployment: upstream refuses the delete (FK, 500).
    expect(await codeOf(deleteDeployment(h.source, { id: created.id }))).toBe('CONFLICT');
    // That 500 is MLConnector's answer, not MLConnector failing: however often, the breaker stays closed.
    const breaker = h.source.instance('mlc').connector.guard.breaker;
    for (let i = 0; i < breaker.settings.failures + 1; i += 1) expect(await codeOf(deleteDeployment(h.source, { id: created.id }))).toBe('CONFLICT');
    expect(breaker.state).toBe('closed');
  });

  it('deleteDeployment removes a deployment without operations, then answers NOT_FOUND', async () => {
    const created = await createDeployment(h.source, { modelId: regressor, placement: { clusterId: 'UTH-Internal-testbed' } });
    expect(await deleteDeployment(h.source, { id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await codeOf(deleteDeployment(h.source, { id: created.id }))).toBe('NOT_FOUND');
  });

  it('refuses predict on a deployment that is not running, unknown models and wrong id kinds', async () => {
    const created = await createDeployment(h.source, { modelId: regressor, placement: { clusterId: 'UTH-Internal-testbed' } });
    expect(await codeOf(predict(h.source, { deploymentId: created.id, data: { size: 1, time_of_day: 'x' } }))).toBe('CONFLICT');
    expect(await codeOf(predict(h.source, { deploymentId: 'mlc:deployment:unknown-id', data: {} }))).toBe('NOT_FOUND');
    expect(await codeOf(createDeployment(h.source, { modelId: 'mlc:model:missing' }))).toBe('NOT_FOUND');
    expect(await codeOf(createDeployment(h.source, { modelId: seedDep }))).toBe('BAD_USER_INPUT');
  });

  it('predicts on the seeded running deployment', async () => {
    const out = await predict(h.source, { deploymentId: seedDep, data: { amount: 10.5, merchant_category: 'grocery', hour: 9 } });
    expect(typeof out.result).toBe('string');
  });
});
