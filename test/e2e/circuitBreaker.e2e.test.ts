/**
 * The circuit breaker per source instance (DESIGN §7), for each tracker in turn: repeated 503s open
 * it, an open breaker answers at once (outcome CIRCUIT_OPEN, SOURCE_UNAVAILABLE naming the source, no
 * backend call) while the other trackers answer in full, it stays open for its cool-down even when the
 * tracker is back, and recovers after the cool-down on the injected clock — or re-opens when the trial
 * call fails. No real time passes: the breakers read the stack's ManualClock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, systemClock } from '../../emulators/shared/index.js';
import { embeddedConfig } from '../../gateway/config/index.js';
import { backendUsage, clearBackendUsage, type TrackerName } from '../../scripts/stack.js';
import { breakerState } from '../../subgraphs/shared/metrics.js';
import { codedErrors, emulatorOf, expectBesideData, expectCleanErrors, firstModelPerSource, gql, type GraphQLResponse, type Stack, startStack } from '../helpers/stack.js';

const TRACKERS: readonly TrackerName[] = ['clearml', 'comet', 'cmf', 'mlconnector'];
const BREAKER = { failures: 3, coolDownMs: 60_000 };
const DOWN = [{ status: 503, body: 'upstream connect error', contentType: 'text/plain' }] as const;
const LIST = '{ models(first: 40) { edges { node { id } } sources { source outcome message } } }';
/**
 * What a list reports when the trial fails: the trial's own failure, except where the source makes
 * its reads in parallel (MLConnector's snapshot: models, deployments, operations) and a read that
 * waited for the trial's verdict is refused first.
 */
const TRIAL_OUTCOME: Readonly<Record<TrackerName, string>> = { clearml: 'ERROR', comet: 'ERROR', cmf: 'ERROR', mlconnector: 'CIRCUIT_OPEN' };

interface Listing {
  readonly models: {
    readonly edges: readonly { readonly node: { readonly id: string } }[];
    readonly sources: readonly { readonly source: string; readonly outcome: string; readonly message: string | null }[];
  };
}

const clock = new ManualClock(Date.now());
let stack: Stack;
const modelOf: Partial<Record<TrackerName, string>> = {};

const emulator = (t: TrackerName) => emulatorOf(stack, t);
const outcomes = (res: GraphQLResponse<Listing>) => Object.fromEntries((res.data?.models.sources ?? []).map((s) => [s.source, s.outcome]));
const coded = codedErrors;
const callsTo = (t: TrackerName) => backendUsage(stack)[t]?.calls ?? 0;
/** The breaker gauge of the tracker's subgraph-side connector (the gateway's passthrough connector stays closed). */
const gauge = async (t: TrackerName) => (await breakerState.get()).values.find((v) => v.labels['source'] === t)?.value;
const list = () => gql<Listing>(stack, LIST);

/** List until the tracker's breaker answers, returning the tracker's outcomes along the way. */
async function openBreaker(t: TrackerName): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 6 && seen.at(-1) !== 'CIRCUIT_OPEN'; i += 1) seen.push(outcomes(await list())[t] ?? 'missing');
  return seen;
}

beforeAll(async () => {
  const base = embeddedConfig();
  stack = await startStack({ config: { ...base, sources: base.sources.map((s) => ({ ...s, breaker: BREAKER })) }, clock, emulatorClock: systemClock });
  Object.assign(modelOf, await firstModelPerSource(stack, TRACKERS));
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  // Past every cache TTL and any cool-down left by an earlier test.
  clock.advance(2 * 3_600_000);
  for (const t of TRACKERS) emulator(t).faults.reset();
});

