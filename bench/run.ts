/**
 * `npm run bench`: starts the embedded stack in this process (the harshest case: emulators, subgraphs
 * and gateway share one event loop) and runs each scenario once, printing ratios side by side.
 * Loopback only; every loop is bounded in count and time.
 */
import { startStack } from '../scripts/stack.js';
import * as cmfPush from './scenarios/cmfPush.bench.js';

const megabytes = Number(process.env['BENCH_CMF_MB'] ?? 50);
const stack = await startStack();
try {
  console.log(`scenario: ${cmfPush.name}`);
  const result = await cmfPush.run(stack, { megabytes, concurrency: 8 });
  for (const [k, v] of Object.entries(result)) console.log(`  ${k.padEnd(38)} ${v}`);
} finally {
  await stack.close();
}
