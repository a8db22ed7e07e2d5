/** Validates the GraphQL TaskFilter and splits it into the source set and the filter sources apply. */
import { switchyardError } from '../../shared/errors.js';
import { TASK_STATUSES, type TaskStatus } from '../../shared/model.js';
import type { TaskListFilter } from '../../shared/sourceContract.js';

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