describe.each(TRACKERS)('%s breaker', (t) => {
  const others = TRACKERS.filter((o) => o !== t);

  it('opens after repeated 503s and then answers CIRCUIT_OPEN at once, without calling the tracker', async () => {
    emulator(t).faults.set(DOWN);
    const seen = await openBreaker(t);
    // The failures that open the breaker are reported as themselves first.
    expect(seen[0]).toBe('ERROR');
    expect(seen.at(-1)).toBe('CIRCUIT_OPEN');
    expect(await gauge(t)).toBe(2);

    clearBackendUsage(stack);
    const res = await list();
    expect(callsTo(t)).toBe(0);
    expect(TRACKERS.map((x) => [x, outcomes(res)[x]])).toEqual(TRACKERS.map((x) => [x, x === t ? 'CIRCUIT_OPEN' : 'OK']));
    expect(res.data?.models.sources.find((s) => s.source === t)?.message).toBe(`Source "${t}" was not called: circuit open after repeated failures.`);
    expectBesideData(coded(res), [['SOURCE_UNAVAILABLE', t]]);
    // `sources { status }` says why the source is out, without calling it either.
    const status = await gql<{ sources: { name: string; status: string }[] }>(stack, '{ sources { name status } }');
    expect(status.data?.sources.find((s) => s.name === t)?.status).toBe('CIRCUIT_OPEN');
    expect(callsTo(t)).toBe(0);
    expect(res.data?.models.edges.some((e) => e.node.id.startsWith(`${t}:`))).toBe(false);
    expect(res.data?.models.edges.length).toBeGreaterThan(0);
    expectCleanErrors(res);

    const byId = await gql<{ bad: { id: string } | null; good: { id: string } | null }>(stack, 'query($bad: ID!, $good: ID!) { bad: model(id: $bad) { id } good: model(id: $good) { id } }', {
      bad: modelOf[t],
      good: modelOf[others[0] as TrackerName],
    });
    expect(callsTo(t)).toBe(0);
    expect(byId.data?.good?.id).toBe(modelOf[others[0] as TrackerName]);
    expect(byId.data?.bad ?? null).toBeNull();
    expect(coded(byId)).toEqual([['SOURCE_UNAVAILABLE', t]]);
    expect(byId.errors?.[0]?.message).toContain('circuit open');
  });

  it('stays open for its cool-down on the injected clock even once the tracker is back, then serves again', async () => {
    emulator(t).faults.set(DOWN);
    expect((await openBreaker(t)).at(-1)).toBe('CIRCUIT_OPEN');
    emulator(t).faults.reset();

    clock.advance(BREAKER.coolDownMs - 1);
    clearBackendUsage(stack);
    expect(outcomes(await list())[t]).toBe('CIRCUIT_OPEN');
    expect(callsTo(t)).toBe(0);

    clock.advance(1);
    const recovered = await list();
    expect(TRACKERS.map((x) => [x, outcomes(recovered)[x]])).toEqual(TRACKERS.map((x) => [x, 'OK']));
    expect(recovered.errors).toBeUndefined();
    expect(callsTo(t)).toBeGreaterThan(0);
    expect(recovered.data?.models.edges.some((e) => e.node.id.startsWith(`${t}:`))).toBe(true);
    expect(await gauge(t)).toBe(0);
  });

  it('re-opens when the trial call after the cool-down fails', async () => {
    emulator(t).faults.set(DOWN);
    expect((await openBreaker(t)).at(-1)).toBe('CIRCUIT_OPEN');

    clock.advance(BREAKER.coolDownMs);
    clearBackendUsage(stack);
    const trial = await list();
    // One trial call reached the tracker; its retry and the calls that waited for it were refused.
    expect(callsTo(t)).toBe(1);
    expect(outcomes(trial)[t]).toBe(TRIAL_OUTCOME[t]);
    expectBesideData(coded(trial), [['SOURCE_UNAVAILABLE', t]]);

    clearBackendUsage(stack);
    expect(outcomes(await list())[t]).toBe('CIRCUIT_OPEN');
    expect(callsTo(t)).toBe(0);
    expect(await gauge(t)).toBe(2);
  });
});
