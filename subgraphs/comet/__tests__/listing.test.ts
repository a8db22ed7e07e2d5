import { afterEach, describe, expect, it } from '@jest/globals';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import { positionOf } from '../../shared/order.js';
import type { ListOrder, TaskListRequest, SourceContract, SourcePosition, TaskListFilter } from '../../shared/sourceContract.js';
import { createCometContract } from '../contract.js';
import { listTasks } from '../listing.js';
import { CometSource, SNAPSHOT_RUNNING_TTL_MS } from '../source.js';
import { API_KEY, BASE_MS, type FakeComet, type FakeData, type FakeExperiment, keyOf, makeData, startFakeComet } from './fakeComet.js';

const ctx = { principal: { id: 'tester', roles: [] }, requestId: 'req-1' };

interface Env {
  readonly comet: FakeComet;
  readonly data: FakeData;
  readonly cache: SourceCache;
  readonly source: CometSource;
  readonly contract: SourceContract;
  advance(ms: number): void;
}

let open: Env[] = [];

async function setup(options: { timeoutMs?: number; data?: FakeData } = {}): Promise<Env> {
  const data = options.data ?? makeData();
  const comet = await startFakeComet(data);
  let t = BASE_MS + 86_400_000;
  const clock = { now: () => t };
  const cache = await createSourceCache({}, clock);
  const source = new CometSource([{ name: 'comet', url: comet.url, apiKey: API_KEY, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) }], cache, clock);
  const env: Env = { comet, data, cache, source, contract: createCometContract(source, clock), advance: (ms) => (t += ms) };
  open.push(env);
  return env;
}

afterEach(async () => {
  for (const env of open) {
    await env.comet.close();
    await env.cache.close();
  }
  open = [];
});

function request(order: ListOrder, first: number, after: SourcePosition | null, filter: TaskListFilter = {}): TaskListRequest {
  return { instance: 'comet', kind: 'task', filter, order, first, after };
}

/** Follow the keyset the way the catalog does: the next position is the last row returned. */
async function pageAll(env: Env, order: ListOrder, first: number, filter: TaskListFilter = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: SourcePosition | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const res = await env.contract.list(request(order, first, after, filter), ctx);
    expect(res.rows.length).toBeLessThanOrEqual(first);
    expect(res.appliedFilters).toEqual([]);
    ids.push(...res.rows.map((r) => r.id));
    const last = res.rows.at(-1);
    if (last) after = positionOf(last, order);
    if (!res.hasMore) return ids;
  }
  throw new Error('paging did not end');
}

const cp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The expected order, computed independently of the source: key, then id, nulls last. */
function expectedIds(experiments: readonly FakeExperiment[], order: ListOrder): string[] {
  const rows = experiments.map(({ wire }) => ({
    id: `comet:experiment:${String(wire['experimentKey'])}`,
    created: wire['startTimeMillis'] as number | null,
    name: (wire['experimentName'] as string | null) ?? String(wire['experimentKey']),
  }));
  rows.sort((a, b) => {
    if (order === 'NAME_ASC') return cp(a.name, b.name) || cp(a.id, b.id);
    const desc = order === 'CREATED_AT_DESC' ? -1 : 1;
    if (a.created === null || b.created === null) {
      if (a.created !== b.created) return a.created === null ? 1 : -1;
    } else if (a.created !== b.created) return desc * (a.created - b.created);
    return desc * cp(a.id, b.id);
  });
  return rows.map((r) => r.id);
}

const visible = (data: FakeData) => data.experiments.filter((e) => e.wire['archived'] === false);

