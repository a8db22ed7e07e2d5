/**
 * K-way merge of the sources' pages under the one total order (DESIGN §5.2). Each source's page holds
 * the rows after its own position; the merged page takes the first `first` rows overall, and every edge
 * records where each source stands after it, so any edge's cursor resumes exactly there.
 */
import { compareRows, positionOf } from '../../shared/order.js';
import type { EntityRow } from '../../shared/model.js';
import type { ListOrder, SourcePosition } from '../../shared/sourceContract.js';
import type { SourceState } from '../cursor/cursor.js';

export interface SourcePage {
  readonly source: string;
  readonly rows: readonly EntityRow[];
  /** The source has rows beyond the ones it returned. */
  readonly hasMore: boolean;
  /** Where this source stood before the page. */
  readonly before: SourceState;
  /** The source's resume position past rows it scanned but did not return (budget-cut pages). */
  readonly next?: SourcePosition | undefined;
}

export interface MergedEdge {
  readonly row: EntityRow;
  readonly source: string;
  /** Every included source's state after this row. */
  readonly positions: Readonly<Record<string, SourceState>>;
}

export interface MergedPage {
  readonly edges: readonly MergedEdge[];
  /** Every included source's state after the page. */
  readonly positions: Readonly<Record<string, SourceState>>;
  readonly hasNextPage: boolean;
}

export function mergePage(pages: readonly SourcePage[], order: ListOrder, first: number): MergedPage {
  const compare = compareRows(order);
  const tagged = pages.flatMap((p) => p.rows.map((row) => ({ row, source: p.source })));
  tagged.sort((a, b) => compare(a.row, b.row));
  const taken = tagged.slice(0, first);

  const state: Record<string, SourceState> = {};
  const consumed = new Map<string, number>();
  for (const p of pages) {
    consumed.set(p.source, 0);
    state[p.source] = p.rows.length === 0 ? (!p.hasMore ? 'done' : (p.next ?? p.before)) : p.before;
  }
  const pageOf = new Map(pages.map((p) => [p.source, p] as const));
  const edges: MergedEdge[] = taken.map(({ row, source }) => {
    const page = pageOf.get(source) as SourcePage;
    const n = (consumed.get(source) ?? 0) + 1;
    consumed.set(source, n);
    // A source is exhausted once its last row is consumed and it said it had no more.
    // Once its last row is consumed a source is exhausted, or resumes past what it scanned.
    state[source] = n === page.rows.length ? (!page.hasMore ? 'done' : (page.next ?? positionOf(row, order))) : positionOf(row, order);
    return { row, source, positions: { ...state } };
  });
  const hasNextPage = Object.values(state).some((s) => s !== 'done');
  return { edges, positions: { ...state }, hasNextPage };
}
