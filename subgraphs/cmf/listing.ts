/**
 * The listing half of CMF's source contract. CMF's complete read is a whole-pipeline pull in every
 * generation (no listing pages in order, and the per-stage listings of generation C are per stage),
 * so every page is cut from a sorted snapshot of every pipeline's pull (DESIGN §5.1), built through the
 * request's loaders (≤ 8 pulls in flight, cached pulls first). A `projects` filter narrows which
 * pipelines are pulled; every filter is applied on the snapshot (`appliedFilters: []`).
 * Kinds: `task` = executions, `model` = Model artifacts, `artifact` = every other artifact.
 */
import { switchyardError } from '../shared/errors.js';
import type { EntityRowBase } from '../shared/model.js';
import { toArtifactRow, toModelRow, toTaskRow } from '../shared/rows.js';
import { snapshotListResponse, snapshotPage, sortSnapshot } from '../shared/snapshot.js';
import type { ArtifactListFilter, ListOrder, ListRequest, ListResponse, ModelListFilter, TaskListFilter } from '../shared/sourceContract.js';
import type { CmfArtifactView, CmfExecutionView, CmfModelView } from './mapper/index.js';
import type { PipelineLoaders } from './pipelineLoader.js';
import type { PulledPipeline } from './pullCache.js';
import type { CmfInstance } from './source.js';

type ListableKind = 'task' | 'model' | 'artifact';

/** Sorted snapshots per kind, order and set of pulls (by token), kept per process. */
const sortedMemo = new Map<string, readonly EntityRowBase[]>();
const MAX_SORTED = 32;

function rowsOf(kind: ListableKind, pulls: readonly PulledPipeline[]): EntityRowBase[] {
  return pulls.flatMap((p): readonly EntityRowBase[] => (!p.data ? [] : kind === 'task' ? p.data.executions : kind === 'model' ? p.data.models : p.data.artifacts));
}

function sorted(kind: ListableKind, order: ListOrder, pulls: readonly PulledPipeline[]): readonly EntityRowBase[] {
  const key = `${kind}|${order}|${pulls.map((p) => p.token).join(',')}`;
  let rows = sortedMemo.get(key);
  if (!rows) {
    rows = sortSnapshot(rowsOf(kind, pulls), order);
    if (sortedMemo.size >= MAX_SORTED) sortedMemo.delete(sortedMemo.keys().next().value as string);
    sortedMemo.set(key, rows);
  }
  return rows;
}

export async function listCmf(loaders: PipelineLoaders, inst: CmfInstance, req: ListRequest): Promise<ListResponse> {
  if (req.kind === 'deployment') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'CMF has no deployments.', { source: inst.config.name });
  const wanted = req.filter.projects ? new Set(req.filter.projects) : undefined;
  const names = (await inst.pipelines()).filter((p) => !wanted || wanted.has(p));
  const loaded = await loaders.for(inst.config.name).loadMany(names);
  const pulls = loaded.map((p) => {
    if (p instanceof Error) throw p;
    return p;
  });
  const rows = sorted(req.kind, req.order, pulls);
  const matches = matcherFor(req);
  const page = snapshotPage({ rows, order: req.order, first: req.first, after: req.after, matches });
  const toRow = req.kind === 'task' ? (r: EntityRowBase) => toTaskRow(r as CmfExecutionView) : req.kind === 'model' ? (r: EntityRowBase) => toModelRow(r as CmfModelView) : (r: EntityRowBase) => toArtifactRow(r as CmfArtifactView);
  return snapshotListResponse(page, (r) => toRow(r) as ListResponse['rows'][number], []);
}

function matcherFor(req: Exclude<ListRequest, { kind: 'deployment' }>): (row: EntityRowBase) => boolean {
  if (req.kind === 'task') return taskMatcher(req.filter) as (row: EntityRowBase) => boolean;
  if (req.kind === 'model') return modelMatcher(req.filter) as (row: EntityRowBase) => boolean;
  return artifactMatcher(req.filter) as (row: EntityRowBase) => boolean;
}

/** Projects (= pipelines) and the case-insensitive name substring, shared by every kind. */
function baseMatcher(filter: { readonly projects?: readonly string[]; readonly nameContains?: string }): (row: EntityRowBase) => boolean {
  const projects = filter.projects ? new Set(filter.projects) : undefined;
  const needle = filter.nameContains?.toLowerCase();
  return (row) => (!projects || (row.project !== null && projects.has(row.project))) && (needle === undefined || row.name.toLowerCase().includes(needle));
}

const anyOf = (wanted: readonly string[] | undefined, have: readonly (string | null)[] | null | undefined) => !wanted || (have ?? []).some((v) => v !== null && wanted.includes(v));

/** Status is always UNKNOWN, nothing is archived and nothing tagged: those filters match accordingly. */
export function taskMatcher(filter: TaskListFilter): (row: CmfExecutionView) => boolean {
  const base = baseMatcher(filter);
  const { createdAfter, createdBefore } = filter;
  return (row) => {
    if (!base(row) || filter.archived === true) return false;
    if (!anyOf(filter.status, [row.status]) || !anyOf(filter.tags, row.tags)) return false;
    if (createdAfter === undefined && createdBefore === undefined) return true;
    const ms = row.createdAt === null ? Number.NaN : Date.parse(row.createdAt);
    return Number.isFinite(ms) && (createdAfter === undefined || ms >= createdAfter) && (createdBefore === undefined || ms <= createdBefore);
  };
}

/** CMF models have no stages and no tags: those filters match nothing. */
export function modelMatcher(filter: ModelListFilter): (row: CmfModelView) => boolean {
  const base = baseMatcher(filter);
  return (row) => base(row) && anyOf(filter.stages, row.stages) && anyOf(filter.frameworks, [row.framework]) && anyOf(filter.tags, row.tags);
}

export function artifactMatcher(filter: ArtifactListFilter): (row: CmfArtifactView) => boolean {
  const base = baseMatcher(filter);
  return (row) => base(row) && anyOf(filter.types, [row.type]) && (filter.hash === undefined || row.hash === filter.hash);
}
