/** The read half of the ClearML source contract for models, artifacts and serving endpoints, against the seeded emulator. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ArtifactRow, DeploymentRow, ModelRow } from '../../shared/model.js';
import { compareRows, positionOf } from '../../shared/order.js';
import type { ListRequest, ListResponse, SourcePosition } from '../../shared/sourceContract.js';
import { artifactId, ctx, type Harness, modelId, startHarness, taskId } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

type Req = Omit<ListRequest, 'instance' | 'after'>;

/** Every page of a traversal, following `next` when a page was cut short. */
async function traverse(req: Req): Promise<{ rows: ListResponse['rows']; pages: ListResponse[] }> {
  const pages: ListResponse[] = [];
  let after: SourcePosition | null = null;
  for (let i = 0; i < 50; i += 1) {
    const page = await h.contract.list({ ...req, instance: 'clearml', after } as ListRequest, ctx);
    pages.push(page);
    const last = page.rows[page.rows.length - 1];
    if (!page.hasMore) return { rows: pages.flatMap((p) => p.rows), pages };
    after = page.next ?? (last ? positionOf(last, req.order) : null);
  }
  throw new Error('did not finish');
}

describe('ClearML models', () => {
  it('pages every model in each order without duplicates or gaps', async () => {
    for (const order of ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'] as const) {
      const { rows } = await traverse({ kind: 'model', filter: {}, order, first: 4 });
      expect(rows).toHaveLength(17);
      expect(new Set(rows.map((r) => r.id)).size).toBe(17);
      expect(rows).toEqual([...rows].sort(compareRows(order)));
    }
  });

  it('reads first + 1 models for a first page, in one models.get_all', async () => {
    h.em.clearRequests();
    const page = await h.contract.list({ instance: 'clearml', kind: 'model', filter: {}, order: 'CREATED_AT_DESC', first: 3, after: null }, ctx);
    expect(page.scanned).toBe(4);
    expect(h.em.requests.filter((r) => r.path.endsWith('models.get_all'))).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ __typename: 'ClearMLModel', name: 'train-xgb-054-model', project: 'fraud-detection', framework: 'XGBoost', stages: ['draft'] });
  });

  it('pushes stage, framework, project and name filters down', async () => {
    const published = await traverse({ kind: 'model', filter: { stages: ['published'] }, order: 'NAME_ASC', first: 50 });
    expect(published.rows.map((r) => r.name)).toEqual(['train-xgb-004-model', 'train-xgb-012-model', 'train-xgb-020-model', 'train-xgb-036-model', 'train-xgb-044-model', 'train-xgb-052-model']);
    expect(published.pages[0]?.appliedFilters).toContain('stages');
    const none = await h.contract.list({ instance: 'clearml', kind: 'model', filter: { frameworks: ['PyTorch'] }, order: 'CREATED_AT_DESC', first: 5, after: null }, ctx);
    expect(none.rows).toEqual([]);
    const named = await h.contract.list({ instance: 'clearml', kind: 'model', filter: { nameContains: 'XGB-05', projects: ['fraud-detection'] }, order: 'NAME_ASC', first: 5, after: null }, ctx);
    expect(named.rows.map((r) => r.name)).toEqual(['train-xgb-052-model', 'train-xgb-054-model']);
  });

  it('gets models by id in request order with one models.get_all, null for unknown ones', async () => {
    await h.contract.invalidate({ instance: 'clearml' }, ctx);
    h.em.clearRequests();
    const ids = [modelId('train-xgb-044-model'), 'clearml:model:ffffffffffffffffffffffffffffffff', modelId('train-xgb-000-model')];
    const { rows } = await h.contract.getByIds({ instance: 'clearml', kind: 'model', ids }, ctx);
    expect(rows.map((r) => r?.name ?? null)).toEqual(['train-xgb-044-model', null, 'train-xgb-000-model']);
    expect((rows[0] as ModelRow).stages).toEqual(['published']);
    expect(h.em.requests.filter((r) => r.path.endsWith('models.get_all'))).toHaveLength(1);
    const { details } = await h.contract.details({ instance: 'clearml', kind: 'model', ids }, ctx);
    expect(details[0]).toMatchObject({ tags: ['demo'], raw: { id: expect.any(String), labels: { legit: 0, fraud: 1 } } });
    expect(details[1]).toBeNull();
  });
});

