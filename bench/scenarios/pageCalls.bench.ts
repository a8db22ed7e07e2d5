/**
 * Backend calls and bytes per page, per source (issue 7, DESIGN §10): a 50-row page of every kind and a
 * nested query (tasks with their models and lineage neighbours), cold (a fresh stack: every snapshot is
 * built for it) and warm (served from the sources' caches), counted at the emulators.
 */
import { backendUsage, clearBackendUsage, type Stack, type TrackerName } from '../../scripts/stack.js';

export const name = 'page-calls';

const TRACKERS: readonly TrackerName[] = ['clearml', 'comet', 'cmf', 'mlconnector'];

const QUERIES: Readonly<Record<string, string>> = {
  tasks: '{ tasks(first: 50) { edges { node { id name status createdAt } } } }',
  models: '{ models(first: 50) { edges { node { id name version stages } } } }',
  artifacts: '{ artifacts(first: 50) { edges { node { id name uri hash } } } }',
  deployments: '{ deployments(first: 50) { edges { node { id name status } } } }',
  'tasks+models+lineage': '{ tasks(first: 50) { edges { node { id models { id name } lineage(depth: 1) { edges { relation } } } } } }',
};

/** One row per query and pass: `calls/bytes` for each tracker. */
export async function run(stack: Stack): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const pass of ['cold', 'warm'] as const) {
    for (const [label, query] of Object.entries(QUERIES)) {
      clearBackendUsage(stack);
      const started = performance.now();
      const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const body = (await res.json()) as { errors?: unknown[] };
      const ms = performance.now() - started;
      const usage = backendUsage(stack);
      const cells = TRACKERS.map((t) => `${t} ${usage[t]?.calls ?? 0}/${Math.round((usage[t]?.bytes ?? 0) / 1024)}kB`);
      out[`${pass} ${label}`] = `${cells.join('  ')}  (${ms.toFixed(0)} ms${body.errors ? `, ${body.errors.length} errors` : ''})`;
    }
  }
  return out;
}
