import { demoStory } from '../../../emulators/shared/index.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEED_DEPLOYMENT_ID, SEED_FRAUD_MODEL_ID, SEED_OPERATION_ID, SEED_REGRESSOR_MODEL_ID } from '../../../emulators/mlconnector/index.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { ListRequest } from '../../shared/sourceContract.js';
import { CTX, type Harness, startHarness } from './harness.js';

const fraud = `mlc:model:${SEED_FRAUD_MODEL_ID}`;
const regressor = `mlc:model:${SEED_REGRESSOR_MODEL_ID}`;
const seedDep = `mlc:deployment:${SEED_DEPLOYMENT_ID}`;
const seedOp = `mlc:operation:${SEED_OPERATION_ID}`;

const list = (kind: ListRequest['kind'], extra: Partial<ListRequest> = {}): ListRequest =>
  ({ instance: 'mlc', kind, order: 'NAME_ASC', first: 50, after: null, filter: {}, ...extra }) as ListRequest;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return errorCodeOf(err);
  }
}

describe('MLConnector source over the emulator (real fidelity)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it('lists models from a snapshot: no timestamps, pages by name', async () => {
    const page = await h.contract.list(list('model'), CTX);
    expect(page.rows.map((r) => r.name)).toEqual(['GradientBoostingRegressor', 'fraud-classifier']);
    expect(page.rows.every((r) => r.createdAt === null)).toBe(true);
    expect(page.appliedFilters).toEqual([]);
    const first = await h.contract.list(list('model', { first: 1 }), CTX);
    expect(first.hasMore).toBe(true);
    const row = first.rows[0];
    if (!row) throw new Error('no row');
    const next = await h.contract.list(list('model', { first: 1, after: { sortKey: row.name, id: row.id } }), CTX);
    expect(next.rows.map((r) => r.id)).toEqual([fraud]);
    expect(next.hasMore).toBe(false);
    const tagged = await h.contract.list({ ...list('model'), filter: { tags: ['fraud'] } } as ListRequest, CTX);
    expect(tagged.rows.map((r) => r.id)).toEqual([fraud]);
  });

  it('lists deployments with status and endpoint; the model is found through operations', async () => {
    const page = await h.contract.list(list('deployment'), CTX);
    expect(page.rows).toEqual([expect.objectContaining({ id: seedDep, status: 'RUNNING', createdAt: null })]);
    const [row] = (await h.contract.getByIds({ instance: 'mlc', kind: 'deployment', ids: [seedDep, 'mlc:deployment:nope'] }, CTX)).rows;
    expect(row).toMatchObject({ __typename: 'MLConnectorDeployment', endpoint: expect.stringMatching(/^http:\/\//) });
    const running = await h.contract.list({ ...list('deployment'), filter: { status: ['FAILED'] } } as ListRequest, CTX);
    expect(running.rows).toEqual([]);
  });

  it('answers getByIds and details in request order, null for unknown ids', async () => {
    const res = await h.contract.getByIds({ instance: 'mlc', kind: 'model', ids: [regressor, 'mlc:model:missing', fraud] }, CTX);
    expect(res.rows.map((r) => r?.id ?? null)).toEqual([regressor, null, fraud]);
    const det = await h.contract.details({ instance: 'mlc', kind: 'model', ids: [fraud] }, CTX);
    expect(det.details[0]).toMatchObject({ tags: ['fraud', demoStory.DEMO_LINK_CLEARML_TASK, demoStory.DEMO_LINK_CLEARML_MODEL], metrics: null });
  });

  it('serves native lineage model → deployment → operation', async () => {
    const down = await h.contract.edges({ instance: 'mlc', ids: [fraud], direction: 'DOWNSTREAM' }, CTX);
    expect(down.edges).toEqual([{ from: fraud, to: seedDep, relation: 'DEPLOYED_AS', evidence: 'native' }]);
    const both = await h.contract.edges({ instance: 'mlc', ids: [seedDep], direction: 'BOTH' }, CTX);
    expect(both.edges).toEqual(
      expect.arrayContaining([
        { from: fraud, to: seedDep, relation: 'DEPLOYED_AS', evidence: 'native' },
        { from: seedDep, to: seedOp, relation: 'SERVED', evidence: 'native' },
      ]),
    );
    const up = await h.contract.edges({ instance: 'mlc', ids: [seedOp], direction: 'UPSTREAM' }, CTX);
    expect(up.edges).toEqual([{ from: seedDep, to: seedOp, relation: 'SERVED', evidence: 'native' }]);
  });

  it('refuses tasks, artifact listings and series; reports capabilities and health', async () => {
    expect(await codeOf(h.contract.list(list('task'), CTX))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(h.contract.list(list('artifact'), CTX))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(h.contract.series({ instance: 'mlc', items: [] }, CTX))).toBe('NOT_SUPPORTED_BY_SOURCE');
    const caps = await h.contract.capabilities(CTX);
    const info = caps.sources[0];
    expect(info).toMatchObject({ name: 'mlc', kind: 'MLCONNECTOR', emulated: true, health: { outcome: 'OK' } });
    expect(info?.capabilities.find((c) => c.kind === 'artifact')?.listable).toBe(false);
    expect(info?.capabilities.find((c) => c.kind === 'task')?.listable).toBe(false);
  });
});
