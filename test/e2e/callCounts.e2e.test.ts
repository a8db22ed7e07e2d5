/**
 * What one 50-task page costs: one catalog fetch, one source-contract list and one batched `_entities`
 * call per source, and (with warm caches) one backend read in ClearML and none in Comet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SubgraphName } from '../../scripts/stack.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

const PAGE = `{ tasks(first: 50) { edges { node { id name status createdAt ... on ClearMLTask { clearmlStatus queueId } ... on CometExperiment { experimentKey } } } sources { source outcome } } }`;

let stack: Stack;
const calls: Record<SubgraphName, string[]> = { catalog: [], clearml: [], comet: [], cmf: [], mlconnector: [] };
beforeAll(async () => {
  stack = await startStack();
  for (const name of ['catalog', 'clearml', 'comet', 'cmf', 'mlconnector'] as const) {
    stack.subgraphFaults.set(name, (req) => {
      calls[name].push(req.path);
      return undefined;
    });
  }
});
afterAll(async () => {
  await stack.close();
});

function reset(): void {
  for (const list of Object.values(calls)) list.length = 0;
  stack.emulators.clearml?.clearRequests();
  stack.emulators.comet?.clearRequests();
}

const backend = (name: 'clearml' | 'comet') => (stack.emulators[name]?.requests ?? []).map((r) => r.path.replace(/^\/v\d+\.\d+\//, '/'));

describe('a 50-task page', () => {
  it('costs one catalog fetch and one list plus one batched _entities call per source', async () => {
    reset();
    const res = await gql<{ tasks: { edges: { node: { clearmlStatus?: string; experimentKey?: string } }[] } }>(stack, PAGE);
    expect(res.errors).toBeUndefined();
    expect(res.data?.tasks.edges).toHaveLength(50);
    expect(calls).toEqual({
      catalog: ['/graphql'],
      clearml: ['/source/v1/list', '/graphql'],
      comet: ['/source/v1/list', '/graphql'],
      // CMF's executions carry no tracker-only field this query asks for: no _entities call.
      cmf: ['/source/v1/list'],
      // MLConnector has no tasks: the catalog still asks, and it answers NOT_SUPPORTED (SKIPPED).
      mlconnector: ['/source/v1/list'],
    });
    // Cold caches: ClearML logs in and reads the project index once; Comet builds its snapshot.
    expect(backend('clearml').sort()).toEqual(['/auth.login', '/projects.get_all', '/tasks.get_all']);
    expect(backend('comet').every((p) => /^\/api\/rest\/v2\/(workspaces|projects|experiments)$/.test(p))).toBe(true);
  });

  it('reads ClearML once and Comet not at all when the caches are warm', async () => {
    reset();
    const res = await gql(stack, PAGE);
    expect(res.errors).toBeUndefined();
    expect(calls).toEqual({ catalog: ['/graphql'], clearml: ['/source/v1/list', '/graphql'], comet: ['/source/v1/list', '/graphql'], cmf: ['/source/v1/list'], mlconnector: ['/source/v1/list'] });
    expect(backend('clearml')).toEqual(['/tasks.get_all']);
    expect(backend('comet')).toEqual([]);
  });
});
