/**
 * Robustness at volume (issue 8 item 5): 10,000 generated bad inputs per REST mount and for GraphQL
 * variables (FUZZ_RUNS changes it), seeds other than CI's. Reports answers by status class, the
 * tracker's own 5xx carried through, and every finding (Switchyard 5xx, wrong error shape, leak, crash).
 */
import type { Stack } from '../../scripts/stack.js';
import { fuzzGraphQL, fuzzMount } from '../../test/fuzz/runFuzz.js';

export const name = 'fuzz';

export async function run(stack: Stack): Promise<Record<string, string>> {
  const runs = Number(process.env['FUZZ_RUNS'] ?? 10_000);
  const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
  const withGraphql = { ...stack, graphqlUrl: `${stack.gateway.url}/graphql` };
  const out: Record<string, string> = { seed: String(seed) };
  for (const mount of ['clearml', 'comet', 'cmf', 'mlconnector'] as const) {
    const started = performance.now();
    const r = await fuzzMount(withGraphql, mount, { runs, seed });
    out[`/${mount}`] = `${r.requests} inputs, ${JSON.stringify(r.statuses)}, tracker 5xx ${r.trackerErrors}, findings ${r.findings.length} (${((performance.now() - started) / 1000).toFixed(0)} s)`;
    for (const f of r.findings.slice(0, 5)) out[`  /${mount} finding`] = `${f.problem}: ${f.request} → ${f.status} ${f.body}`;
  }
  const g = await fuzzGraphQL(withGraphql, { runs, seed });
  out['graphql'] = `${g.requests} inputs, ${JSON.stringify(g.statuses)}, findings ${g.findings.length}`;
  for (const f of g.findings.slice(0, 5)) out['  graphql finding'] = `${f.problem}: ${f.request} → ${f.status} ${f.body}`;
  return out;
}
