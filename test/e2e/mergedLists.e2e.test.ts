/**
 * One ordered list of every kind across the four trackers (DESIGN §3, §5): full pages of 50 merged
 * under the total order, what each source's backend spent on them (calls and bytes), every filter
 * honoured by every source, and paging to the end with no duplicates or gaps while objects are created.
 * The demo seed has fewer than 50 models and deployments, so the file first registers models in ClearML
 * and MLConnector and deploys MLConnector models through GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backendUsage, type BackendUsage, clearBackendUsage, type TrackerName } from '../../scripts/stack.js';
import { SEED_FRAUD_MODEL_ID } from '../../emulators/mlconnector/seed.js';
import { encodeId } from '../../subgraphs/shared/ids.js';
import { compareRows } from '../../subgraphs/shared/order.js';
import { FILTER_FIELDS, type ListOrder } from '../../subgraphs/shared/sourceContract.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

type Kind = 'tasks' | 'models' | 'artifacts' | 'deployments';
const KINDS: readonly Kind[] = ['tasks', 'models', 'artifacts', 'deployments'];

interface Row {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string | null;
}
interface Page {
  readonly edges: readonly { readonly cursor: string; readonly node: Row }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly sources: readonly { readonly source: string; readonly outcome: string; readonly message: string | null }[];
}

const PAGE = (kind: Kind) => `query($first: Int!, $after: String, $order: ListOrder) {
  page: ${kind}(first: $first, after: $after, orderBy: $order) {
    edges { cursor node { id name createdAt } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome message }
  }
}`;

async function page(stack: Stack, kind: Kind, first: number, after: string | null = null, order: ListOrder = 'CREATED_AT_DESC'): Promise<Page> {
  const res = await gql<{ page: Page }>(stack, PAGE(kind), { first, after, order });
  expect(res.errors).toBeUndefined();
  return res.data?.page as Page;
}

const sourceOf = (id: string) => id.slice(0, id.indexOf(':'));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  // Fill models and deployments past one page: 12 models each in ClearML and MLConnector…
  for (const source of ['clearml', 'mlconnector']) {
    for (let i = 0; i < 12; i += 1) {
      const res = await gql(stack, `mutation($s: String!, $n: String!) { registerModel(input: { source: $s, project: "fraud-detection", name: $n, version: "1.0.${i}" }) { id } }`, { s: source, n: `merged-${source}-${i}` });
      expect(res.errors).toBeUndefined();
    }
  }
  // …and 48 more deployments of MLConnector's seeded model (MLConnector deploys only models with a file).
  const fraud = encodeId({ instance: 'mlconnector', kind: 'model', native: [SEED_FRAUD_MODEL_ID] });
  for (let i = 0; i < 48; i += 1) {
    const res = await gql(stack, `mutation($m: ID!, $n: String!) { createDeployment(input: { source: "mlconnector", modelId: $m, name: $n }) { id } }`, { m: fraud, n: `merged-${i}` });
    expect(res.errors).toBeUndefined();
  }
}, 60_000);
afterAll(async () => {
  await stack.close();
});

/** Budgets for one 50-row page per source, cold (snapshots built) and warm (served from caches). */
const COLD_CALLS: Readonly<Record<Kind, Partial<Record<TrackerName, number>>>> = {
  // ClearML reads one keyset page (plus the project index); Comet builds its experiment snapshot (one
  // list per project); CMF pulls each pipeline once.
  tasks: { clearml: 2, comet: 8, cmf: 8, mlconnector: 0 },
  // Comet's experiment models need one call per experiment (Comet has no listing of them): bounded by
  // the 60 seeded runs plus the registry.
  models: { clearml: 1, comet: 64, cmf: 0, mlconnector: 5 },
  artifacts: { clearml: 1, comet: 64, cmf: 0, mlconnector: 0 },
  deployments: { clearml: 1, comet: 0, cmf: 0, mlconnector: 5 },
};
const WARM_CALLS: Readonly<Record<Kind, Partial<Record<TrackerName, number>>>> = {
  // ClearML pages in its own order (one keyset read per page); the others serve from their snapshots.
  tasks: { clearml: 1, comet: 0, cmf: 0, mlconnector: 0 },
  models: { clearml: 1, comet: 0, cmf: 0, mlconnector: 0 },
  artifacts: { clearml: 0, comet: 0, cmf: 0, mlconnector: 0 },
  deployments: { clearml: 0, comet: 0, cmf: 0, mlconnector: 0 },
};
/** Bytes the backends may send for one page: ClearML's full task objects are the largest (≈3.4 kB each). */
const MAX_BYTES: Readonly<Record<TrackerName, number>> = { clearml: 256_000, comet: 64_000, cmf: 64_000, mlconnector: 32_000 };

