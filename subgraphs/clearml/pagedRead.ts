/**
 * Bounded searches over a ClearML `get_all` (lineage's downstream searches, stitching's `match`): whole
 * pages of 500 until a short page or a row budget, and whether the budget cut the read short.
 */
import { listOf } from './connector/index.js';
import { CLEARML_MAX_PAGE, type ClearMLInstance } from './source.js';

export interface PagedRead<W> {
  readonly rows: readonly W[];
  /** The budget ran out on a full page: rows past it were not read. */
  readonly truncated: boolean;
}

export async function readPaged<W>(inst: ClearMLInstance, endpoint: string, key: string, guard: (v: unknown) => v is W, query: Readonly<Record<string, unknown>>, budget: number): Promise<PagedRead<W>> {
  const rows: W[] = [];
  for (let page = 0; ; page += 1) {
    const read = listOf(await inst.connector.call(endpoint, { ...query, page, page_size: CLEARML_MAX_PAGE }, 'read'), key, guard);
    rows.push(...read);
    if (read.length < CLEARML_MAX_PAGE) return { rows, truncated: false };
    if (rows.length >= budget) return { rows, truncated: true };
  }
}
