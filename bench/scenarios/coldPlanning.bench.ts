/**
 * Cold planning of a never-seen operation (issue 8: ≤ 10 ms): @apollo/query-planner's QueryPlanner on
 * the checked-in supergraph — the planner the gateway runs on a plan-cache miss — timed on
 * BENCH_PLAN_OPS distinct generated operations (root field × fields × tracker-only fragments × nesting),
 * each planned once, after one throw-away plan that builds the planner's own lazily made indexes.
 */
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { readSupergraphSdl } from '../../gateway/graphql/createGraphQLServer.js';
import { percentile } from '../load.js';

export const name = 'cold-planning';

const ROOTS = ['tasks(first: 20)', 'models(first: 20)', 'artifacts(first: 20)', 'deployments(first: 20)'] as const;
const SHARED: Readonly<Record<(typeof ROOTS)[number], readonly string[]>> = {
  'tasks(first: 20)': ['name', 'status', 'createdAt', 'origin { source url }', '... on ClearMLTask { clearmlStatus }', '... on CometExperiment { experimentKey }', 'models { id name }', 'lineage(depth: 2) { edges { relation } }'],
  'models(first: 20)': ['name', 'version', 'stages', 'producedBy { id name }', 'deployments { id status }', 'origin { source }'],
  'artifacts(first: 20)': ['name', 'uri', 'hash', 'origin { source }'],
  'deployments(first: 20)': ['name', 'status', 'model { id name }', 'origin { source }'],
};

/** The i-th operation: a root field and a subset of its fields chosen by i's bits, aliased by i. */
export function operation(i: number): string {
  const root = ROOTS[i % ROOTS.length] as (typeof ROOTS)[number];
  const fields = SHARED[root];
  const mask = Math.floor(i / ROOTS.length) + 1;
  const chosen = fields.filter((_, bit) => (mask >> bit) & 1);
  return `query Op${i} { r${i}: ${root} { edges { node { id ${chosen.join(' ')} } } } }`;
}

export async function run(): Promise<Record<string, string>> {
  const count = Number(process.env['BENCH_PLAN_OPS'] ?? 200);
  const t0 = performance.now();
  const supergraph = Supergraph.build(readSupergraphSdl());
  const planner = new QueryPlanner(supergraph);
  const buildMs = performance.now() - t0;
  const plan = (q: string): number => {
    const started = performance.now();
    planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(q), { validate: true }));
    return performance.now() - started;
  };
  const firstEver = plan('{ sources { name } }');
  const seen = new Set<string>();
  const times: number[] = [];
  let slowest = { ms: 0, q: '' };
  const deadline = performance.now() + 120_000;
  for (let i = 0; i < count * 4 && times.length < count && performance.now() < deadline; i++) {
    const q = operation(i);
    const shape = q.replace(/\b(Op|r)\d+/g, '');
    if (seen.has(shape)) continue;
    seen.add(shape);
    const ms = plan(q);
    times.push(ms);
    if (ms > slowest.ms) slowest = { ms, q };
  }
  const max = Math.max(...times);
  return {
    'supergraph + planner construction': `${buildMs.toFixed(0)} ms (once per gateway start)`,
    'first plan of the process': `${firstEver.toFixed(1)} ms`,
    [`new operations planned`]: String(times.length),
    'cold plan p50 / p99 / max (target ≤ 10 ms)': `${percentile(times, 50).toFixed(2)} / ${percentile(times, 99).toFixed(2)} / ${max.toFixed(2)} ms`,
    'share planned within 10 ms': `${((100 * times.filter((t) => t <= 10).length) / Math.max(times.length, 1)).toFixed(1)}%`,
    'slowest operation': slowest.q.replace(/\s+/g, ' '),
  };
}
