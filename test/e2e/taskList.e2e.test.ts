/**
 * The merged, paged task list across ClearML and Comet, over real HTTP on loopback: order, cursors,
 * filters, and the caller's mistakes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClearMLSeed } from '../../emulators/clearml/index.js';
import { buildCometSeed } from '../../emulators/comet/index.js';
import { expectCleanErrors, expectGraphQLError, gql, type GraphQLResponse, type Stack, startStack } from '../helpers/stack.js';

interface Edge {
  cursor: string;
  node: { id: string; name: string; createdAt: string | null; status: string; project: string | null; tags: string[] | null; archived: boolean };
}
interface Page {
  tasks: { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; sources: { source: string; outcome: string }[] };
}

const LIST = `query($first: Int, $after: String, $orderBy: ListOrder, $filter: TaskFilter) {
  tasks(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    edges { cursor node { id name createdAt status project tags archived } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

const clearmlSeed = buildClearMLSeed().tasks;
const cometSeed = buildCometSeed().experiments;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
});
afterAll(async () => {
  await stack.close();
});

async function all(variables: Record<string, unknown>): Promise<Edge[]> {
  const out: Edge[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i += 1) {
    const res: GraphQLResponse<Page> = await gql<Page>(stack, LIST, { ...variables, after });
    expect(res.errors).toBeUndefined();
    const page: Page['tasks'] | undefined = res.data?.tasks;
    if (!page) throw new Error('no page');
    out.push(...page.edges);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
  throw new Error('did not finish');
}

describe('tasks', () => {
  it('merges both trackers newest first in one page of 50, reporting both sources OK', async () => {
    const res = await gql<Page>(stack, LIST, { first: 50 });
    expect(res.errors).toBeUndefined();
    const page = res.data?.tasks;
    expect(page?.edges).toHaveLength(50);
    const times = page?.edges.map((e) => Date.parse(e.node.createdAt ?? '')) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const sources = new Set(page?.edges.map((e) => e.node.id.split(':')[0]));
    expect(sources).toEqual(new Set(['clearml', 'comet']));
    expect(page?.sources).toEqual([
      { source: 'clearml', outcome: 'OK' },
      { source: 'comet', outcome: 'OK' },
    ]);
    expect(page?.pageInfo.hasNextPage).toBe(true);
  });

  it('pages through every non-archived task of both trackers with no duplicates and no gaps', async () => {
    const edges = await all({ first: 37 });
    const ids = edges.map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = clearmlSeed.filter((t) => !(t['system_tags'] as string[]).includes('archived')).length + cometSeed.filter((e) => !e.archived).length;
    expect(ids).toHaveLength(expected);
    const keys = edges.map((e) => [Date.parse(e.node.createdAt ?? ''), e.node.id] as const);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1));
    expect(keys).toEqual(sorted);
  });

  it('keeps the total order ascending and by name, across pages', async () => {
    const asc = await all({ first: 45, orderBy: 'CREATED_AT_ASC', filter: { archived: null } });
    expect(asc).toHaveLength(clearmlSeed.length + cometSeed.length);
    const times = asc.map((e) => Date.parse(e.node.createdAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const byName = await all({ first: 33, orderBy: 'NAME_ASC' });
    const names = byName.map((e) => `${e.node.name}\u0000${e.node.id}`);
    expect(names).toEqual([...names].sort());
  });

  it('applies filters on both trackers', async () => {
    const churn = await all({ first: 100, filter: { projects: ['churn'] } });
    expect(churn.length).toBeGreaterThan(0);
    expect(churn.every((e) => e.node.project === 'churn')).toBe(true);
    expect(new Set(churn.map((e) => e.node.id.split(':')[0]))).toEqual(new Set(['clearml', 'comet']));

    const running = await all({ first: 100, filter: { status: ['RUNNING'] } });
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((e) => e.node.status === 'RUNNING')).toBe(true);

    const tagged = await all({ first: 100, filter: { tags: ['nightly'], sources: ['comet'] } });
    expect(tagged.length).toBe(cometSeed.filter((e) => !e.archived && e.tags.includes('nightly')).length);
    expect(tagged.every((e) => e.node.tags?.includes('nightly'))).toBe(true);

    const named = await all({ first: 100, filter: { nameContains: 'RUN-01' } });
    expect(named.map((e) => e.node.name).sort()).toEqual(cometSeed.filter((e) => !e.archived && e.name?.toLowerCase().includes('run-01')).map((e) => e.name).sort());

    const archived = await all({ first: 100, filter: { archived: true } });
    expect(archived).toHaveLength(6);
    expect(archived.every((e) => e.node.archived)).toBe(true);
  });

  it('answers BAD_USER_INPUT for first out of range, unknown sources and tampered or foreign cursors', async () => {
    for (const first of [0, 501, -1]) {
      const res = await gql(stack, LIST, { first });
      expectGraphQLError(res, 'BAD_USER_INPUT');
      expectCleanErrors(res);
    }
    expectGraphQLError(await gql(stack, LIST, { first: 5, filter: { sources: ['nope'] } }), 'BAD_USER_INPUT');
    const page = (await gql<Page>(stack, LIST, { first: 5 })).data?.tasks;
    const cursor = page?.pageInfo.endCursor ?? '';
    const [body, mac] = cursor.split('.');
    const tampered = `${Buffer.from(Buffer.from(body ?? '', 'base64url').toString().replace('"done"', '"start"').replace(/17\d{11}/, '1600000000000')).toString('base64url')}.${mac ?? ''}`;
    expectGraphQLError(await gql(stack, LIST, { first: 5, after: tampered }), 'BAD_USER_INPUT');
    expectGraphQLError(await gql(stack, LIST, { first: 5, after: 'not-a-cursor' }), 'BAD_USER_INPUT');
    const foreign = await gql(stack, LIST, { first: 5, after: cursor, filter: { projects: ['churn'] } });
    expectGraphQLError(foreign, 'BAD_USER_INPUT');
    expect(foreign.errors?.[0]?.message).toMatch(/different filter/);
  });
});
