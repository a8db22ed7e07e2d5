/**
 * Comet's list snapshot (DESIGN §5.1): every experiment the backend key can see, read as Comet offers
 * it — workspaces → projects (CometInstance.projects) → `/experiments` per project, once with `archived=false` and once with
 * `archived=true` (the two are disjoint) — at most eight calls in flight. Comet cannot page or sort
 * (`/experiments` returns a whole project, reference/comet.md §6.5), so pages are cut from this
 * (cached and sorted by snapshotSlot.ts).
 */
import { errorCodeOf } from '../shared/errors.js';
import type { CometConnector } from './connector/index.js';
import { type CometProjectWire, isExperimentWire, listOf } from './connector/index.js';
import { type CometExperimentView, mapExperiment } from './mapper/index.js';
import type { SnapshotContent } from './snapshotSlot.js';

export interface BuildSnapshotOptions {
  readonly instance: string;
  readonly connector: CometConnector;
  /** The projects of the instance's workspaces, each once. */
  readonly projects: readonly CometProjectWire[];
  readonly webUrl?: string | undefined;
}

/** Read every experiment and map it; an experiment listed twice (a symlink into another project) is kept once. */
export async function buildExperimentRows(options: BuildSnapshotOptions): Promise<SnapshotContent<CometExperimentView>> {
  const { connector } = options;
  const calls = options.projects.flatMap((p) => [false, true].map((archived) => ({ p, archived })));
  const perCall = await connector.each(calls, async ({ p, archived }) => {
    try {
      const body = await connector.get('experiments', { projectId: p.projectId, archived }, 'read');
      return listOf(body, 'experiments', isExperimentWire).map((e) =>
        mapExperiment(e, { instance: options.instance, webUrl: options.webUrl, listedAs: { projectName: p.projectName, workspaceName: p.workspaceName, archived } }),
      );
    } catch (err) {
      // A project deleted between the two reads has no experiments left to list.
      if (errorCodeOf(err) === 'NOT_FOUND') return [];
      throw err;
    }
  });
  const rows = new Map<string, CometExperimentView>();
  for (const row of perCall.flat()) if (!rows.has(row.experimentKey)) rows.set(row.experimentKey, row);
  const list = [...rows.values()];
  return { rows: list, volatile: list.some((r) => r.running === true) };
}
