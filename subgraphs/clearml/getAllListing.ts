/**
 * Ordered pages over a ClearML `get_all` endpoint (tasks, models). ClearML pages in order, so time
 * orders are keyset queries (`order_by` + a `created` range bounded by the position) and a page reads
 * about `first` + 2 rows; NAME_ASC has no range filter to keyset on, so it is served from a sorted
 * snapshot of the filtered objects, capped by a row budget. Filters ClearML cannot express are checked
 * on the rows read, under a budget of pages (the page is then short, `hasMore` stays true and `next`
 * says where the scan stopped).
 */
import type { EntityRow, EntityRowBase } from '../shared/model.js';
import { isAfter, positionOf } from '../shared/order.js';
import type { ListRequest, ListResponse } from '../shared/sourceContract.js';
import { snapshotListResponse, snapshotPage, sortSnapshot } from '../shared/snapshot.js';
import { isTaskWire, listOf } from './connector/index.js';
import { toClearMLTime } from './mapper/index.js';
import { CLEARML_MAX_PAGE, type ClearMLInstance } from './source.js';

/** Most rows a NAME_ASC snapshot reads. */
const NAME_SNAPSHOT_BUDGET = 5_000;
/** Most get_all pages one keyset page may read when positions tie or rows are filtered here. */
const MAX_PAGES_PER_CALL = 20;

export interface GetAllListing<W extends { readonly id: string }, V extends EntityRowBase> {
  /** Which `get_all` (`tasks.get_all`, `models.get_all`) and which key of its answer. */
  readonly key: 'tasks' | 'models';
  readonly view: (read: readonly W[]) => Promise<V[]>;
  readonly remember: (read: readonly W[]) => Promise<void>;
  readonly toRow: (view: V) => EntityRow;
  /** Filters ClearML applied (reported as `appliedFilters`). */
  readonly applied: readonly string[];
  /** Filters ClearML cannot express, checked on each row read. */
  readonly matches?: ((view: V) => boolean) | undefined;
}

/** The get_all filter fields plus the inclusive `created` bounds (epoch ms) of the unified filter. */
export interface GetAllQuery {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly createdAfter?: number | undefined;
  readonly createdBefore?: number | undefined;
}

type Page = Pick<ListRequest, 'order' | 'first' | 'after'>;

export async function listGetAll<W extends { readonly id: string }, V extends EntityRowBase>(
  inst: ClearMLInstance,
  spec: GetAllListing<W, V>,
  req: Page,
  query: GetAllQuery | 'empty',
): Promise<ListResponse> {
  if (query === 'empty') return { rows: [], hasMore: false, appliedFilters: [...spec.applied], scanned: 0 };
  return req.order === 'NAME_ASC' ? listByName(inst, spec, req, query) : listByTime(inst, spec, req, query);
}

async function listByTime<W extends { readonly id: string }, V extends EntityRowBase>(inst: ClearMLInstance, spec: GetAllListing<W, V>, req: Page, q: GetAllQuery): Promise<ListResponse> {
  const desc = req.order === 'CREATED_AT_DESC';
  const pos = req.after;
  // ClearML objects always have `created`: a position in the null tail means nothing is left.
  if (pos && pos.sortKey === null) return { rows: [], hasMore: false, appliedFilters: [...spec.applied], scanned: 0 };
  const created = createdRange(q, typeof pos?.sortKey === 'number' ? pos.sortKey : undefined, desc);
  const query = { ...q.fields, ...created, order_by: desc ? ['-created', '-id'] : ['created', 'id'] };
  // The created bound is inclusive (ClearML has no tuple comparison), so the position's own row and its
  // ties come back again and are dropped here: after a position a page reads first + 2 rows (first + 1
  // to know whether more follow, + 1 for the position's own row), more only when several rows tie or
  // rows are filtered here (then whole pages are read).
  const pageSize = spec.matches ? CLEARML_MAX_PAGE : Math.min(req.first + (pos ? 2 : 1), CLEARML_MAX_PAGE);
  const wanted = req.first + 1;
  const kept: W[] = [];
  const keptViews: V[] = [];
  let scanned = 0;
  let lastSeen: V | undefined;
  let exhausted = false;
  for (let page = 0; page < MAX_PAGES_PER_CALL && kept.length < wanted; page += 1) {
    const read = await readPage<W>(inst, spec.key, { ...query, page, page_size: pageSize });
    scanned += read.length;
    const views = await spec.view(read);
    views.forEach((v, i) => {
      if (kept.length >= wanted || !isAfter(v, pos, req.order)) return;
      lastSeen = v;
      if (spec.matches && !spec.matches(v)) return;
      kept.push(read[i] as W);
      keptViews.push(v);
    });
    if (read.length < pageSize) exhausted = true;
    if (exhausted) break;
  }
  await spec.remember(kept);
  const rows = keptViews.slice(0, req.first).map(spec.toRow);
  if (!exhausted && kept.length < wanted && lastSeen) {
    const message = `read ${scanned} rows without finding ${req.first} matching ones`;
    return { rows, hasMore: true, appliedFilters: [...spec.applied], scanned, partial: message, next: positionOf(lastSeen, req.order) };
  }
  return { rows, hasMore: keptViews.length > req.first, appliedFilters: [...spec.applied], scanned };
}

