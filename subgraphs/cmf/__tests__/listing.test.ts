import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityRow } from '../../shared/model.js';
import type { ListOrder, ListRequest, ListResponse, SourcePosition } from '../../shared/sourceContract.js';
import { positionOf } from '../../shared/order.js';
import { codeOf, ctx, type Harness, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('C');
});
afterAll(async () => h.close());
beforeEach(async () => {
  await h.source.instance('cmf').invalidate();
  h.cmf.clearRequests();
});

type Req = Omit<ListRequest, 'instance' | 'after' | 'first' | 'order'> & { order?: ListOrder; first?: number };
const list = (req: Req, after: SourcePosition | null = null): Promise<ListResponse> =>
  h.contract.list({ instance: 'cmf', order: 'CREATED_AT_DESC', first: 50, ...req, after } as ListRequest, ctx);

/** Every page of `first` rows, following positions. */
async function all(req: Req): Promise<EntityRow[]> {
  const out: EntityRow[] = [];
  let after: SourcePosition | null = null;
  for (let i = 0; i < 50; i += 1) {
    const page = await list(req, after);
    out.push(...page.rows);
    const last = page.rows.at(-1);
    if (!page.hasMore || !last) return out;
    after = positionOf(last, req.order ?? 'CREATED_AT_DESC');
  }
  throw new Error('too many pages');
}

