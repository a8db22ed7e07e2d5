/**
 * Pages served from a sorted snapshot (DESIGN §5.1), for trackers that cannot page in order
 * (Comet lists whole projects) or orders a tracker cannot keyset (ClearML by name). The snapshot is
 * already filtered by whatever the tracker applied; `matches` applies the rest under a row budget.
 */
import { compareRows, isAfter, positionOf } from './order.js';
import type { EntityRow, EntityRowBase } from './model.js';
import type { ListOrder, ListResponse, SourcePosition } from './sourceContract.js';

/**
 * How many snapshot rows one page's filters may look at before the page is cut short (PARTIAL, with a
 * resume position): it bounds the work of one request over a large snapshot with a selective filter.
 */
export const SNAPSHOT_ROW_BUDGET = 10_000;

export interface SnapshotPageInput<Row extends EntityRowBase> {
  readonly rows: readonly Row[];
  readonly order: ListOrder;
  readonly first: number;
  readonly after: SourcePosition | null;
  /** Filters the tracker could not apply; rows failing them are skipped. */
  readonly matches?: (row: Row) => boolean;
  /** How many rows `matches` may look at before the page is cut short. @default SNAPSHOT_ROW_BUDGET */
  readonly rowBudget?: number;
}

export interface SnapshotPage<Row extends EntityRowBase> {
  readonly rows: Row[];
  readonly hasMore: boolean;
  readonly scanned: number;
  readonly partial?: string;
  /** Set with `partial`: the last row looked at, so the next page resumes past the rejected ones. */
  readonly next?: SourcePosition;
}

/** Sort a snapshot under the total order (stable: a copy is sorted). */
export function sortSnapshot<Row extends EntityRowBase>(rows: readonly Row[], order: ListOrder): Row[] {
  return [...rows].sort(compareRows(order));
}

/** The page of `first` rows after `after` from an already sorted snapshot. */
export function snapshotPage<Row extends EntityRowBase>(input: SnapshotPageInput<Row>): SnapshotPage<Row> {
  const { rows, order, first, after, matches } = input;
  const budget = input.rowBudget ?? SNAPSHOT_ROW_BUDGET;
  const start = firstIndexAfter(rows, after, order);
  const out: Row[] = [];
  let scanned = 0;
  for (let i = start; i < rows.length; i += 1) {
    const row = rows[i] as Row;
    if (matches && scanned >= budget) {
      const last = rows[i - 1] as Row;
      return { rows: out, hasMore: true, scanned, partial: `row budget of ${budget} reached before ${first} matching rows were found`, next: positionOf(last, order) };
    }
    scanned += 1;
    if (matches && !matches(row)) continue;
    if (out.length === first) return { rows: out, hasMore: true, scanned };
    out.push(row);
  }
  return { rows: out, hasMore: false, scanned };
}

/** Binary search for the first row strictly after the position. */
function firstIndexAfter<Row extends EntityRowBase>(rows: readonly Row[], after: SourcePosition | null, order: ListOrder): number {
  if (after === null) return 0;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAfter(rows[mid] as Row, after, order)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The contract's answer for a snapshot page: rows projected for the wire, the filters the tracker
 * applied, and why the page is partial (the snapshot's own limit, else the row budget).
 */
export function snapshotListResponse<Row extends EntityRowBase>(page: SnapshotPage<Row>, toRow: (row: Row) => EntityRow, appliedFilters: readonly string[], snapshotPartial?: string): ListResponse {
  const partial = [snapshotPartial, page.partial].filter((p): p is string => p !== undefined).join('; ');
  return {
    rows: page.rows.map(toRow),
    hasMore: page.hasMore,
    appliedFilters,
    scanned: page.scanned,
    ...(partial ? { partial } : {}),
    ...(page.next ? { next: page.next } : {}),
  };
}
