/**
 * When a tracker is down, slow, or its subgraph fails on `_entities`, the rest of the answer still
 * comes back, with an error naming the source (DESIGN §5.2, reference/federation.md "Partial failure").
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, systemClock } from '../../emulators/shared/index.js';
import { expectCleanErrors, expectErrorBesideData, expectGraphQLError, gql, itOnSwitchyardGateway, type Stack, startStack } from '../helpers/stack.js';

interface Page {
  tasks: {
    edges: { node: { id: string; name: string; clearmlStatus?: string | null; experimentKey?: string | null } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    sources: { source: string; outcome: string; message: string | null }[];
  };
}

const LIST = `query($first: Int, $after: String) { tasks(first: $first, after: $after) {
  edges { node { id name ... on ClearMLTask { clearmlStatus } ... on CometExperiment { experimentKey } } }
  pageInfo { hasNextPage endCursor }
  sources { source outcome message }
} }`;

const clock = new ManualClock(Date.now());
let stack: Stack;
beforeAll(async () => {
  // Short backend timeouts make "slow" cheap to test; the clock lets each test start with cold caches.
  stack = await startStack({ clock, emulatorClock: systemClock, trackers: ['clearml', 'comet'], sourceTimeoutMs: { clearml: 400, comet: 400 } });
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  clock.advance(15 * 60_000);
  stack.emulators.clearml?.faults.reset();
  stack.emulators.comet?.faults.reset();
  stack.subgraphFaults.reset();
});

const outcomes = (p: Page | undefined) => Object.fromEntries((p?.tasks.sources ?? []).map((s) => [s.source, s.outcome]));
const fromSource = (p: Page | undefined, source: string) => (p?.tasks.edges ?? []).filter((e) => e.node.id.startsWith(`${source}:`));

describe('partial results', () => {
  it('returns ClearML rows and names Comet when Comet refuses connections', async () => {
    stack.emulators.comet?.faults.set([{ reset: true }]);
    const res = await gql<Page>(stack, LIST, { first: 20 });
    expect(fromSource(res.data ?? undefined, 'clearml')).toHaveLength(20);
    expect(outcomes(res.data ?? undefined)).toEqual({ clearml: 'OK', comet: 'ERROR' });
    expectErrorBesideData(res, 'SOURCE_UNAVAILABLE', 'comet');
    expectCleanErrors(res);
  });

  it('returns Comet rows and reports TIMEOUT when ClearML is slow', async () => {
    stack.emulators.clearml?.faults.set([{ match: 'tasks.get_all', delayMs: 3_000 }]);
    const res = await gql<Page>(stack, LIST, { first: 10 });
    expect(fromSource(res.data ?? undefined, 'comet')).toHaveLength(10);
    expect(outcomes(res.data ?? undefined)).toEqual({ clearml: 'TIMEOUT', comet: 'OK' });
    expectErrorBesideData(res, 'SOURCE_TIMEOUT', 'clearml');
  });

  itOnSwitchyardGateway('keeps every row and the other source\'s fields when the Comet subgraph answers 503 on _entities', async () => {
    stack.subgraphFaults.set('comet', (req) => (req.path === '/graphql' ? { status: 503, body: 'upstream down' } : undefined));
    const res = await gql<Page>(stack, LIST, { first: 20 });
    const page = res.data ?? undefined;
    expect(page?.tasks.edges).toHaveLength(20);
    expect(outcomes(page)).toEqual({ clearml: 'OK', comet: 'OK' });
    expect(fromSource(page, 'clearml').every((e) => typeof e.node.clearmlStatus === 'string')).toBe(true);
    const comet = fromSource(page, 'comet');
    expect(comet.length).toBeGreaterThan(0);
    expect(comet.every((e) => e.node.experimentKey === null && e.node.name.length > 0)).toBe(true);
    expectGraphQLError(res, 'SOURCE_UNAVAILABLE', 'comet');
    expectCleanErrors(res);
  });

  itOnSwitchyardGateway('gives up on a hung subgraph after its budget and keeps the rest of the answer', async () => {
    stack.subgraphFaults.set('clearml', (req) => (req.path === '/graphql' ? { status: 200, body: '{}', delayMs: 5_000 } : undefined));
    const res = await gql<Page>(stack, LIST, { first: 20 });
    const page = res.data ?? undefined;
    expect(page?.tasks.edges).toHaveLength(20);
    expect(fromSource(page, 'clearml').every((e) => e.node.clearmlStatus === null)).toBe(true);
    expect(fromSource(page, 'comet').every((e) => typeof e.node.experimentKey === 'string')).toBe(true);
    expectGraphQLError(res, 'SOURCE_TIMEOUT', 'clearml');
    expectCleanErrors(res);
  });

  it('keeps a failed source out of the rest of the traversal as SKIPPED', async () => {
    stack.emulators.comet?.faults.set([{ status: 503, body: 'down' }]);
    const first = await gql<Page>(stack, LIST, { first: 5 });
    expect(outcomes(first.data ?? undefined)).toEqual({ clearml: 'OK', comet: 'ERROR' });
    stack.emulators.comet?.faults.reset();
    const second = await gql<Page>(stack, LIST, { first: 5, after: first.data?.tasks.pageInfo.endCursor });
    expect(second.errors).toBeUndefined();
    expect(outcomes(second.data ?? undefined)).toEqual({ clearml: 'OK', comet: 'SKIPPED' });
    expect(second.data?.tasks.sources.find((s) => s.source === 'comet')?.message).toBe('failed earlier in this traversal');
    expect(fromSource(second.data ?? undefined, 'comet')).toHaveLength(0);
  });

  it('still lists ClearML when the Comet emulator is stopped outright', async () => {
    await stack.emulators.comet?.close();
    const res = await gql<Page>(stack, LIST, { first: 7 });
    expect(fromSource(res.data ?? undefined, 'clearml')).toHaveLength(7);
    expect(outcomes(res.data ?? undefined)['comet']).toBe('ERROR');
    expectErrorBesideData(res, 'SOURCE_UNAVAILABLE', 'comet');
    const sources = await gql<{ sources: { name: string; status: string }[] }>(stack, '{ sources { name status } }');
    expect(sources.data?.sources).toEqual([
      { name: 'clearml', status: 'OK' },
      { name: 'comet', status: 'ERROR' },
    ]);
  });
});