describe('listing CMF executions, artifacts and models', () => {
  it('pages executions of every pipeline newest first, with no duplicates or gaps', async () => {
    const rows = await all({ kind: 'task', filter: {}, first: 3 });
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.id)).size).toBe(8);
    const times = rows.map((r) => Date.parse(r.createdAt ?? ''));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(rows.slice(0, 4).every((r) => r.project === 'fraud-detection')).toBe(true);
    expect(rows[0]).toMatchObject({ __typename: 'CmfExecution', name: 'Evaluate_48ad', status: 'UNKNOWN', parameters: [], metrics: [expect.objectContaining({ name: 'avg_prec' }), expect.objectContaining({ name: 'roc_auc' })] });
    expect(rows[0]).not.toHaveProperty('raw');
    expect(rows[0]).not.toHaveProperty('executionUuid');
  });

  it('orders by name and oldest first', async () => {
    const byName = await all({ kind: 'task', filter: {}, order: 'NAME_ASC', first: 5 });
    expect(byName.map((r) => r.name)).toEqual(['Evaluate_48ad', 'Evaluate_48ad', 'Featurize_25c6', 'Featurize_25c6', 'Prepare_1afa', 'Prepare_1afa', 'Train_3f6f', 'Train_3f6f']);
    const oldest = await list({ kind: 'task', filter: {}, order: 'CREATED_AT_ASC', first: 1 });
    expect(oldest.rows[0]).toMatchObject({ name: 'Prepare_1afa', project: 'Test-env', createdAt: '2023-10-30T07:29:48.149Z' });
  });

  it('pulls each pipeline once for a whole traversal of every kind, then serves from the cache', async () => {
    await all({ kind: 'task', filter: {}, first: 2 });
    await all({ kind: 'artifact', filter: {}, first: 4 });
    await all({ kind: 'model', filter: {} });
    expect(h.cmf.pulls).toBe(2);
  });

  it('filters on the snapshot: pipelines, name, status, creation range, archived and tags', async () => {
    expect((await list({ kind: 'task', filter: { projects: ['Test-env'] } })).rows).toHaveLength(4);
    expect(h.cmf.pulls).toBe(1);
    expect((await list({ kind: 'task', filter: { nameContains: 'TRAIN' } })).rows.map((r) => r.project)).toEqual(['fraud-detection', 'Test-env']);
    expect((await list({ kind: 'task', filter: { status: ['COMPLETED'] } })).rows).toHaveLength(0);
    expect((await list({ kind: 'task', filter: { status: ['UNKNOWN'] } })).rows).toHaveLength(8);
    expect((await list({ kind: 'task', filter: { createdAfter: Date.parse('2023-10-30T07:31:00Z'), createdBefore: Date.parse('2023-10-31T00:00:00Z') } })).rows.map((r) => r.name)).toEqual(['Evaluate_48ad']);
    expect((await list({ kind: 'task', filter: { archived: true } })).rows).toHaveLength(0);
    expect((await list({ kind: 'task', filter: { archived: null } })).rows).toHaveLength(8);
    expect((await list({ kind: 'task', filter: { tags: ['x'] } })).rows).toHaveLength(0);
    expect((await list({ kind: 'task', filter: {} })).appliedFilters).toEqual([]);
  });

  it('lists Model artifacts as models and every other artifact as artifacts', async () => {
    const models = await list({ kind: 'model', filter: {} });
    expect(models.rows.map((r) => [r.__typename, r.name, r.project])).toEqual([
      ['CmfModel', 'artifacts/model/model.pkl', 'fraud-detection'],
      ['CmfModel', 'artifacts/model/model.pkl', 'Test-env'],
    ]);
    expect(models.rows[0]).toMatchObject({ framework: 'SKlearn', stages: null, metrics: [expect.objectContaining({ name: 'avg_prec', last: 0.9 }), expect.objectContaining({ name: 'roc_auc' })] });
    const artifacts = await all({ kind: 'artifact', filter: {}, first: 7 });
    expect(artifacts).toHaveLength(18);
    expect(artifacts.every((r) => r.__typename === 'CmfArtifact')).toBe(true);
  });

  it('filters models by framework and artifacts by type and hash', async () => {
    expect((await list({ kind: 'model', filter: { frameworks: ['SKlearn'], projects: ['Test-env'] } })).rows).toHaveLength(1);
    expect((await list({ kind: 'model', filter: { frameworks: ['PyTorch'] } })).rows).toHaveLength(0);
    expect((await list({ kind: 'model', filter: { stages: ['production'] } })).rows).toHaveLength(0);
    expect((await list({ kind: 'artifact', filter: { types: ['Metrics', 'Label'] } })).rows.map((r) => r.name).sort()).toEqual(['artifacts/labels.csv', 'artifacts/labels.csv', 'metrics', 'metrics']);
    const byHash = await list({ kind: 'artifact', filter: { hash: 'md5:236d9502e0283d91f689d7038b8508a2' } });
    expect(byHash.rows.map((r) => [r.name, r.project])).toEqual([
      ['artifacts/data.xml.gz', 'fraud-detection'],
      ['artifacts/data.xml.gz', 'Test-env'],
    ]);
  });

  it('answers NOT_SUPPORTED_BY_SOURCE for deployments, which CMF does not have', async () => {
    expect(await codeOf(list({ kind: 'deployment', filter: {} }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    const caps = await h.contract.capabilities(ctx);
    expect(caps.sources[0]).toMatchObject({ name: 'cmf', kind: 'CMF', version: 'generation C', emulated: true, health: { outcome: 'OK' } });
    expect(caps.sources[0]?.capabilities.find((c) => c.kind === 'deployment')).toMatchObject({ listable: false });
  });

  it('treats a pipeline deleted between /pipelines and its pull as empty, and fails on a CMF error', async () => {
    h.cmf.faults.set([{ match: '/mlmd_pull', status: 404, body: '{"detail":"Pipeline gone not found."}', contentType: 'application/json', times: 1 }]);
    expect((await list({ kind: 'task', filter: {} })).rows).toHaveLength(4);
    await h.source.instance('cmf').invalidate();
    h.cmf.faults.set([{ match: '/mlmd_pull', status: 500, times: 1 }]);
    expect(await codeOf(list({ kind: 'task', filter: {} }))).toBe('SOURCE_ERROR');
    h.cmf.faults.reset();
  });
});
