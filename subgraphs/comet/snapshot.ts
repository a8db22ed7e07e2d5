/**
 * Comet's list snapshot (DESIGN §5.1): every experiment the backend key can see, read as Comet offers
 * it — workspaces → projects → `/experiments` per project, once with `archived=false` and once with
 * `archived=true` (the two are disjoint) — at most eight calls in flight. Comet cannot page or sort
 * (`/experiments` returns a whole project, reference/comet.md §6.5), so pages are cut from this.
 */
import { randomUUID } from 'node:crypto';
import { errorCodeOf } from '../shared/errors.js';
import { sortSnapshot } from '../shared/snapshot.js';
import type { ListOrder } from '../shared/sourceContract.js';
import type { CometConnector } from './connector/index.js';
import { type CometProjectWire, isExperimentWire, isProjectWire, listOf, workspaceNames } from './connector/index.js';
import { type CometExperimentView, mapExperiment } from './mapper/index.js';

/** What the shared cache holds: the mapped rows, unsorted, and the build's token. */
export interface StoredSnapshot {
  readonly token: string;
  readonly builtAt: number;
  readonly rows: readonly CometExperimentView[];
}

/** A snapshot in memory, with its sorted orders and key index computed once per process. */
export class CometSnapshot {
  readonly token: string;
  readonly builtAt: number;
  readonly rows: readonly CometExperimentView[];
  readonly #byKey: Map<string, CometExperimentView>;
  readonly #sorted = new Map<ListOrder, readonly CometExperimentView[]>();

  constructor(stored: StoredSnapshot) {
    this.token = stored.token;
    this.builtAt = stored.builtAt;
    this.rows = stored.rows;
    this.#byKey = new Map(stored.rows.map((r) => [r.experimentKey, r]));
  }

  /** The rows sorted under the total order of `order` (shared/order.ts), computed on first use. */
  sorted(order: ListOrder): readonly CometExperimentView[] {
    let rows = this.#sorted.get(order);
    if (!rows) {
      rows = sortSnapshot(this.rows, order);
      this.#sorted.set(order, rows);
    }
    return rows;
  }

  get(experimentKey: string): CometExperimentView | undefined {
    return this.#byKey.get(experimentKey);
  }

  /** True when any row is running: such a snapshot goes stale faster. */
  get hasRunning(): boolean {
    return this.rows.some((r) => r.running === true);
  }
}

export interface BuildSnapshotOptions {
  readonly instance: string;
  readonly connector: CometConnector;
  /** Workspaces to read; omitted: every one `/workspaces` names. */
  readonly workspaces?: readonly string[] | undefined;
  readonly webUrl?: string | undefined;
  readonly now: number;
}

/** Read every experiment and map it; an experiment listed twice (a symlink into another project) is kept once. */
export async function buildSnapshot(options: BuildSnapshotOptions): Promise<StoredSnapshot> {
  const { connector } = options;
  const workspaces = options.workspaces ?? workspaceNames(await connector.get('workspaces', {}, 'read'));
  const perWorkspace = await connector.each(workspaces, async (ws) => listOf(await connector.get('projects', { workspaceName: ws }, 'read'), 'projects', isProjectWire));
  const projects = new Map<string, CometProjectWire>();
  for (const p of perWorkspace.flat()) if (!projects.has(p.projectId)) projects.set(p.projectId, p);
  const calls = [...projects.values()].flatMap((p) => [false, true].map((archived) => ({ p, archived })));
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
  return { token: randomUUID(), builtAt: options.now, rows: [...rows.values()] };
}
