/**
 * Portability (DESIGN §8): the checked-in supergraph served by Hive Gateway gives the same answers as
 * the Apollo gateway over the same running subgraphs. Every query runs on both; Hive's answer is also
 * checked on its own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHiveGateway, type RunningHiveGateway } from '../helpers/hiveGateway.js';
import { gql, type GraphQLResponse, type Stack, startStack } from '../helpers/stack.js';

type Row = { id: string; name: string; createdAt: string | null; status: string | null; project: string | null; clearmlStatus?: string | null; queueId?: string | null; experimentKey?: string | null; workspace?: string | null };
type Page = { tasks: { edges: { cursor?: string; node: Row | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; sources: { source: string; outcome: string }[] } };

const LIST = `query($after: String) {
  tasks(first: 50, after: $after) {
    edges { cursor node { id name createdAt status project ... on ClearMLTask { clearmlStatus queueId } ... on CometExperiment { experimentKey workspace } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;
const BY_ID = `query($id: ID!) { task(id: $id) { id name status ... on ClearMLTask { clearmlStatus script { entryPoint } } ... on CometExperiment { experimentKey running } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Task { name createdAt } } }`;
const SOURCE_ONLY = `query($id: ID!) { task(id: $id) { ... on ClearMLTask { clearmlStatus } } }`;
const TASK_ID_ONLY = `query($id: ID!) { task(id: $id) { id } }`;
const SOURCES = `{ sources { name kind status emulated } }`;

let stack: Stack;
let hive: RunningHiveGateway;

async function hiveGql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${hive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The same operation on both gateways. */
async function both<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ apollo: GraphQLResponse<T>; hive: GraphQLResponse<T> }> {
  const [apollo, h] = await Promise.all([gql<T>(stack, query, variables), hiveGql<T>(query, variables)]);
  return { apollo, hive: h };
}

const codes = (res: GraphQLResponse<unknown>) => (res.errors ?? []).map((e) => e.extensions?.['code']);
/**
 * What both gateways must agree on in an error. Extensions differ only in what Hive adds on its own
 * (`serviceName: "catalog"`).
 */
const errorCore = (res: GraphQLResponse<unknown>) =>
  (res.errors ?? []).map((e) => ({ message: e.message, path: e.path, code: e.extensions?.['code'], id: e.extensions?.['id'], source: e.extensions?.['source'] }));

let firstPage: Page['tasks'];

beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
  hive = await startHiveGateway(stack);
});
afterAll(async () => {
  await hive?.close();
  await stack?.close();
});

