/**
 * The listing half of Comet's source contract. Comet cannot page, sort or filter experiment lists
 * (`/experiments` returns a whole project; filtering needs `/project/query` plus per-key reads,
 * reference/comet.md §6.5), so every page is cut from the instance's sorted snapshot (DESIGN §5.1):
 * - projects, status, archived, nameContains and the created range are applied on the snapshot, at
 *   no backend cost;
 * - tags need `/experiment/tags` per experiment, so they are applied under a budget of tag lookups per
 *   page; when it runs out before `first` rows matched, the page is short, `hasMore` stays true and
 *   `partial` says why. Tags already cached cost nothing, so the next call resumes where the last one
 *   stopped instead of paying again for the same rows.
 */
import { toTaskRow } from '../shared/rows.js';
import { isAfter, positionOf } from '../shared/order.js';
import type { ListOrder, ListResponse, SourcePosition, TaskListFilter, TaskListRequest } from '../shared/sourceContract.js';
import { snapshotListResponse, snapshotPage } from '../shared/snapshot.js';
import { type CometExperimentView, withTags } from './mapper/index.js';
import type { CometInstance } from './source.js';

/** Filters Comet applies itself: none (all of them are applied on the snapshot). */
export const COMET_PUSHED_FILTERS: readonly string[] = [];
/** Most `/experiment/tags` calls one page may make for a tag filter. */
export const TAG_LOOKUP_BUDGET = 200;

export interface ListingOptions {
  /** Tag lookups (cache misses) one page may make. @default TAG_LOOKUP_BUDGET */
  readonly tagLookupBudget?: number;
}

export async function listTasks(inst: CometInstance, req: TaskListRequest, options: ListingOptions = {}): Promise<ListResponse> {
  const rows = (await inst.snapshot()).sorted(req.order);
  const matches = snapshotMatcher(req.filter);
  if (req.filter.tags && req.filter.tags.length > 0) return listWithTags(inst, req, rows, matches, options.tagLookupBudget ?? TAG_LOOKUP_BUDGET);
  const page = snapshotPage({ rows, order: req.order, first: req.first, after: req.after, matches });
  const withCachedTags = await inst.attachCachedTags(page.rows);
  return snapshotListResponse({ ...page, rows: withCachedTags }, toTaskRow, [...COMET_PUSHED_FILTERS]);
}

async function listWithTags(
  inst: CometInstance,
  req: TaskListRequest,
  rows: readonly CometExperimentView[],
  matches: (row: CometExperimentView) => boolean,
  budget: number,
): Promise<ListResponse> {
  const wanted = new Set(req.filter.tags);
  // Look tags up in small batches: enough to keep the connector's slots busy, few wasted past the page's end.
  const batchSize = inst.connector.maxInFlight;
  const out: CometExperimentView[] = [];
  let scanned = 0;
  let lookups = 0;
  let i = firstIndexAfter(rows, req.after, req.order);
  while (i < rows.length && out.length <= req.first) {
    const batch: CometExperimentView[] = [];
    while (i < rows.length && batch.length < batchSize) {
      const row = rows[i] as CometExperimentView;
      i += 1;
      scanned += 1;
      if (matches(row)) batch.push(row);
    }
    const tags = await inst.cachedTags(batch.map((r) => r.experimentKey));
    const toFetch = batch.filter((_, k) => tags[k] === undefined).slice(0, Math.max(0, budget - lookups));
    lookups += toFetch.length;
    const fetched = await inst.fetchTags(toFetch);
    const fetchedByKey = new Map(toFetch.map((r, k) => [r.experimentKey, fetched[k] ?? []]));
    for (const [k, row] of batch.entries()) {
      const rowTags = tags[k] ?? fetchedByKey.get(row.experimentKey);
      if (rowTags === undefined) {
        // The budget ran out at this row: what follows is unknown, so the page ends here, and the
        // next page resumes after the last row that was fully examined.
        const short = out.length < req.first;
        const at = rows.indexOf(row);
        const lastExamined = at > 0 ? rows[at - 1] : undefined;
        const next = lastExamined && isAfter(lastExamined, req.after, req.order) ? positionOf(lastExamined, req.order) : undefined;
        return {
          rows: out.slice(0, req.first).map(toTaskRow),
          hasMore: true,
          appliedFilters: [...COMET_PUSHED_FILTERS],
          scanned,
          ...(next && short ? { next } : {}),
          ...(short ? { partial: `tag filter reached its budget of ${budget} tag lookups before ${req.first} matching experiments were found` } : {}),
        };
      }
      if (rowTags.some((t) => wanted.has(t))) out.push(withTags(row, rowTags));
      if (out.length > req.first) break;
    }
  }
  return { rows: out.slice(0, req.first).map(toTaskRow), hasMore: out.length > req.first, appliedFilters: [...COMET_PUSHED_FILTERS], scanned };
}

/** Everything but tags, evaluated on snapshot rows. `archived` defaults to false: archived runs stay out. */
export function snapshotMatcher(filter: TaskListFilter): (row: CometExperimentView) => boolean {
  const projects = filter.projects ? new Set(filter.projects) : undefined;
  const statuses = filter.status ? new Set(filter.status) : undefined;
  const archived = filter.archived === undefined ? false : filter.archived;
  const needle = filter.nameContains?.toLowerCase();
  const { createdAfter, createdBefore } = filter;
  const timed = createdAfter !== undefined || createdBefore !== undefined;
  return (row) => {
    if (archived !== null && (row.archived ?? false) !== archived) return false;
    if (projects && (row.project === null || !projects.has(row.project))) return false;
    if (statuses && (row.status === null || !statuses.has(row.status))) return false;
    if (needle !== undefined && !row.name.toLowerCase().includes(needle)) return false;
    if (timed) {
      // Bounds are inclusive; a row without a creation time cannot be shown to fall inside them.
      const ms = row.createdAt === null ? Number.NaN : Date.parse(row.createdAt);
      if (!Number.isFinite(ms)) return false;
      if (createdAfter !== undefined && ms < createdAfter) return false;
      if (createdBefore !== undefined && ms > createdBefore) return false;
    }
    return true;
  };
}

/** Binary search for the first row strictly after the position (rows are sorted under `order`). */
function firstIndexAfter(rows: readonly CometExperimentView[], after: SourcePosition | null, order: ListOrder): number {
  if (after === null) return 0;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(rows[mid] as CometExperimentView, after, order)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
