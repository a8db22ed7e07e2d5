/**
 * The listing half of ClearML's source contract. ClearML pages in order, so time orders are pushed
 * down as keyset queries (`order_by` + a `created` range bounded by the position) and a page reads
 * about `first` + 2 rows; NAME_ASC has no range filter to keyset on, so it is served from a sorted
 * snapshot of the filtered tasks, capped by a row budget.
 */
import { toTaskRow } from '../shared/model.js';
import { isAfter } from '../shared/order.js';
import type { ListResponse, TaskListFilter, TaskListRequest } from '../shared/sourceContract.js';
import { snapshotPage, sortSnapshot } from '../shared/snapshot.js';
import { type ClearMLTaskWire, isTaskWire, listOf } from './connector/index.js';
import { type ClearMLTaskView, clearmlStatusesFor, toClearMLTime } from './mapper/index.js';
import { CLEARML_MAX_PAGE, type ClearMLInstance } from './source.js';

/** Filters ClearML applies itself (all of them). */
export const CLEARML_PUSHED_FILTERS = ['projects', 'status', 'tags', 'nameContains', 'createdAfter', 'createdBefore', 'archived'] as const;
/** Most rows a NAME_ASC snapshot reads. */
const NAME_SNAPSHOT_BUDGET = 5_000;
/** Most get_all pages one keyset page may read when positions tie. */
const MAX_PAGES_PER_CALL = 20;

export async function listTasks(inst: ClearMLInstance, req: TaskListRequest): Promise<ListResponse> {
  const base = await filterQuery(inst, req.filter);
  if (base === 'empty') return { rows: [], hasMore: false, appliedFilters: [...CLEARML_PUSHED_FILTERS], scanned: 0 };
  return req.order === 'NAME_ASC' ? listByName(inst, req, base) : listByTime(inst, req, base);
}

async function listByTime(inst: ClearMLInstance, req: TaskListRequest, base: Record<string, unknown>): Promise<ListResponse> {
  const desc = req.order === 'CREATED_AT_DESC';
  const pos = req.after;
  // ClearML tasks always have `created`: a position in the null tail means nothing is left.
  if (pos && pos.sortKey === null) return { rows: [], hasMore: false, appliedFilters: [...CLEARML_PUSHED_FILTERS], scanned: 0 };
  const [lo, hi] = createdRange(req.filter, typeof pos?.sortKey === 'number' ? pos.sortKey : undefined, desc);
  const query = { ...base, ...(lo !== null || hi !== null ? { created: [lo, hi] } : {}), order_by: desc ? ['-created', '-id'] : ['created', 'id'] };
  // The created bound is inclusive (ClearML has no tuple comparison), so the position's own row and its
  // ties come back again and are dropped here: after a position a page reads first + 2 rows (first + 1
  // to know whether more follow, + 1 for the position's own row), more only when several rows tie.
  const pageSize = Math.min(req.first + (pos ? 2 : 1), CLEARML_MAX_PAGE);
  const wanted = req.first + 1;
  const kept: ClearMLTaskWire[] = [];
  const keptViews: ClearMLTaskView[] = [];
  let scanned = 0;
  for (let page = 0; page < MAX_PAGES_PER_CALL && kept.length < wanted; page += 1) {
    const data = await inst.connector.call('tasks.get_all', { ...query, page, page_size: pageSize }, 'read');
    const tasks = listOf(data, 'tasks', isTaskWire);
    scanned += tasks.length;
    const views = await inst.view(tasks);
    views.forEach((v, i) => {
      if (kept.length < wanted && isAfter(v, pos, req.order)) {
        kept.push(tasks[i] as ClearMLTaskWire);
        keptViews.push(v);
      }
    });
    if (tasks.length < pageSize) break;
  }
  await inst.remember(kept);
  const hasMore = keptViews.length > req.first;
  return { rows: keptViews.slice(0, req.first).map(toTaskRow), hasMore, appliedFilters: [...CLEARML_PUSHED_FILTERS], scanned };
}

async function listByName(inst: ClearMLInstance, req: TaskListRequest, base: Record<string, unknown>): Promise<ListResponse> {
  const [lo, hi] = createdRange(req.filter, undefined, true);
  const query = { ...base, ...(lo !== null || hi !== null ? { created: [lo, hi] } : {}), order_by: ['name', 'id'] };
  const all: ClearMLTaskWire[] = [];
  let truncated = false;
  for (let page = 0; ; page += 1) {
    const data = await inst.connector.call('tasks.get_all', { ...query, page, page_size: CLEARML_MAX_PAGE }, 'read');
    const tasks = listOf(data, 'tasks', isTaskWire);
    all.push(...tasks);
    if (tasks.length < CLEARML_MAX_PAGE) break;
    if (all.length >= NAME_SNAPSHOT_BUDGET) {
      truncated = true;
      break;
    }
  }
  const sorted = sortSnapshot(await inst.view(all), 'NAME_ASC');
  const page = snapshotPage({ rows: sorted, order: 'NAME_ASC', first: req.first, after: req.after });
  return {
    rows: page.rows.map(toTaskRow),
    hasMore: page.hasMore || truncated,
    appliedFilters: [...CLEARML_PUSHED_FILTERS],
    scanned: all.length,
    ...(truncated ? { partial: `name order reads at most ${NAME_SNAPSHOT_BUDGET} tasks` } : {}),
  };
}

/** The get_all filter fields for a unified filter, or 'empty' when it can match nothing. */
async function filterQuery(inst: ClearMLInstance, filter: TaskListFilter): Promise<Record<string, unknown> | 'empty'> {
  const q: Record<string, unknown> = {};
  if (filter.projects) {
    const index = await inst.projectIndex();
    const ids = filter.projects.map((name) => index.byName.get(name)).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return 'empty';
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
  return q;
}

/** The inclusive `created` range from the filter, narrowed by the keyset position. */
function createdRange(filter: TaskListFilter, position: number | undefined, desc: boolean): [string | null, string | null] {
  let lo = filter.createdAfter;
  let hi = filter.createdBefore;
  if (position !== undefined) {
    if (desc) hi = hi === undefined ? position : Math.min(hi, position);
    else lo = lo === undefined ? position : Math.max(lo, position);
  }
  return [lo === undefined ? null : toClearMLTime(lo), hi === undefined ? null : toClearMLTime(hi)];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
