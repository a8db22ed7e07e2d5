/**
 * Each tracker failing in turn (its emulator answering 503 to everything, caches cold): every list and a
 * lineage walk still answer with the other trackers' data, name the failed source in `sources`, and
 * (for lists) in an error carrying `extensions.source`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CMF_SEED_FRAUD_DATASET_MD5 } from '../../emulators/cmf/seed.js';
import { demoStory } from '../../emulators/shared/index.js';
import type { TrackerName } from '../../scripts/stack.js';
import { encodeId } from '../../subgraphs/shared/ids.js';
import { expectBesideData, expectCleanErrors, gql, type Stack, startStack } from '../helpers/stack.js';

type Kind = 'tasks' | 'models' | 'artifacts' | 'deployments';
const TRACKERS: readonly TrackerName[] = ['clearml', 'comet', 'cmf', 'mlconnector'];
/** Which trackers list which kinds (the others answer SKIPPED whatever their health). */
const LISTS: Readonly<Record<Kind, readonly TrackerName[]>> = {
  tasks: ['clearml', 'comet', 'cmf'],
  models: ['clearml', 'comet', 'cmf', 'mlconnector'],
  artifacts: ['clearml', 'comet', 'cmf'],
  deployments: ['clearml', 'mlconnector'],
};
const DATASET = encodeId({ instance: 'cmf', kind: 'artifact', native: ['fraud-detection', `data/transactions-2026-01.parquet:${CMF_SEED_FRAUD_DATASET_MD5}`] });

interface Listing {
  readonly edges: readonly { readonly node: { readonly id: string } }[];
  readonly sources: readonly { readonly source: string; readonly outcome: string }[];
}
interface LineageAnswer {
  readonly nodes: readonly ({ readonly id: string } | null)[];
  readonly sources: readonly { readonly source: string; readonly outcome: string; readonly message: string | null }[];
}

describe.each(TRACKERS)('with %s down', (down) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    stack.emulators[down]?.faults.set([{ status: 503, body: 'upstream connect error', contentType: 'text/plain' }]);
  });
  afterAll(async () => {
    await stack.close();
  });

  it.each(['tasks', 'models', 'artifacts', 'deployments'] as const)('%s: the other trackers answer, the failed one is named', async (kind) => {
    const res = await gql<Record<Kind, Listing>>(stack, `{ ${kind}(first: 30) { edges { node { id } } sources { source outcome } } }`);
    const listing = res.data?.[kind] as Listing;
    const lists = LISTS[kind];
    const outcomes = Object.fromEntries(listing.sources.map((s) => [s.source, s.outcome]));
    // The failed tracker is ERROR until repeated failures open its circuit breaker, CIRCUIT_OPEN after.
    for (const t of TRACKERS) expect([t, outcomes[t]]).toEqual([t, !lists.includes(t) ? 'SKIPPED' : t === down ? expect.stringMatching(/^(ERROR|CIRCUIT_OPEN)$/) : 'OK']);
    const served = new Set(listing.edges.map((e) => e.node.id.slice(0, e.node.id.indexOf(':'))));
    expect(served.has(down)).toBe(false);
    expect(listing.edges.length).toBeGreaterThan(0);
    if (lists.includes(down)) {
      expectBesideData((res.errors ?? []).map((e) => e.extensions?.['source']), [down]);
      for (const e of res.errors ?? []) expect(e.extensions?.['code']).toMatch(/^SOURCE_(UNAVAILABLE|ERROR)$/);
      expectCleanErrors(res);
    } else {
      expect(res.errors).toBeUndefined();
    }
  });

  it('a lineage walk answers the other trackers and names the failed one', async () => {
    // Walk from an object of a healthy tracker that links to every other tracker in the demo story.
    const [root, direction] = down === 'clearml' ? [DATASET, 'DOWNSTREAM'] : [demoStory.DEMO_LINK_CLEARML_TASK, 'BOTH'];
    const res = await gql<{ lineage: LineageAnswer }>(stack, `query($of: ID!, $d: LineageDirection!) { lineage(of: $of, direction: $d, depth: 4) { nodes { id } sources { source outcome message } } }`, { of: root, d: direction });
    expect(res.errors).toBeUndefined();
    const lineage = res.data?.lineage as LineageAnswer;
    const outcomes = Object.fromEntries(lineage.sources.map((s) => [s.source, s.outcome]));
    expect(outcomes[down]).toMatch(/^(ERROR|CIRCUIT_OPEN)$/);
    const healthy = TRACKERS.filter((t) => t !== down && outcomes[t] !== undefined);
    for (const t of healthy) expect([t, outcomes[t]]).toEqual([t, 'OK']);
    // The walk went past the root through the healthy trackers' edges.
    const reached = new Set(lineage.nodes.flatMap((n) => (n ? [n.id.slice(0, n.id.indexOf(':'))] : [])));
    expect(reached.size).toBeGreaterThanOrEqual(down === 'clearml' ? 1 : 2);
    expect(lineage.nodes.length).toBeGreaterThan(3);
    expect(JSON.stringify(lineage.sources)).not.toMatch(/127\.0\.0\.1|localhost/);
  });
});
