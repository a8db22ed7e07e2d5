/**
 * The one total order every cross-source list uses (DESIGN §5.2): sort key (epoch-ms integers for
 * time orders, the name for NAME_ASC; nulls last in either direction), then the id compared as code
 * points, both in the stated direction. Sources and the catalog share it, so a keyset position means
 * the same thing on both sides.
 */
import type { EntityRowBase } from './model.js';
import type { ListOrder, SortKey, SourcePosition } from './sourceContract.js';

export function sortKeyOf(row: Pick<EntityRowBase, 'createdAt' | 'name'>, order: ListOrder): SortKey {
  if (order === 'NAME_ASC') return row.name;
  if (row.createdAt === null) return null;
  const ms = Date.parse(row.createdAt);
  return Number.isFinite(ms) ? ms : null;
}

/** Code-point comparison (not locale-aware), so every replica and every language agree. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  // Mixed types cannot occur within one order; treat as equal rather than guess.
  return 0;
}

/** Negative when `a` comes first under `order`. */
export function comparePositions(a: SourcePosition, b: SourcePosition, order: ListOrder): number {
  const sign = order === 'CREATED_AT_DESC' ? -1 : 1;
  if (a.sortKey === null || b.sortKey === null) {
    if (a.sortKey !== b.sortKey) return a.sortKey === null ? 1 : -1; // nulls last
  } else {
    const byKey = compareKeys(a.sortKey, b.sortKey);
    if (byKey !== 0) return sign * byKey;
  }
  return sign * compareCodePoints(a.id, b.id);
}

export function positionOf(row: Pick<EntityRowBase, 'createdAt' | 'name' | 'id'>, order: ListOrder): SourcePosition {
  return { sortKey: sortKeyOf(row, order), id: row.id };
}

export function compareRows(order: ListOrder): (a: Pick<EntityRowBase, 'createdAt' | 'name' | 'id'>, b: Pick<EntityRowBase, 'createdAt' | 'name' | 'id'>) => number {
  return (a, b) => comparePositions(positionOf(a, order), positionOf(b, order), order);
}

/** True when `row` comes strictly after `after` (always true when there is no position yet). */
export function isAfter(row: Pick<EntityRowBase, 'createdAt' | 'name' | 'id'>, after: SourcePosition | null, order: ListOrder): boolean {
  return after === null || comparePositions(positionOf(row, order), after, order) > 0;
}
