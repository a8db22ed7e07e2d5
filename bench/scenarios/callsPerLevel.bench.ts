/**
 * Backend calls per nesting level, per source (issue 8): tasks → models → producedBy / deployments →
 * lineage(depth: 2), each level's query sent on a fresh in-process stack (cold: nothing cached) and then
 * again (warm), counted at the emulators. A level's cost is its calls minus the level above's: a
 * constant per source (one batched call where the source can), never one per row. EXPECTED holds the
 * cold counts the smoke run (bench/smoke.ts) gates on.
 */
import { backendUsage, clearBackendUsage, startStack, type TrackerName } from '../../scripts/stack.js';

export const name = 'calls-per-level';

const TRACKERS: readonly TrackerName[] = ['clearml', 'comet', 'cmf', 'mlconnector'];
const L1 = 'id name ... on ClearMLTask { clearmlStatus } ... on CometExperiment { experimentKey }';
const L2 = `${L1} models { id name }`;
const L3 = `${L1} models { id name producedBy { id name } deployments { id status } }`;
const L4 = `${L3} lineage(depth: 2) { edges { relation } }`;
export const LEVELS: readonly (readonly [string, string])[] = [
  ['1 tasks(first: 50)', L1],
  ['2 + models', L2],
  ['3 + producedBy, deployments', L3],
  ['4 + lineage(depth: 2)', L4],
].map(([label, fields]) => [label as string, `{ tasks(first: 50) { edges { node { ${fields as string} } } } }`] as const);

export type Counts = Readonly<Record<TrackerName, number>>;

/** Cold backend calls per source for each level's whole query, as measured on a fresh stack. */
export const EXPECTED: readonly Counts[] = [
  { clearml: 3, comet: 6, cmf: 6, mlconnector: 0 },
  { clearml: 6, comet: 82, cmf: 6, mlconnector: 0 },
  { clearml: 16, comet: 149, cmf: 6, mlconnector: 4 },
  { clearml: 26, comet: 162, cmf: 6, mlconnector: 4 },
];

export interface LevelCalls {
  readonly label: string;
  readonly cold: Counts;
  readonly warm: Counts;
  readonly errors: number;
}

export async function measureLevels(): Promise<LevelCalls[]> {
  const out: LevelCalls[] = [];
  for (const [label, query] of LEVELS) {
    const stack = await startStack();
    try {
      const once = async (): Promise<{ counts: Counts; errors: number }> => {
        clearBackendUsage(stack);
        const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        const body = (await res.json()) as { errors?: unknown[] };
        const usage = backendUsage(stack);
        const counts = Object.fromEntries(TRACKERS.map((t) => [t, usage[t]?.calls ?? 0])) as Record<TrackerName, number>;
        return { counts, errors: (res.status === 200 ? 0 : 1) + (body.errors?.length ?? 0) };
      };
      const cold = await once();
      const warm = await once();
      out.push({ label, cold: cold.counts, warm: warm.counts, errors: cold.errors + warm.errors });
    } finally {
      await stack.close();
    }
  }
  return out;
}

const cells = (c: Counts, prev?: Counts) => TRACKERS.map((t) => `${t} ${c[t]}${prev ? ` (+${c[t] - prev[t]})` : ''}`).join('  ');

export async function run(): Promise<Record<string, string>> {
  const levels = await measureLevels();
  const out: Record<string, string> = {};
  levels.forEach((l, i) => {
    const prev = levels[i - 1];
    out[`cold ${l.label}`] = `${cells(l.cold, prev?.cold)}${l.errors ? `  ${l.errors} errors` : ''}`;
    out[`warm ${l.label}`] = cells(l.warm, prev?.warm);
  });
  return out;
}