const calls = (usage: Partial<Record<TrackerName, BackendUsage>>) => Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, v?.calls ?? 0]));

describe('a merged page of 50 of every kind', () => {
  for (const kind of KINDS) {
    it(`${kind}: 50 rows in the total order from every source that has them, within each source's backend budget`, async () => {
      clearBackendUsage(stack);
      // A fresh traversal right after the writes above: every snapshot a source needs is rebuilt here.
      const cold = await page(stack, kind, 50);
      const coldUsage = backendUsage(stack);
      expect(cold.edges).toHaveLength(50);
      expect(cold.pageInfo.hasNextPage).toBe(true);
      const rows = cold.edges.map((e) => ({ ...e.node }));
      expect([...rows].sort(compareRows('CREATED_AT_DESC')).map((r) => r.id)).toEqual(rows.map((r) => r.id));
      expect(new Set(rows.map((r) => r.id)).size).toBe(50);
      for (const [tracker, usage] of Object.entries(coldUsage)) {
        expect(usage?.calls ?? 0).toBeLessThanOrEqual(COLD_CALLS[kind][tracker as TrackerName] ?? 0);
        expect(usage?.bytes ?? 0).toBeLessThanOrEqual(MAX_BYTES[tracker as TrackerName]);
      }
      clearBackendUsage(stack);
      const warm = await page(stack, kind, 50);
      expect(warm.edges.map((e) => e.node.id)).toEqual(rows.map((r) => r.id));
      expect(calls(backendUsage(stack))).toEqual(WARM_CALLS[kind]);
    });
  }

  it('reports every source for every kind: OK where it lists the kind, SKIPPED where the tracker has none', async () => {
    const outcomes = Object.fromEntries(await Promise.all(KINDS.map(async (k) => [k, (await page(stack, k, 5)).sources.map((s) => `${s.source}:${s.outcome}`)] as const)));
    expect(outcomes).toEqual({
      tasks: ['clearml:OK', 'cmf:OK', 'comet:OK', 'mlconnector:SKIPPED'],
      models: ['clearml:OK', 'cmf:OK', 'comet:OK', 'mlconnector:OK'],
      artifacts: ['clearml:OK', 'cmf:OK', 'comet:OK', 'mlconnector:SKIPPED'],
      deployments: ['clearml:OK', 'cmf:SKIPPED', 'comet:SKIPPED', 'mlconnector:OK'],
    });
  });

  it('merges rows of several trackers into one page where their sort keys interleave', async () => {
    const byName = await page(stack, 'models', 50, null, 'NAME_ASC');
    expect(new Set(byName.edges.map((e) => sourceOf(e.node.id)))).toEqual(new Set(['clearml', 'comet', 'cmf', 'mlconnector']));
    const tasks = await page(stack, 'tasks', 50);
    expect(new Set(tasks.edges.map((e) => sourceOf(e.node.id)))).toEqual(new Set(['clearml', 'comet']));
  });
});