describe('the supergraph on Hive Gateway answers as on the Apollo gateway', () => {
  it('lists 50 tasks from both sources, newest first, with tracker-only fields', async () => {
    const { apollo, hive: h } = await both<Page>(LIST);
    expect(apollo.errors).toBeUndefined();
    expect(h.errors).toBeUndefined();
    expect(h.status).toBe(200);
    const tasks = h.data?.tasks;
    if (!tasks) throw new Error('Hive returned no tasks');
    // Cursors are signed by the catalog with the stack's cursor secret, so they match too.
    expect(h.data).toEqual(apollo.data);

    const rows = tasks.edges.map((e) => e.node);
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r !== null)).toBe(true);
    const nodes = rows as Row[];
    const clearml = nodes.filter((r) => r.id.startsWith('clearml:'));
    const comet = nodes.filter((r) => r.id.startsWith('comet:'));
    expect(clearml.length).toBeGreaterThan(0);
    expect(comet.length).toBeGreaterThan(0);
    expect(clearml.length + comet.length).toBe(50);
    expect(clearml.every((r) => typeof r.clearmlStatus === 'string' && !('experimentKey' in r))).toBe(true);
    expect(comet.every((r) => typeof r.experimentKey === 'string' && typeof r.workspace === 'string' && !('clearmlStatus' in r))).toBe(true);
    const times = nodes.map((r) => r.createdAt);
    expect(times.every((t) => typeof t === 'string')).toBe(true);
    for (let i = 1; i < times.length; i++) expect(Date.parse(times[i] as string)).toBeLessThanOrEqual(Date.parse(times[i - 1] as string));
    expect(tasks.pageInfo.hasNextPage).toBe(true);
    expect(typeof tasks.pageInfo.endCursor).toBe('string');
    expect(tasks.sources.map((s) => s.outcome)).toEqual(tasks.sources.map(() => 'OK'));
    expect(tasks.sources.map((s) => s.source).sort()).toEqual(['clearml', 'comet']);
    firstPage = tasks;
  });

  it('serves the second page after endCursor identically', async () => {
    const after = firstPage.pageInfo.endCursor;
    const { apollo, hive: h } = await both<Page>(LIST, { after });
    expect(apollo.errors).toBeUndefined();
    expect(h.errors).toBeUndefined();
    expect(h.data).toEqual(apollo.data);
    const rows = (h.data?.tasks.edges ?? []).map((e) => e.node as Row);
    expect(rows.length).toBeGreaterThan(0);
    const seen = new Set(firstPage.edges.map((e) => e.node?.id));
    expect(rows.filter((r) => seen.has(r.id))).toEqual([]);
    const last = firstPage.edges.at(-1)?.node?.createdAt as string;
    expect(Date.parse(rows[0]?.createdAt as string)).toBeLessThanOrEqual(Date.parse(last));
  });

  describe('by id', () => {
    const ids = () => {
      if (!firstPage) throw new Error('the list test did not run or failed');
      const clearmlId = firstPage.edges.find((e) => e.node?.id.startsWith('clearml:'))?.node?.id;
      const cometId = firstPage.edges.find((e) => e.node?.id.startsWith('comet:'))?.node?.id;
      if (!clearmlId || !cometId) throw new Error('the list lacks an id of each source');
      return { clearmlId, cometId };
    };

    it('task(id) with shared and tracker-only fields', async () => {
      const { clearmlId, cometId } = ids();
      for (const id of [clearmlId, cometId]) {
        const { apollo, hive: h } = await both<{ task: Record<string, unknown> | null }>(BY_ID, { id });
        expect({ id, errors: h.errors }).toEqual({ id, errors: undefined });
        expect(apollo.errors).toBeUndefined();
        expect(h.data).toEqual(apollo.data);
        expect(h.data?.task).toMatchObject({ id, name: expect.any(String) });
      }
      const c = await hiveGql<{ task: { clearmlStatus: string | null; script: unknown } }>(BY_ID, { id: clearmlId });
      expect(typeof c.data?.task.clearmlStatus).toBe('string');
      expect(c.data?.task.script).not.toBeNull();
      const m = await hiveGql<{ task: { experimentKey: string | null; running: boolean | null } }>(BY_ID, { id: cometId });
      expect(typeof m.data?.task.experimentKey).toBe('string');
      expect(typeof m.data?.task.running).toBe('boolean');
    });

    it('node(id) for both trackers', async () => {
      for (const id of Object.values(ids())) {
        const { apollo, hive: h } = await both<{ node: { id: string; name: string; createdAt: string } | null }>(NODE, { id });
        expect(h.errors).toBeUndefined();
        expect(apollo.errors).toBeUndefined();
        expect(h.data).toEqual(apollo.data);
        const listed = firstPage.edges.find((e) => e.node?.id === id)?.node;
        expect(h.data?.node).toEqual({ id, name: listed?.name, createdAt: listed?.createdAt });
      }
    });

    it('a source-only field alone', async () => {
      const { clearmlId } = ids();
      const { apollo, hive: h } = await both<{ task: { clearmlStatus: string | null } | null }>(SOURCE_ONLY, { id: clearmlId });
      expect(h.errors).toBeUndefined();
      expect(apollo.errors).toBeUndefined();
      expect(h.data).toEqual(apollo.data);
      expect(typeof h.data?.task?.clearmlStatus).toBe('string');
    });

    it('an unknown, well-formed id: null and NOT_FOUND', async () => {
      const id = 'clearml:task:00000000000000000000000000000000';
      for (const query of [BY_ID, TASK_ID_ONLY]) {
        const { apollo, hive: h } = await both<{ task: unknown }>(query, { id });
        expect(apollo.data?.task).toBeNull();
        expect(codes(apollo)).toContain('NOT_FOUND');
        expect({ query, data: h.data, errors: h.errors }).toMatchObject({ query, data: { task: null } });
        expect({ query, codes: codes(h) }).toEqual({ query, codes: expect.arrayContaining(['NOT_FOUND']) });
        expect(h.data).toEqual(apollo.data);
        expect(errorCore(h)).toEqual(errorCore(apollo));
      }
    });

    it('a malformed id: BAD_USER_INPUT', async () => {
      const { apollo, hive: h } = await both<{ task: unknown }>(BY_ID, { id: 'nope' });
      expect(apollo.data?.task ?? null).toBeNull();
      expect(codes(apollo)).toContain('BAD_USER_INPUT');
      expect(h.data?.task ?? null).toBeNull();
      expect({ data: h.data, errors: h.errors, codes: codes(h) }).toMatchObject({ codes: expect.arrayContaining(['BAD_USER_INPUT']) });
      expect(h.data).toEqual(apollo.data);
      expect(errorCore(h)).toEqual(errorCore(apollo));
    });
  });

  it('sends every request upstream: no in-flight dedup, no response cache', async () => {
    let catalogCalls = 0;
    stack.subgraphFaults.set('catalog', (req) => {
      if (req.path.endsWith('/graphql')) catalogCalls++;
      return undefined;
    });
    try {
      // Hive's default would collapse these three concurrent identical queries into one upstream call.
      const concurrent = await Promise.all([1, 2, 3].map(() => hiveGql<{ sources: unknown[] }>(SOURCES)));
      const again = await hiveGql<{ sources: unknown[] }>(SOURCES);
      expect([...concurrent, again].map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
      expect(catalogCalls).toBe(4);
    } finally {
      stack.subgraphFaults.set('catalog', undefined);
    }
  });

  it('models, deployments and lineage, with catalog-owned cross fields and ClearML-only fields', async () => {
    const q = `{
      models(first: 20) { edges { node { id name stages producedBy { id name } deployments { id name status } ... on ClearMLModel { ready } } } sources { source outcome } }
      deployments(first: 5) { edges { node { id name model { id name } ... on ClearMLServingEndpoint { instances } } } }
    }`;
    const { apollo, hive: h } = await both<{ models: { edges: { node: { id: string } }[] } }>(q);
    expect(apollo.errors).toBeUndefined();
    expect(h.errors).toBeUndefined();
    expect(h.data).toEqual(apollo.data);
    const first = apollo.data?.models.edges[0]?.node.id ?? '';
    const lin = `query($id: ID!) { lineage(of: $id, depth: 4) { root nodes { id ... on Task { name } } edges { from to relation } truncated sources { source outcome } } }`;
    const walk = await both(lin, { id: first });
    expect(walk.apollo.errors).toBeUndefined();
    expect(walk.hive.data).toEqual(walk.apollo.data);
  });

  it('sources', async () => {
    const { apollo, hive: h } = await both<{ sources: { name: string; kind: string; status: string; emulated: boolean }[] }>(SOURCES);
    expect(h.errors).toBeUndefined();
    expect(apollo.errors).toBeUndefined();
    expect(h.data).toEqual(apollo.data);
    expect(h.data?.sources.map((s) => s.name).sort()).toEqual(['clearml', 'comet']);
    expect(h.data?.sources.every((s) => s.emulated)).toBe(true);
  });
});