async function listByName<W extends { readonly id: string }, V extends EntityRowBase>(inst: ClearMLInstance, spec: GetAllListing<W, V>, req: Page, q: GetAllQuery): Promise<ListResponse> {
  const query = { ...q.fields, ...createdRange(q, undefined, true), order_by: ['name', 'id'] };
  const all: W[] = [];
  let truncated = false;
  for (let page = 0; ; page += 1) {
    const read = await readPage<W>(inst, spec.key, { ...query, page, page_size: CLEARML_MAX_PAGE });
    all.push(...read);
    if (read.length < CLEARML_MAX_PAGE) break;
    if (all.length >= NAME_SNAPSHOT_BUDGET) {
      truncated = true;
      break;
    }
  }
  const sorted = sortSnapshot(await spec.view(all), 'NAME_ASC');
  const page = snapshotPage({ rows: sorted, order: 'NAME_ASC', first: req.first, after: req.after, ...(spec.matches ? { matches: spec.matches } : {}) });
  // Rows past a truncated read are out of reach in name order: every page says so (PARTIAL), and the
  // traversal ends with the snapshot instead of asking for more pages that could never move on.
  return { ...snapshotListResponse(page, spec.toRow, [...spec.applied], truncated ? `name order reads at most ${NAME_SNAPSHOT_BUDGET} rows` : undefined), scanned: all.length };
}

/** One `get_all` page of full objects (anything with an id). */
async function readPage<W>(inst: ClearMLInstance, key: 'tasks' | 'models', body: Record<string, unknown>): Promise<W[]> {
  return listOf(await inst.connector.call(`${key}.get_all`, body, 'read'), key, isTaskWire) as unknown as W[];
}

/** `{created: [lo, hi]}` from the filter's bounds, narrowed by the keyset position; {} when unbounded. */
function createdRange(q: GetAllQuery, position: number | undefined, desc: boolean): { created?: [string | null, string | null] } {
  let lo = q.createdAfter;
  let hi = q.createdBefore;
  if (position !== undefined) {
    if (desc) hi = hi === undefined ? position : Math.min(hi, position);
    else lo = lo === undefined ? position : Math.max(lo, position);
  }
  if (lo === undefined && hi === undefined) return {};
  return { created: [lo === undefined ? null : toClearMLTime(lo), hi === undefined ? null : toClearMLTime(hi)] };
}

/** A regular expression matching `s` literally. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression matching exactly one of `values` (for `_any_` and pattern fields). */
export function anyOf(values: readonly string[]): string {
  return `^(?:${[...new Set(values)].map(escapeRegex).join('|')})$`;
}

/** The project ids of these names ('empty' when none exists), for a `project` filter. */
export async function projectIdsFor(inst: ClearMLInstance, names: readonly string[]): Promise<string[] | 'empty'> {
  const index = await inst.projectIndex();
  const ids = names.map((name) => index.byName.get(name)).filter((id): id is string => id !== undefined);
  return ids.length === 0 ? 'empty' : ids;
}
