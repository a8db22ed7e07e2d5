/**
 * `npm run bench`: starts the embedded stack in this process (the harshest case: emulators, subgraphs
 * and gateway share one event loop) and runs each scenario once, printing its measures side by side.
 * `BENCH_ONLY=<name>[,<name>]` runs some of them. Loopback only; every loop is bounded in count and time.
 */
import { startStack } from '../scripts/stack.js';
import * as cmfPush from './scenarios/cmfPush.bench.js';
import * as fuzz from './scenarios/fuzz.bench.js';
import * as pageCalls from './scenarios/pageCalls.bench.js';

const megabytes = Number(process.env['BENCH_CMF_MB'] ?? 50);
const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim());
const scenarios = [
  // First: it needs cold caches, so it gets its own fresh stack before anything else runs.
  { name: pageCalls.name, run: pageCalls.run },
  { name: cmfPush.name, run: (stack: Parameters<typeof cmfPush.run>[0]) => cmfPush.run(stack, { megabytes, concurrency: 8 }) },
  { name: fuzz.name, run: fuzz.run },
].filter((s) => !only || only.includes(s.name));

for (const scenario of scenarios) {
  const stack = await startStack();
  try {
    console.log(`scenario: ${scenario.name}`);
    const result = await scenario.run(stack);
    for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(38)} ${v}`);
  } finally {
    await stack.close();
  }
}
