/**
 * The source contract (DESIGN §5.1): what every source subgraph serves to the catalog on internal
 * routes under /source/v1/, and nothing else the catalog may use. Requests and answers are JSON.
 */
import type { TrackerKind } from './ids.js';
import type { TaskDetails, TaskRow, TaskStatus } from './model.js';

export const SOURCE_CONTRACT_PREFIX = '/source/v1';

export type ListOrder = 'CREATED_AT_DESC' | 'CREATED_AT_ASC' | 'NAME_ASC';
export const LIST_ORDERS: readonly ListOrder[] = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'];

/** Epoch ms for time orders, the name for NAME_ASC; null sorts last in either direction. */
export type SortKey = number | string | null;

/** A keyset position: the last row a traversal consumed from this source. Never an offset. */
export interface SourcePosition {
  readonly sortKey: SortKey;
  readonly id: string;
}

/** The task filter with every value already validated and normalised by the catalog. */
export interface TaskListFilter {
  readonly projects?: readonly string[];
  readonly status?: readonly TaskStatus[];
  readonly tags?: readonly string[];
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
  /** Epoch ms, inclusive. */
  readonly createdAfter?: number;
  /** Epoch ms, inclusive. */
  readonly createdBefore?: number;
  /** false (default): not archived; true: archived only; null: both. */
  readonly archived?: boolean | null;
}

export interface ListRequest {
  readonly instance: string;
  readonly kind: 'task';
  readonly filter: TaskListFilter;
  readonly order: ListOrder;
  readonly first: number;
  readonly after: SourcePosition | null;
}

export interface ListResponse {
  /** Rows strictly after `after` in the total order, at most `first`. */
  readonly rows: readonly TaskRow[];
  /** More rows exist after the last one returned (or the row budget ran out first). */
  readonly hasMore: boolean;
  /** Filters the tracker applied itself; the rest were applied on the source's snapshot. */
  readonly appliedFilters: readonly string[];
  /** Backend rows read to produce this page. */
  readonly scanned: number;
  /** Set when the row budget ran out before `first` matching rows were found. */
  readonly partial?: string;
  /**
   * Where to resume when the page was cut short by a budget: the last row the source looked at (it
   * may not match the filter). Lets a traversal move past rows that were scanned and rejected.
   */
  readonly next?: SourcePosition;
}

export interface GetByIdsRequest {
  readonly instance: string;
  readonly kind: 'task';
  /** Global ids, all of this instance and kind. */
  readonly ids: readonly string[];
}

export interface GetByIdsResponse {
  /** In request order; null for ids the source does not have. */
  readonly rows: readonly (TaskRow | null)[];
}

export interface DetailsRequest {
  readonly instance: string;
  readonly kind: 'task';
  readonly ids: readonly string[];
}

export interface DetailsResponse {
  /** In request order; null for ids the source does not have. */
  readonly details: readonly (TaskDetails | null)[];
}

export interface Capability {
  readonly kind: string;
  readonly listable: boolean;
  readonly orderBy: readonly ListOrder[];
  readonly filters: readonly string[];
  readonly byIds: boolean;
  readonly writes: readonly string[];
}

export interface SourceInfo {
  readonly name: string;
  readonly kind: TrackerKind;
  readonly version: string | null;
  readonly emulated: boolean;
  readonly capabilities: readonly Capability[];
  /** The result of a cheap authenticated call to the tracker, made for this answer. */
  readonly health: SourceHealth;
}

export interface SourceHealth {
  readonly outcome: 'OK' | 'TIMEOUT' | 'ERROR' | 'UNAUTHORIZED';
  readonly message: string | null;
  readonly latencyMs: number;
}

export interface CapabilitiesResponse {
  readonly sources: readonly SourceInfo[];
}

/** The error body a source route answers with; `code` is from the error registry. */
export interface SourceErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly source?: string };
}

/** What a source subgraph implements for one tracker kind; the server exposes it on the routes. */
export interface SourceContract {
  list(req: ListRequest, ctx: SourceCallContext): Promise<ListResponse>;
  getByIds(req: GetByIdsRequest, ctx: SourceCallContext): Promise<GetByIdsResponse>;
  details(req: DetailsRequest, ctx: SourceCallContext): Promise<DetailsResponse>;
  capabilities(ctx: SourceCallContext): Promise<CapabilitiesResponse>;
  /** Forget everything cached for the instance (list snapshots included): a write went around the cache. */
  invalidate(req: InvalidateRequest, ctx: SourceCallContext): Promise<{ readonly invalidated: true }>;
}

export interface InvalidateRequest {
  readonly instance: string;
}

/** Who is calling and under which request id; sources pick backend credentials from the principal. */
export interface SourceCallContext {
  readonly principal: Principal;
  readonly requestId: string;
}

export interface Principal {
  /** Stable id: cache keys include it where a tracker has no credential of its own. */
  readonly id: string;
  readonly roles: readonly string[];
}
