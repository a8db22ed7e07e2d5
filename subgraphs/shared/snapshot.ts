/**
 * Pages served from a sorted snapshot (DESIGN §5.1), for trackers that cannot page in order
 * (Comet lists whole projects) or orders a tracker cannot keyset (ClearML by name). The snapshot is
 * already filtered by whatever the tracker applied; `matches` applies the rest under a row budget.
 */
import { compareRows, isAfter } from './order.js';
import type { EntityRowBase } from './model.js';
import type { ListOrder, SourcePosition } from './sourceContract.js';

export interface SnapshotPageInput<Row extends EntityRowBase> {
  readonly rows: readonly Row[];
  readonly order: ListOrder;
  readonly first: number;
  readonly after: SourcePosition | null;
  /** Filters the tracker could not apply; rows failing them are skipped. */
  readonly matches?: (row: Row) => boolean;
  /** How many rows `matches` may look at before the page is cut short. @default Infinity */
  readonly rowBudget?: number;
}

export interface SnapshotPage<Row extends EntityRowBase> {
  readonly rows: Row[];
  readonly hasMore: boolean;
  readonly scanned: number;
  readonly partial?: string;
}

/** Sort a snapshot under the total order (stable: a copy is sorted). */
export function sortSnapshot<Row extends EntityRowBase>(rows: readonly Row[], order: ListOrder): Row[] {
  return [...rows].sort(compareRows(order));
}

/** The page of `first` rows after `after` from an already sorted snapshot. */
export function snapshotPage<Row extends EntityRowBase>(input: SnapshotPageInput<Row>): SnapshotPage<Row> {
  const { rows, order, first, after, matches } = input;
  const budget = input.rowBudget ?? Number.POSITIVE_INFINITY;
  const start = firstIndexAfter(rows, after, order);
  const out: Row[] = [];
  let scanned = 0;
  for (let i = start; i < rows.length; i += 1) {
    const row = rows[i] as Row;
    if (matches && scanned >= budget) {
      return { rows: out, hasMore: true, scanned, partial: `row budget of ${budget} reached before ${first} matching rows were found` };
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
