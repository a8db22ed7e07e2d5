/**
 * Listing models and artifacts: pages cut from the instance's model or artifact snapshot
 * (modelSnapshot.ts, artifactSnapshot.ts). Comet filters neither, so every filter is applied on the
 * snapshot at no backend cost (`appliedFilters: []`). Fields Comet never fills (framework, model tags,
 * artifact hashes) match no filter value. A snapshot whose build ran out of budget makes every page PARTIAL.
 */
import type { EntityRowBase } from '../shared/model.js';
import { toArtifactRow, toModelRow } from '../shared/rows.js';
import { snapshotListResponse, snapshotPage } from '../shared/snapshot.js';
import type { ArtifactListFilter, ArtifactListRequest, ListResponse, ModelListFilter, ModelListRequest } from '../shared/sourceContract.js';
import type { CometArtifactView } from './artifacts.js';
import type { CometModelView } from './mapper/index.js';
import type { SnapshotSlot } from './snapshotSlot.js';
import type { CometInstance } from './source.js';

async function listFrom<Row extends EntityRowBase>(slot: SnapshotSlot<Row>, req: ModelListRequest | ArtifactListRequest, matches: (row: Row) => boolean, toRow: (row: Row) => EntityRowBase): Promise<ListResponse> {
  const snap = await slot.snapshot();
  const page = snapshotPage({ rows: snap.sorted(req.order), order: req.order, first: req.first, after: req.after, matches });
  return snapshotListResponse(page, (r) => toRow(r) as ListResponse['rows'][number], [], snap.partial);
}

/** The checks every kind shares: projects by name, case-insensitive name substring. */
function baseMatcher(filter: { readonly projects?: readonly string[]; readonly nameContains?: string }): (row: EntityRowBase) => boolean {
  const projects = filter.projects ? new Set(filter.projects) : undefined;
  const needle = filter.nameContains?.toLowerCase();
  return (row) => (!projects || (row.project !== null && projects.has(row.project))) && (needle === undefined || row.name.toLowerCase().includes(needle));
}

const anyOf = (wanted: readonly string[] | undefined, have: readonly string[] | null | undefined) => !wanted || (have ?? []).some((v) => wanted.includes(v));

export function modelMatcher(filter: ModelListFilter): (row: CometModelView) => boolean {
  const base = baseMatcher(filter);
  return (row) => base(row) && anyOf(filter.stages, row.stages) && anyOf(filter.frameworks, row.framework === null ? [] : [row.framework]) && anyOf(filter.tags, row.tags);
}

export function artifactMatcher(filter: ArtifactListFilter): (row: CometArtifactView) => boolean {
  const base = baseMatcher(filter);
  return (row) => base(row) && anyOf(filter.types, row.type === null ? [] : [row.type]) && (filter.hash === undefined || row.hash === filter.hash);
}

export function listModels(inst: CometInstance, req: ModelListRequest): Promise<ListResponse> {
  return listFrom(inst.models, req, modelMatcher(req.filter), toModelRow);
}

export function listArtifacts(inst: CometInstance, req: ArtifactListRequest): Promise<ListResponse> {
  return listFrom(inst.artifacts, req, artifactMatcher(req.filter), toArtifactRow);
}
