/**
 * Robustness (issue 8 item 5), the seeded CI subset: generated bad input on every REST mount and in
 * GraphQL variables gets no 5xx from Switchyard itself, only tracker-shaped errors and registry codes,
 * and no leaked internals. `BENCH_ONLY=fuzz npm run bench` runs 10,000 inputs per mount with other seeds.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Stack, startStack } from '../helpers/stack.js';
import { fuzzGraphQL, fuzzMount } from './runFuzz.js';
import type { MountName } from './restArbitraries.js';

const RUNS = 150;
const SEED = 20261207;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('generated bad input', () => {
  it.each(['clearml', 'comet', 'cmf', 'mlconnector'] as MountName[])('on /%s: no 5xx of Switchyard\'s own, tracker-shaped errors', async (mount) => {
    const report = await fuzzMount(stack, mount, { runs: RUNS, seed: SEED });
    expect(report.findings).toEqual([]);
    // The generator reaches the tracker and its error paths, not only the mount's own checks.
    expect(report.statuses['4xx'] ?? 0).toBeGreaterThan(RUNS / 4);
  }, 120_000);

  it('in GraphQL variables: registry codes only, never a 5xx or INTERNAL_SERVER_ERROR', async () => {
    const report = await fuzzGraphQL(stack, { runs: RUNS * 2, seed: SEED });
    expect(report.findings).toEqual([]);
    expect(report.statuses['5xx'] ?? 0).toBe(0);
  }, 120_000);
});
