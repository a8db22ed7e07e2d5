/** Validates each kind's GraphQL filter and turns it into the source set and the filter sources apply. */
import { switchyardError } from '../../shared/errors.js';
import { DEPLOYMENT_STATUSES, type DeploymentStatus, type EntityKind, TASK_STATUSES, type TaskStatus } from '../../shared/model.js';
import type { ArtifactListFilter, DeploymentListFilter, ModelListFilter, TaskListFilter } from '../../shared/sourceContract.js';

export interface TaskFilterArg {
  readonly sources?: readonly string[] | null;
  readonly projects?: readonly string[] | null;
  readonly status?: readonly string[] | null;
  readonly tags?: readonly string[] | null;
  readonly nameContains?: string | null;
  /** Already an ISO string (the DateTime scalar parsed it). */
  readonly createdAfter?: string | null;
  readonly createdBefore?: string | null;
  readonly archived?: boolean | null;
}

export const MIN_FIRST = 1;
export const MAX_FIRST = 500;

export function validateFirst(first: number): number {
  if (!Number.isInteger(first) || first < MIN_FIRST || first > MAX_FIRST) {
    throw switchyardError('BAD_USER_INPUT', `"first" must be between ${MIN_FIRST} and ${MAX_FIRST}; got ${first}.`);
  }
  return first;
}

/** The sources a list reads: the filter's (each must exist) or every one that serves the kind. */
export function resolveSources(requested: readonly string[] | null | undefined, available: readonly string[]): string[] {
  if (!requested) return [...available].sort();
  const unknown = requested.filter((s) => !available.includes(s));
  if (unknown.length > 0) throw switchyardError('BAD_USER_INPUT', `Unknown source(s): ${unknown.map((s) => `"${s}"`).join(', ')}. Known: ${available.join(', ')}.`);
  return [...new Set(requested)].sort();
}

export function normaliseTaskFilter(filter: TaskFilterArg | null | undefined): TaskListFilter {
  const f = filter ?? {};
  const out: { -readonly [K in keyof TaskListFilter]: TaskListFilter[K] } = {};
  if (f.projects) out.projects = [...new Set(f.projects)].sort();
  if (f.status) {
    const bad = f.status.filter((s) => !TASK_STATUSES.includes(s as TaskStatus));
    if (bad.length > 0) throw switchyardError('BAD_USER_INPUT', `Unknown status ${bad.join(', ')}.`);
    out.status = [...new Set(f.status as TaskStatus[])].sort();
  }
  if (f.tags) out.tags = [...new Set(f.tags)].sort();
  if (f.nameContains !== undefined && f.nameContains !== null) out.nameContains = f.nameContains;
  if (f.createdAfter) out.createdAfter = Date.parse(f.createdAfter);
  if (f.createdBefore) out.createdBefore = Date.parse(f.createdBefore);
  if (out.createdAfter !== undefined && out.createdBefore !== undefined && out.createdAfter > out.createdBefore) {
    throw switchyardError('BAD_USER_INPUT', '"createdAfter" is later than "createdBefore".');
  }
  // The input default is false; an explicit null asks for archived and not archived alike.
  out.archived = f.archived === undefined ? false : f.archived;
  return out;
}

export interface ModelFilterArg {
  readonly sources?: readonly string[] | null;
  readonly projects?: readonly string[] | null;
  readonly stages?: readonly string[] | null;
  readonly frameworks?: readonly string[] | null;
  readonly tags?: readonly string[] | null;
  readonly nameContains?: string | null;
}

export interface ArtifactFilterArg {
  readonly sources?: readonly string[] | null;
  readonly projects?: readonly string[] | null;
  readonly types?: readonly string[] | null;
  readonly hash?: string | null;
  readonly nameContains?: string | null;
}

export interface DeploymentFilterArg {
  readonly sources?: readonly string[] | null;
  readonly status?: readonly string[] | null;
  readonly nameContains?: string | null;
}

const set = (v: readonly string[] | null | undefined) => (v ? [...new Set(v)].sort() : undefined);

export function normaliseModelFilter(f: ModelFilterArg | null | undefined): ModelListFilter {
  const out: { -readonly [K in keyof ModelListFilter]: ModelListFilter[K] } = {};
  const projects = set(f?.projects);
  const stages = set(f?.stages);
  const frameworks = set(f?.frameworks);
  const tags = set(f?.tags);
  if (projects) out.projects = projects;
  if (stages) out.stages = stages;
  if (frameworks) out.frameworks = frameworks;
  if (tags) out.tags = tags;
  if (f?.nameContains !== undefined && f.nameContains !== null) out.nameContains = f.nameContains;
  return out;
}

export function normaliseArtifactFilter(f: ArtifactFilterArg | null | undefined): ArtifactListFilter {
  const out: { -readonly [K in keyof ArtifactListFilter]: ArtifactListFilter[K] } = {};
  const projects = set(f?.projects);
  const types = set(f?.types);
  if (projects) out.projects = projects;
  if (types) out.types = types;
  if (f?.hash !== undefined && f.hash !== null) {
    if (!/^[a-z0-9-]+:[0-9a-fA-F]+$/.test(f.hash)) throw switchyardError('BAD_USER_INPUT', '"hash" must look like <algo>:<hex>, e.g. sha256:9f86d0….');
    out.hash = f.hash.toLowerCase();
  }
  if (f?.nameContains !== undefined && f.nameContains !== null) out.nameContains = f.nameContains;
  return out;
}

export function normaliseDeploymentFilter(f: DeploymentFilterArg | null | undefined): DeploymentListFilter {
  const out: { -readonly [K in keyof DeploymentListFilter]: DeploymentListFilter[K] } = {};
  if (f?.status) {
    const bad = f.status.filter((s) => !DEPLOYMENT_STATUSES.includes(s as DeploymentStatus));
    if (bad.length > 0) throw switchyardError('BAD_USER_INPUT', `Unknown status ${bad.join(', ')}.`);
    out.status = [...new Set(f.status as DeploymentStatus[])].sort();
  }
  if (f?.nameContains !== undefined && f.nameContains !== null) out.nameContains = f.nameContains;
  return out;
}

/** A kind's GraphQL filter argument, and the filter the sources apply. */
export type FilterArgOf = { task: TaskFilterArg; model: ModelFilterArg; artifact: ArtifactFilterArg; deployment: DeploymentFilterArg };

export function normaliseFilter(kind: EntityKind, filter: unknown): TaskListFilter | ModelListFilter | ArtifactListFilter | DeploymentListFilter {
  switch (kind) {
    case 'task':
      return normaliseTaskFilter(filter as TaskFilterArg | null);
    case 'model':
      return normaliseModelFilter(filter as ModelFilterArg | null);
    case 'artifact':
      return normaliseArtifactFilter(filter as ArtifactFilterArg | null);
    case 'deployment':
      return normaliseDeploymentFilter(filter as DeploymentFilterArg | null);
  }
}