describe('ClearML artifacts', () => {
  it('lists the artifacts of non-archived tasks from one snapshot, newest first', async () => {
    const { rows, pages } = await traverse({ kind: 'artifact', filter: {}, order: 'CREATED_AT_DESC', first: 20 });
    expect(rows.length).toBeGreaterThan(40);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows).toEqual([...rows].sort(compareRows('CREATED_AT_DESC')));
    expect(pages.every((p) => p.partial === undefined)).toBe(true);
    expect(rows.every((r) => (r as ArtifactRow).hash?.startsWith('sha256:'))).toBe(true);
  });

  it('filters by type, hash and name on the snapshot and by project in ClearML', async () => {
    const [first] = (await h.contract.getByIds({ instance: 'clearml', kind: 'artifact', ids: [artifactId('train-xgb-032', 'training-data', 'input')] }, ctx)).rows as ArtifactRow[];
    expect(first).toMatchObject({ name: 'training-data', type: 'pandas', project: 'churn', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const same = await traverse({ kind: 'artifact', filter: { hash: first?.hash ?? '', projects: ['churn'] }, order: 'NAME_ASC', first: 100 });
    expect(same.rows.length).toBeGreaterThan(1);
    expect(same.rows.every((r) => r.name === 'training-data' && r.project === 'churn')).toBe(true);
    expect(same.pages[0]?.appliedFilters).toEqual(['projects']);
    const features = await traverse({ kind: 'artifact', filter: { nameContains: 'FEAT', types: ['pandas'] }, order: 'NAME_ASC', first: 100 });
    expect(features.rows.length).toBeGreaterThan(0);
    expect(features.rows.every((r) => r.name === 'features')).toBe(true);
  });

  it('gets artifacts by id through their task, null for unknown keys and modes', async () => {
    const ids = [artifactId('train-xgb-032', 'predictions', 'output'), artifactId('train-xgb-032', 'predictions', 'input'), artifactId('train-xgb-032', 'nope', 'output')];
    const { rows } = await h.contract.getByIds({ instance: 'clearml', kind: 'artifact', ids }, ctx);
    expect(rows.map((r) => r?.id ?? null)).toEqual([ids[0], null, null]);
    const { details } = await h.contract.details({ instance: 'clearml', kind: 'artifact', ids: ids.slice(0, 1) }, ctx);
    expect(details[0]).toMatchObject({ raw: { key: 'predictions', mode: 'output' } });
  });
});

describe('ClearML serving endpoints', () => {
  it('lists the seeded endpoints as running deployments and filters them', async () => {
    const { rows } = await traverse({ kind: 'deployment', filter: {}, order: 'NAME_ASC', first: 1 });
    expect(rows.map((r) => [r.name, (r as DeploymentRow).status])).toEqual([
      ['churn-scorer', 'RUNNING'],
      ['fraud-detector', 'RUNNING'],
    ]);
    expect((rows[1] as DeploymentRow).placement).toEqual({ instances: 2 });
    const stopped = await h.contract.list({ instance: 'clearml', kind: 'deployment', filter: { status: ['STOPPED'] }, order: 'CREATED_AT_DESC', first: 5, after: null }, ctx);
    expect(stopped.rows).toEqual([]);
    const named = await h.contract.list({ instance: 'clearml', kind: 'deployment', filter: { nameContains: 'FRAUD' }, order: 'CREATED_AT_DESC', first: 5, after: null }, ctx);
    expect(named.rows.map((r) => r.id)).toEqual(['clearml:serving:fraud-detector']);
  });

  it('gets endpoints by id from one serving.get_endpoints', async () => {
    const { rows } = await h.contract.getByIds({ instance: 'clearml', kind: 'deployment', ids: ['clearml:serving:fraud-detector', 'clearml:serving:gone', taskId('train-xgb-032')] }, ctx);
    expect(rows.map((r) => r?.name ?? null)).toEqual(['fraud-detector', null, null]);
    expect((rows[0] as DeploymentRow).endpoint).toMatch(/\/serve\/fraud-detector$/);
  });
});

describe('ClearML capabilities', () => {
  it('lists every kind with its orders, pushed filters and writes', async () => {
    const { sources } = await h.contract.capabilities(ctx);
    expect(sources[0]?.health.outcome).toBe('OK');
    expect(sources[0]?.capabilities.map((c) => [c.kind, c.listable, c.byIds])).toEqual([
      ['task', true, true],
      ['model', true, true],
      ['artifact', true, true],
      ['deployment', true, true],
    ]);
    expect(sources[0]?.capabilities[0]?.writes).toEqual(['createTask', 'logMetrics', 'logParameters', 'setTaskStatus', 'setTaskArchived', 'addTags']);
    expect(sources[0]?.capabilities[1]?.writes).toEqual(['registerModel', 'setModelStages', 'addTags']);
  });
});
