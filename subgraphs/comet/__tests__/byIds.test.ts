import { afterEach, describe, expect, it } from '@jest/globals';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import type { SourceContract } from '../../shared/sourceContract.js';
import { createCometContract } from '../contract.js';
import { CometSource } from '../source.js';
import { API_KEY, BASE_MS, type FakeComet, keyOf, makeData, startFakeComet } from './fakeComet.js';

const ctx = { principal: { id: 'tester', roles: [] }, requestId: 'req-1' };
const idOf = (i: number) => `comet:experiment:${keyOf(i)}`;
const unknownId = `comet:experiment:${'f'.repeat(32)}`;

let comet: FakeComet;
let cache: SourceCache;

async function setup(count = 30, delayMs?: number): Promise<{ source: CometSource; contract: SourceContract }> {
  comet = await startFakeComet(makeData(count), delayMs !== undefined ? { delayMs } : {});
  const clock = { now: () => BASE_MS };
  cache = await createSourceCache({}, clock);
  const source = new CometSource([{ name: 'comet', url: comet.url, apiKey: API_KEY, emulated: true }], cache, clock);
  return { source, contract: createCometContract(source, clock) };
}

afterEach(async () => {
  await comet.close();
  await cache.close();
});

describe('Comet getByIds', () => {
  it('reads missing experiments through /experiment/metadata, in request order, null for unknown or foreign ids', async () => {
    const { contract } = await setup();
    const res = await contract.getByIds({ instance: 'comet', kind: 'task', ids: [idOf(2), unknownId, 'clearml:task:abc', idOf(1)] }, ctx);
    expect(res.rows.map((r) => r?.id ?? null)).toEqual([idOf(2), null, null, idOf(1)]);
    expect(res.rows[0]).toMatchObject({ __typename: 'CometExperiment', name: 'run-2', project: 'vision', status: 'COMPLETED', createdAt: '2024-01-01T00:00:00.000Z' });
    // Shared fields only on the contract's wire: Comet-only fields come through _entities.
    expect(res.rows[0]).not.toHaveProperty('experimentKey');
    expect(comet.count('/experiment/metadata')).toBe(3);
    // Read again: served from the per-experiment cache.
    comet.clearRequests();
    await contract.getByIds({ instance: 'comet', kind: 'task', ids: [idOf(2), idOf(1)] }, ctx);
    expect(comet.requests).toHaveLength(0);
  });

  it('answers from a cached list snapshot without per-experiment calls', async () => {
    const { contract } = await setup();
    await contract.list({ instance: 'comet', kind: 'task', filter: {}, order: 'NAME_ASC', first: 1, after: null }, ctx);
    comet.clearRequests();
    const res = await contract.getByIds({ instance: 'comet', kind: 'task', ids: [idOf(7), idOf(13)] }, ctx);
    expect(res.rows.map((r) => r?.id)).toEqual([idOf(7), idOf(13)]);
    expect(comet.requests).toHaveLength(0);
  });
});

describe('Comet details', () => {
  it('loads parameters and metric summaries; raw is the experiment metadata', async () => {
    const { contract } = await setup();
    const res = await contract.details({ instance: 'comet', kind: 'task', ids: [idOf(1), unknownId] }, ctx);
    expect(res.details[1]).toBeNull();
    expect(res.details[0]).toMatchObject({
      parameters: [{ section: null, name: 'f' }],
      metrics: [{ name: 'train_loss', variant: 'train', step: 0 }],
      raw: { experimentKey: keyOf(1), experimentName: 'run-1' },
    });
  });

  it('keeps at most eight calls in flight towards Comet', async () => {
    const { contract } = await setup(40, 5);
    const ids = Array.from({ length: 40 }, (_, i) => idOf(i));
    const res = await contract.details({ instance: 'comet', kind: 'task', ids }, ctx);
    expect(res.details.every((d) => d !== null)).toBe(true);
    expect(comet.count('/experiment/metadata')).toBe(40);
    expect(comet.count('/experiment/tags')).toBe(40);
    expect(comet.maxInFlight).toBeLessThanOrEqual(8);
    expect(comet.maxInFlight).toBeGreaterThan(1);
  });
});

describe('Comet capabilities', () => {
  it('reports every kind with no pushed-down filters, its writes, deployments unlistable, and a health probe', async () => {
    const { contract } = await setup(1);
    const res = await contract.capabilities(ctx);
    const orderBy = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'];
    expect(res.sources).toEqual([
      {
        name: 'comet',
        kind: 'COMET',
        version: null,
        emulated: true,
        health: { outcome: 'OK', message: null, latencyMs: 0 },
        capabilities: [
          { kind: 'task', listable: true, orderBy, filters: [], byIds: true, writes: ['createTask', 'logMetrics', 'logParameters', 'setTaskStatus', 'setTaskArchived', 'addTags'] },
          { kind: 'model', listable: true, orderBy, filters: [], byIds: true, writes: ['registerModel', 'setModelStages'] },
          { kind: 'artifact', listable: true, orderBy, filters: [], byIds: true, writes: [] },
          { kind: 'deployment', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
        ],
      },
    ]);
    expect(comet.count('/account-details')).toBe(1);
  });
});
