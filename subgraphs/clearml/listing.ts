/** Listing tasks (the task half of ClearML's source contract): every filter is pushed down to `tasks.get_all`. */
import { toTaskRow } from '../shared/rows.js';
import type { ListResponse, TaskListFilter, TaskListRequest } from '../shared/sourceContract.js';
import type { ClearMLTaskWire } from './connector/index.js';
import { escapeRegex, type GetAllQuery, listGetAll, projectIdsFor } from './getAllListing.js';
import { clearmlStatusesFor } from './mapper/index.js';
import type { ClearMLInstance } from './source.js';

/** Filters ClearML applies itself (all of them). */
export const CLEARML_PUSHED_FILTERS = ['projects', 'status', 'tags', 'nameContains', 'createdAfter', 'createdBefore', 'archived'] as const;

export async function listTasks(inst: ClearMLInstance, req: TaskListRequest): Promise<ListResponse> {
  const spec = { key: 'tasks', view: (t: readonly ClearMLTaskWire[]) => inst.view(t), remember: (t: readonly ClearMLTaskWire[]) => inst.remember(t), toRow: toTaskRow, applied: CLEARML_PUSHED_FILTERS } as const;
  return listGetAll(inst, spec, req, await taskQuery(inst, req.filter));
}

/** The get_all filter fields for a unified task filter, or 'empty' when it can match nothing. */
async function taskQuery(inst: ClearMLInstance, filter: TaskListFilter): Promise<GetAllQuery | 'empty'> {
  const q: Record<string, unknown> = {};
  if (filter.projects) {
    const ids = await projectIdsFor(inst, filter.projects);
    if (ids === 'empty') return 'empty';
    q['project'] = ids;
  }
  if (filter.status) {
    const statuses = clearmlStatusesFor(filter.status);
    if (statuses.length === 0) return 'empty';
    q['status'] = statuses;
  }
  if (filter.tags) q['tags'] = [...filter.tags];
  if (filter.nameContains !== undefined) q['_any_'] = { pattern: escapeRegex(filter.nameContains), fields: ['name'] };
  const archived = filter.archived === undefined ? false : filter.archived;
  if (archived === false) q['system_tags'] = ['-archived'];
  else if (archived === true) q['system_tags'] = ['archived'];
  return { fields: q, createdAfter: filter.createdAfter, createdBefore: filter.createdBefore };
}