describe('filters', () => {
  it('are each honoured by every source that lists the kind: pushed down or applied on its snapshot', async () => {
    const res = await gql<{ sources: { name: string; capabilities: { kind: string; listable: boolean; filters: string[]; localFilters: string[] }[] }[] }>(
      stack,
      '{ sources { name capabilities { kind listable filters localFilters } } }',
    );
    expect(res.errors).toBeUndefined();
    for (const s of res.data?.sources ?? []) {
      for (const c of s.capabilities) {
        const all = FILTER_FIELDS[c.kind as keyof typeof FILTER_FIELDS];
        if (!c.listable) continue;
        expect({ source: s.name, kind: c.kind, honoured: [...c.filters, ...c.localFilters].sort() }).toEqual({ source: s.name, kind: c.kind, honoured: [...all].sort() });
      }
    }
  });

  it('are applied to every source\'s rows, including filters a tracker cannot push down', async () => {
    const res = await gql<{ tasks: { edges: { node: { id: string; name: string; tags: string[] | null } }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      '{ tasks(first: 200, filter: { tags: ["baseline"], nameContains: "0" }) { edges { node { id name tags } } sources { source outcome } } }',
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.tasks.edges.map((e) => e.node) ?? [];
    expect(new Set(nodes.map((n) => sourceOf(n.id)))).toEqual(new Set(['clearml', 'comet']));
    for (const n of nodes) {
      expect(n.tags).toContain('baseline');
      expect(n.name.toLowerCase()).toContain('0');
    }
    // CMF executions carry no tags: the filter matches none of them rather than being ignored.
    expect(res.data?.tasks.sources).toContainEqual({ source: 'cmf', outcome: 'OK' });
  });
});

describe('paging to the end while objects are created', () => {
  it('tasks oldest first: every task exactly once, and the ones created during the traversal at the end', async () => {
    const before = (await page(stack, 'tasks', 500, null, 'CREATED_AT_ASC')).edges.map((e) => e.node.id);
    const seen: string[] = [];
    const created: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 50; n += 1) {
      const p: Page = await page(stack, 'tasks', 25, after, 'CREATED_AT_ASC');
      seen.push(...p.edges.map((e) => e.node.id));
      // A new task in each of the trackers that take them, after every page.
      for (const source of ['clearml', 'comet']) {
        const res = await gql<{ createTask: { id: string } }>(stack, `mutation($s: String!, $n: String!) { createTask(input: { source: $s, project: "paging", name: $n }) { id } }`, { s: source, n: `paging-${source}-${n}` });
        expect(res.errors).toBeUndefined();
        created.push(res.data?.createTask.id ?? '');
      }
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, before.length)).toEqual(before);
    // Created before the traversal passed their place (the newest rows): every one but the last page's.
    const reachable = created.slice(0, -2);
    expect(seen.slice(before.length).sort()).toEqual([...reachable].sort());
  }, 60_000);

  it('models newest first: every model exactly once, none of those created meanwhile (they sort before the cursor)', async () => {
    const before = (await page(stack, 'models', 500)).edges.map((e) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 20; n += 1) {
      const p: Page = await page(stack, 'models', 10, after);
      seen.push(...p.edges.map((e) => e.node.id));
      const res = await gql(stack, `mutation($n: String!) { registerModel(input: { source: "clearml", project: "paging", name: $n }) { id } }`, { n: `paging-model-${n}` });
      expect(res.errors).toBeUndefined();
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(before);
  }, 60_000);
});

describe('bad input', () => {
  it('refuses a cursor from another kind, order or filter, a tampered one, and first above 500', async () => {
    const models = await page(stack, 'models', 5);
    const cursor = models.pageInfo.endCursor as string;
    for (const [kind, order] of [['artifacts', 'CREATED_AT_DESC'], ['models', 'NAME_ASC']] as const) {
      const res = await gql(stack, PAGE(kind), { first: 5, after: cursor, order });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
    const filtered = await gql(stack, `query($a: String) { models(first: 5, after: $a, filter: { tags: ["x"] }) { edges { cursor } } }`, { a: cursor });
    expect(filtered.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('A') ? 'B' : 'A'}${cursor.slice(-1)}`;
    expect((await gql(stack, PAGE('models'), { first: 5, after: tampered })).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    for (const kind of KINDS) expect((await gql(stack, PAGE(kind), { first: 501 })).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('refuses lineage of an unknown id and depth or maxNodes above the caps', async () => {
    const q = `query($of: ID!, $d: Int!, $m: Int!) { lineage(of: $of, depth: $d, maxNodes: $m) { root } }`;
    const known = (await page(stack, 'models', 1)).edges[0]?.node.id ?? '';
    expect((await gql(stack, q, { of: 'clearml:model:00000000000000000000000000000000', d: 3, m: 10 })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', source: 'clearml' });
    expect((await gql(stack, q, { of: 'nowhere:model:1', d: 3, m: 10 })).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((await gql(stack, q, { of: known, d: 11, m: 10 })).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((await gql(stack, q, { of: known, d: 3, m: 5001 })).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