describe('Comet listing from the snapshot', () => {
  it.each<ListOrder>(['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'])('pages through every experiment by %s with no duplicates or gaps', async (order) => {
    const env = await setup();
    const ids = await pageAll(env, order, 4);
    expect(ids).toEqual(expectedIds(visible(env.data), order));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('builds the snapshot with one call per workspace list, project list and project×archived flag', async () => {
    const env = await setup();
    await env.contract.list(request('CREATED_AT_DESC', 5, null), ctx);
    expect(env.comet.count('/workspaces')).toBe(1);
    expect(env.comet.count('/projects')).toBe(2);
    expect(env.comet.count('/experiments')).toBe(6);
    expect(env.comet.requests).toHaveLength(9);
  });

  it('serves the next page from the cached snapshot without calling Comet', async () => {
    const env = await setup();
    const first = await env.contract.list(request('CREATED_AT_DESC', 5, null), ctx);
    env.comet.clearRequests();
    const last = first.rows.at(-1);
    if (!last) throw new Error('empty page');
    const second = await env.contract.list(request('CREATED_AT_DESC', 5, positionOf(last, 'CREATED_AT_DESC')), ctx);
    expect(second.rows).toHaveLength(5);
    expect(env.comet.requests).toHaveLength(0);
  });

  it('rebuilds the snapshot when its TTL has passed (shorter while experiments run) and after invalidation', async () => {
    const env = await setup();
    await env.contract.list(request('NAME_ASC', 5, null), ctx);
    env.comet.clearRequests();
    env.advance(SNAPSHOT_RUNNING_TTL_MS - 1);
    await env.contract.list(request('NAME_ASC', 5, null), ctx);
    expect(env.comet.requests).toHaveLength(0);
    env.advance(2);
    await env.contract.list(request('NAME_ASC', 5, null), ctx);
    expect(env.comet.requests).toHaveLength(9);
    env.comet.clearRequests();
    await env.contract.invalidate({ instance: 'comet' }, ctx);
    await env.contract.list(request('NAME_ASC', 5, null), ctx);
    expect(env.comet.requests).toHaveLength(9);
  });

  it('applies archived, projects, status, nameContains and the created range on the snapshot', async () => {
    const env = await setup();
    const all = env.data.experiments;
    const ids = (list: readonly FakeExperiment[]) => expectedIds(list, 'CREATED_AT_ASC');
    expect(await pageAll(env, 'CREATED_AT_ASC', 50, { archived: true })).toEqual(ids(all.filter((e) => e.wire['archived'] === true)));
    expect(await pageAll(env, 'CREATED_AT_ASC', 50, { archived: null })).toEqual(ids(all));
    expect(await pageAll(env, 'CREATED_AT_ASC', 7, { projects: ['nlp'] })).toEqual(ids(visible(env.data).filter((e) => e.wire['projectName'] === 'nlp')));
    expect(await pageAll(env, 'CREATED_AT_ASC', 7, { status: ['RUNNING'] })).toEqual(ids(visible(env.data).filter((e) => e.wire['running'] === true)));
    expect(await pageAll(env, 'CREATED_AT_ASC', 3, { nameContains: 'RUN-2' })).toEqual(ids(visible(env.data).filter((e) => e.wire['experimentName'] === 'run-2')));
    const [lo, hi] = [BASE_MS + 2000, BASE_MS + 4000];
    const inRange = visible(env.data).filter((e) => typeof e.wire['startTimeMillis'] === 'number' && (e.wire['startTimeMillis'] as number) >= lo && (e.wire['startTimeMillis'] as number) <= hi);
    expect(await pageAll(env, 'CREATED_AT_ASC', 2, { createdAfter: lo, createdBefore: hi })).toEqual(ids(inRange));
  });

  it('names an unnamed experiment by its key and sorts an experiment without start time last', async () => {
    const env = await setup();
    const page = await env.contract.list(request('CREATED_AT_DESC', 50, null), ctx);
    expect(page.rows.find((r) => r.origin.nativeId === keyOf(3))?.name).toBe(keyOf(3));
    expect(page.rows.at(-1)?.origin.nativeId).toBe(keyOf(5));
    expect(page.rows.at(-1)?.createdAt).toBeNull();
  });
});

describe('Comet tag filter', () => {
  it('finds every tagged experiment within the default budget, with tags on the rows', async () => {
    const env = await setup();
    const res = await env.contract.list(request('CREATED_AT_DESC', 50, null, { tags: ['best'] }), ctx);
    const expected = expectedIds(visible(env.data).filter((e) => e.tags.includes('best')), 'CREATED_AT_DESC');
    expect(res.rows.map((r) => r.id)).toEqual(expected);
    expect(res.hasMore).toBe(false);
    expect(res.partial).toBeUndefined();
    expect(res.rows.every((r) => 'tags' in r && r.tags?.includes('best'))).toBe(true);
  });

  it('returns a short partial page with hasMore when the tag-lookup budget runs out, and resumes from cached tags', async () => {
    const env = await setup();
    const inst = env.source.instance('comet');
    const req = request('CREATED_AT_ASC', 2, null, { tags: ['best'] });
    const first = await listTasks(inst, req, { tagLookupBudget: 5 });
    expect(first.partial).toMatch(/budget of 5/);
    expect(first.hasMore).toBe(true);
    expect(first.rows.length).toBeLessThan(2);
    expect(env.comet.count('/experiment/tags')).toBe(5);
    // The same page again looks further: the first five tags are cached now and cost nothing.
    const found: string[] = [];
    let after: SourcePosition | null = null;
    for (let calls = 0; calls < 50; calls += 1) {
      const res = await listTasks(inst, { ...req, after }, { tagLookupBudget: 5 });
      found.push(...res.rows.map((r) => r.id));
      const last = res.rows.at(-1);
      if (last) after = positionOf(last, 'CREATED_AT_ASC');
      if (!res.hasMore) break;
    }
    expect(found).toEqual(expectedIds(visible(env.data).filter((e) => e.tags.includes('best')), 'CREATED_AT_ASC'));
    expect(env.comet.count('/experiment/tags')).toBe(visible(env.data).length);
  });
});

describe('Comet listing failures', () => {
  it('answers SOURCE_UNAVAILABLE naming the source when Comet returns 503', async () => {
    const env = await setup();
    env.comet.faults.set([{ match: '/experiments', status: 503 }]);
    await expect(env.contract.list(request('CREATED_AT_DESC', 5, null), ctx)).rejects.toMatchObject({
      message: expect.stringContaining('"comet"'),
      extensions: { code: 'SOURCE_UNAVAILABLE', source: 'comet' },
    });
  });

  it('answers SOURCE_TIMEOUT when Comet is slower than the source timeout', async () => {
    const env = await setup({ timeoutMs: 100 });
    env.comet.faults.set([{ match: '/workspaces', delayMs: 1_000 }]);
    await expect(env.contract.list(request('CREATED_AT_DESC', 5, null), ctx)).rejects.toMatchObject({ extensions: { code: 'SOURCE_TIMEOUT', source: 'comet' } });
  });

  it('answers UNAUTHENTICATED when Comet rejects the backend key', async () => {
    const comet = await startFakeComet(makeData(3));
    const clock = { now: () => BASE_MS };
    const cache = await createSourceCache({}, clock);
    try {
      const source = new CometSource([{ name: 'comet', url: comet.url, apiKey: 'wrong' }], cache, clock);
      await expect(createCometContract(source, clock).list(request('NAME_ASC', 5, null), ctx)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', source: 'comet' } });
    } finally {
      await comet.close();
      await cache.close();
    }
  });
});
