/**
 * `npm run bench`: runs each scenario once and prints its measures side by side (DESIGN §10). Scenarios
 * that take a `Stack` get a fresh embedded stack in this process (emulators, subgraphs and gateway on one
 * event loop: the harshest case); the others start the multi-process bench stack themselves
 * (bench/cluster: gateway alone in a child, so its CPU is its own). `BENCH_ONLY=<name>[,<name>]` runs
 * some of them; `npm run bench:smoke` runs the CI subset with its gates (bench/smoke.ts).
 * Loopback only; every loop is bounded in count and time.
 */
import { startStack, type Stack } from '../scripts/stack.js';
import * as backendFloor from './scenarios/backendFloor.bench.js';
import * as callsPerLevel from './scenarios/callsPerLevel.bench.js';
import * as cmfPush from './scenarios/cmfPush.bench.js';
import * as coldPlanning from './scenarios/coldPlanning.bench.js';
import * as fuzz from './scenarios/fuzz.bench.js';
import * as gatewayVsPlain from './scenarios/gatewayVsPlain.bench.js';
import * as pageCalls from './scenarios/pageCalls.bench.js';
import * as passthrough from './scenarios/passthroughOverhead.bench.js';
import * as responseCache from './scenarios/responseCache.bench.js';
import * as soak from './scenarios/soak.bench.js';

type Result = Record<string, string>;
type Scenario = { readonly name: string; readonly run: (stack: Stack) => Promise<Result> } | { readonly name: string; readonly run: () => Promise<Result>; readonly own: true };

const megabytes = Number(process.env['BENCH_CMF_MB'] ?? 50);
const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim());
const scenarios: readonly Scenario[] = [
  // First: it needs cold caches, so it gets its own fresh stack before anything else runs.
  { name: pageCalls.name, run: pageCalls.run },
  { name: callsPerLevel.name, run: () => callsPerLevel.run(), own: true },
  { name: gatewayVsPlain.name, run: () => gatewayVsPlain.run(), own: true },
  { name: backendFloor.name, run: () => backendFloor.run(), own: true },
  { name: passthrough.name, run: () => passthrough.run(), own: true },
  { name: responseCache.name, run: () => responseCache.run(), own: true },
  { name: coldPlanning.name, run: () => coldPlanning.run(), own: true },
  { name: cmfPush.name, run: (stack: Stack) => cmfPush.run(stack, { megabytes, concurrency: 8 }) },
  { name: fuzz.name, run: fuzz.run },
  // Last: SOAK_MINUTES (default 30) of steady load.
  { name: soak.name, run: () => soak.run(), own: true },
];

for (const scenario of scenarios.filter((s) => !only || only.includes(s.name))) {
  console.log(`scenario: ${scenario.name} (${new Date().toISOString()})`);
  let result: Result;
  if ('own' in scenario) result = await scenario.run();
  else {
    const stack = await startStack();
    try {
      result = await scenario.run(stack);
    } finally {
      await stack.close();
    }
  }
  for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(44)} ${v}`);
}
