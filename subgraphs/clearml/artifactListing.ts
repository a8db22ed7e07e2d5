/**
 * Listing artifacts. ClearML cannot list artifacts: they live inside task documents. So a page is
 * served from a snapshot of the artifacts of the newest non-archived tasks (`tasks.get_all` with
 * `only_fields: [id, project, execution.artifacts]`, 500 tasks per call), read up to a budget of
 * tasks and cached briefly per project filter. Beyond the budget the older tasks are not read, and
 * every page says so (outcome PARTIAL). Only `projects` is pushed down; the rest is checked here.
 */
import type { ArtifactListFilter, ArtifactListRequest, ListResponse } from '../shared/sourceContract.js';
import { snapshotListResponse, snapshotPage, sortSnapshot } from '../shared/snapshot.js';
import { isTaskWire, listOf } from './connector/index.js';
import { projectIdsFor } from './getAllListing.js';
import { type ClearMLArtifactView } from './mapper/index.js';
import { toArtifactRow } from '../shared/rows.js';
import { CLEARML_MAX_PAGE, type ClearMLInstance } from './source.js';

/** Most tasks one artifact snapshot reads. */
export const ARTIFACT_TASK_BUDGET = 2_000;
const SNAPSHOT_TTL_MS = 30_000;

export interface ArtifactSnapshot {
  readonly rows: readonly ClearMLArtifactView[];
  readonly tasksRead: number;
  readonly truncated: boolean;
}

export async function listArtifacts(inst: ClearMLInstance, req: ArtifactListRequest): Promise<ListResponse> {
  const projects = req.filter.projects ? await projectIdsFor(inst, req.filter.projects) : undefined;
  const applied = req.filter.projects ? ['projects'] : [];
  if (projects === 'empty') return { rows: [], hasMore: false, appliedFilters: applied, scanned: 0 };
  const snapshot = await artifactSnapshot(inst, projects);
  const page = snapshotPage({ rows: sortSnapshot(snapshot.rows, req.order), order: req.order, first: req.first, after: req.after, matches: artifactMatcher(req.filter) });
  const response = snapshotListResponse(page, toArtifactRow, applied, snapshot.truncated ? `artifacts are read from the newest ${ARTIFACT_TASK_BUDGET} tasks only` : undefined);
  // `scanned` counts backend rows: the tasks read to build the snapshot.
  return { ...response, scanned: snapshot.tasksRead };
}

/** The artifacts of the newest ARTIFACT_TASK_BUDGET non-archived tasks (of these projects), cached per project filter. */
export function artifactSnapshot(inst: ClearMLInstance, projects: readonly string[] | undefined): Promise<ArtifactSnapshot> {
  return inst.cached(`artifacts:${JSON.stringify(projects ?? null)}`, SNAPSHOT_TTL_MS, () => readSnapshot(inst, projects));
}

async function readSnapshot(inst: ClearMLInstance, projects: readonly string[] | undefined): Promise<ArtifactSnapshot> {
  const query = {
    only_fields: ['id', 'project', 'execution.artifacts'],
    system_tags: ['-archived'],
    order_by: ['-created', '-id'],
    ...(projects ? { project: projects } : {}),
  };
  const rows: ClearMLArtifactView[] = [];
  let tasksRead = 0;
  for (let page = 0; ; page += 1) {
    const tasks = listOf(await inst.connector.call('tasks.get_all', { ...query, page, page_size: CLEARML_MAX_PAGE }, 'read'), 'tasks', isTaskWire);
    tasksRead += tasks.length;
    rows.push(...(await inst.viewArtifacts(tasks)));
    if (tasks.length < CLEARML_MAX_PAGE) return { rows, tasksRead, truncated: false };
    if (tasksRead >= ARTIFACT_TASK_BUDGET) return { rows, tasksRead, truncated: true };
  }
}

/** The filters ClearML cannot apply to artifacts. */
function artifactMatcher(filter: ArtifactListFilter): (row: ClearMLArtifactView) => boolean {
  const { types, hash, nameContains } = filter;
  const needle = nameContains?.toLowerCase();
  return (row) =>
    (!types || (row.type !== null && types.includes(row.type))) &&
    (hash === undefined || row.hash === hash.toLowerCase()) &&
    (needle === undefined || row.name.toLowerCase().includes(needle));
}
