/**
 * Every single-source fault (DESIGN §7: slow beyond its timeout, 5xx, malformed JSON, connection
 * reset, down), for each tracker in turn: a merged `models` list and by-id reads return the other
 * trackers' data with no error naming them, and one coded error naming the faulty tracker. The
 * breakers are set out of reach here (circuitBreaker.e2e.test.ts covers them), so each fault shows its
 * own code; ClearML's partial `events.add_batch` answer is driven through the emulator's own handler.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type EmulatorHandle, ManualClock, malformedJson, systemClock } from '../../emulators/shared/index.js';
import { embeddedConfig } from '../../gateway/config/index.js';
import type { TrackerName } from '../../scripts/stack.js';
import { codedErrors, emulatorOf, expectBesideData, expectCleanErrors, firstModelPerSource, gql, type Stack, startStack } from '../helpers/stack.js';

const TRACKERS: readonly TrackerName[] = ['clearml', 'comet', 'cmf', 'mlconnector'];
const TIMEOUT_MS = 1_000;

interface Mode {
  readonly apply: (em: EmulatorHandle) => void | Promise<void>;
  readonly code: string;
  readonly outcome: string;
}
const MODES: Readonly<Record<string, Mode>> = {
  'slow beyond its timeout': { apply: (em) => em.faults.set([{ delayMs: TIMEOUT_MS * 3 }]), code: 'SOURCE_TIMEOUT', outcome: 'TIMEOUT' },
  '5xx': { apply: (em) => em.faults.set([{ status: 503, body: 'upstream connect error', contentType: 'text/plain' }]), code: 'SOURCE_UNAVAILABLE', outcome: 'ERROR' },
  'malformed JSON': { apply: (em) => em.faults.set([malformedJson()]), code: 'SOURCE_ERROR', outcome: 'ERROR' },
  'connection reset': { apply: (em) => em.faults.set([{ reset: true }]), code: 'SOURCE_UNAVAILABLE', outcome: 'ERROR' },
  down: { apply: (em) => em.faults.down(), code: 'SOURCE_UNAVAILABLE', outcome: 'ERROR' },
};

interface Listing {
  readonly models: {
    readonly edges: readonly { readonly node: { readonly id: string } }[];
    readonly sources: readonly { readonly source: string; readonly outcome: string }[];
  };
}

const clock = new ManualClock(Date.now());
let stack: Stack;
/** One model id per tracker, read while every tracker was healthy. */
const modelOf: Partial<Record<TrackerName, string>> = {};

const emulator = (t: TrackerName) => emulatorOf(stack, t);
const trackerOf = (id: string) => id.slice(0, id.indexOf(':'));
const coded = codedErrors;

beforeAll(async () => {
  const base = embeddedConfig();
  // Breakers out of reach: each request must show the fault's own code, not CIRCUIT_OPEN.
  const config = { ...base, sources: base.sources.map((s) => ({ ...s, breaker: { failures: 1_000, coolDownMs: 1_000 } })) };
  stack = await startStack({ config, clock, emulatorClock: systemClock, sourceTimeoutMs: Object.fromEntries(TRACKERS.map((t) => [t, TIMEOUT_MS])) });
  Object.assign(modelOf, await firstModelPerSource(stack, TRACKERS));
});
afterAll(async () => {
  await stack.close();
});
beforeEach(() => {
  // Past every cache TTL, so each request reaches the trackers.
  clock.advance(2 * 3_600_000);
});
afterEach(async () => {
  for (const t of TRACKERS) {
    await emulator(t).faults.up();
    emulator(t).faults.reset();
  }
});

it('reads one model id from each tracker while all are healthy', () => {
  expect(TRACKERS.map((t) => [t, typeof modelOf[t]])).toEqual(TRACKERS.map((t) => [t, 'string']));
});

describe.each(TRACKERS)('%s faulty', (faulty) => {
  const healthy = TRACKERS.filter((t) => t !== faulty);
  const neighbour = healthy[0] as TrackerName;

  it.each(Object.keys(MODES))('%s: the other trackers answer in full, the faulty one is named with its code', async (mode) => {
    const { apply, code, outcome } = MODES[mode] as Mode;
    await apply(emulator(faulty));

    const list = await gql<Listing>(stack, '{ models(first: 40) { edges { node { id } } sources { source outcome } } }');
    const outcomes = Object.fromEntries((list.data?.models.sources ?? []).map((s) => [s.source, s.outcome]));
    expect(TRACKERS.map((t) => [t, outcomes[t]])).toEqual(TRACKERS.map((t) => [t, t === faulty ? outcome : 'OK']));
    const served = new Set((list.data?.models.edges ?? []).map((e) => trackerOf(e.node.id)));
    expect(served.has(faulty)).toBe(false);
    expect(served.size).toBeGreaterThan(0);
    expectBesideData(coded(list), [[code, faulty]]);
    expectCleanErrors(list);

    const byId = await gql<{ bad: { id: string } | null; good: { id: string } | null }>(stack, 'query($bad: ID!, $good: ID!) { bad: model(id: $bad) { id name } good: model(id: $good) { id name } }', {
      bad: modelOf[faulty],
      good: modelOf[neighbour],
    });
    expect(byId.data?.good?.id).toBe(modelOf[neighbour]);
    expect(byId.data?.bad ?? null).toBeNull();
    expect(coded(byId)).toEqual([[code, faulty]]);
    expectCleanErrors(byId);
  });
});

describe('ClearML events.add_batch answering a partial success', () => {
  it('reports the lines ClearML refused beside the ones it added, without an error', async () => {
    const created = await gql<{ createTask: { id: string } }>(stack, 'mutation { createTask(input: { source: "clearml", project: "faults", name: "partial-batch" }) { id } }');
    const taskId = created.data?.createTask.id ?? '';
    // Spoil the second json-lines event's task id in transit: the emulator's own handler adds the first
    // line and answers 200 {added: 1, errors: 1, errors_info} as the real server does.
    emulator('clearml').faults.set([
      {
        match: 'events.add_batch',
        mapRequestBody: (body) =>
          body
            .toString('utf8')
            .split('\n')
            .map((line, i) => (i === 1 ? line.replace(/"task":"[^"]+"/, '"task":"no-such-task"') : line))
            .join('\n'),
      },
    ]);
    const logged = await gql<{ logMetrics: { accepted: number; rejected: { index: number; reason: string }[] } }>(
      stack,
      'mutation($id: ID!) { logMetrics(taskId: $id, points: [{ name: "loss", value: 0.5, step: 0 }, { name: "loss", value: 0.4, step: 1 }]) { accepted rejected { index reason } } }',
      { id: taskId },
    );
    expect(logged.errors).toBeUndefined();
    expect(logged.data?.logMetrics).toEqual({ accepted: 1, rejected: [{ index: -1, reason: 'Invalid task id no-such-task' }] });
  });
});
