/**
 * The source contract (DESIGN §5.1): what every source subgraph serves to the catalog on internal
 * routes under /source/v1/, and nothing else the catalog may use. Requests and answers are JSON.
 */
import type { TrackerKind } from './ids.js';
import type { MatchRequest, MatchResponse, StitchKeys } from './stitch.js';
import type { DeploymentStatus, EntityDetails, EntityKind, EntityRow, LineageEdgeValue, MetricSeriesValue, Parameter, TaskStatus } from './model.js';

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

export interface ModelListFilter {
  readonly projects?: readonly string[];
  readonly stages?: readonly string[];
  readonly frameworks?: readonly string[];
  readonly tags?: readonly string[];
  readonly nameContains?: string;
}

export interface ArtifactListFilter {
  readonly projects?: readonly string[];
  readonly types?: readonly string[];
  /** `<algo>:<hex>`, lower-case hex. */
  readonly hash?: string;
  readonly nameContains?: string;
}

/** Every filter field of each kind, as the GraphQL filter inputs name them (`sources` is the catalog's). */
export const FILTER_FIELDS: Readonly<Record<'task' | 'model' | 'artifact' | 'deployment', readonly string[]>> = {
  task: ['projects', 'status', 'tags', 'nameContains', 'createdAfter', 'createdBefore', 'archived'],
  model: ['projects', 'stages', 'frameworks', 'tags', 'nameContains'],
  artifact: ['projects', 'types', 'hash', 'nameContains'],
  deployment: ['status', 'nameContains'],
};

export interface DeploymentListFilter {
  readonly status?: readonly DeploymentStatus[];
  readonly nameContains?: string;
}

interface ListRequestBase {
  readonly instance: string;
  readonly order: ListOrder;
  readonly first: number;
  readonly after: SourcePosition | null;
}

export interface TaskListRequest extends ListRequestBase {
  readonly kind: 'task';
  readonly filter: TaskListFilter;
}

export interface ModelListRequest extends ListRequestBase {
  readonly kind: 'model';
  readonly filter: ModelListFilter;
}

export interface ArtifactListRequest extends ListRequestBase {
  readonly kind: 'artifact';
  readonly filter: ArtifactListFilter;
}

export interface DeploymentListRequest extends ListRequestBase {
  readonly kind: 'deployment';
  readonly filter: DeploymentListFilter;
}

export type ListRequest = TaskListRequest | ModelListRequest | ArtifactListRequest | DeploymentListRequest;

export interface ListResponse {
  /** Rows strictly after `after` in the total order, at most `first`. */
  readonly rows: readonly EntityRow[];
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
  readonly kind: EntityKind;
  /** Global ids, all of this instance and kind. */
  readonly ids: readonly string[];
}

export interface GetByIdsResponse {
  /** In request order; null for ids the source does not have. */
  readonly rows: readonly (EntityRow | null)[];
}

export interface DetailsRequest {
  readonly instance: string;
  readonly kind: EntityKind;
  readonly ids: readonly string[];
}

export interface DetailsResponse {
  /** In request order; null for ids the source does not have. */
  readonly details: readonly (EntityDetails | null)[];
}

export interface SeriesRequest {
  readonly instance: string;
  readonly items: readonly { readonly id: string; readonly name: string; readonly variant: string | null; readonly maxPoints: number }[];
}

export interface SeriesResponse {
  /** In request order; null where the task or the metric does not exist. */
  readonly series: readonly (MetricSeriesValue | null)[];
}

export interface EdgesRequest {
  readonly instance: string;
  /** Global ids of this instance, of any kind. */
  readonly ids: readonly string[];
  readonly direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
}

export interface EdgesResponse {
  /** Native edges touching the ids in the given direction; ends may be ids of any source. */
  readonly edges: readonly LineageEdgeValue[];
  /** Stitching keys of the requested ids the source has (stitch.ts); the catalog stitches across trackers with them. */
  readonly keys?: readonly StitchKeys[];
}

export type { MatchRequest, MatchResponse, StitchKeys };

/** The writes a source may support (capability `writes` lists the ops it has). */
export type WriteRequest =
  | { readonly op: 'createTask'; readonly instance: string; readonly project: string; readonly name: string; readonly tags?: readonly string[]; readonly idempotencyKey?: string }
  | { readonly op: 'logMetrics'; readonly instance: string; readonly id: string; readonly points: readonly WriteMetricPoint[] }
  | { readonly op: 'logParameters'; readonly instance: string; readonly id: string; readonly parameters: readonly Parameter[] }
  | { readonly op: 'setTaskStatus'; readonly instance: string; readonly id: string; readonly status: TaskStatus }
  | { readonly op: 'setTaskArchived'; readonly instance: string; readonly id: string; readonly archived: boolean }
  | { readonly op: 'addTags'; readonly instance: string; readonly id: string; readonly tags: readonly string[] }
  | {
      readonly op: 'registerModel';
      readonly instance: string;
      readonly project?: string;
      readonly name: string;
      readonly version?: string;
      readonly framework?: string;
      readonly uri?: string;
      readonly producedBy?: string;
      readonly tags?: readonly string[];
      readonly idempotencyKey?: string;
    }
  | { readonly op: 'setModelStages'; readonly instance: string; readonly id: string; readonly stages: readonly string[] }
  /** Deploy a model; `idempotencyKey` lets a retry find the first deployment (MLConnector: the deployment_id). */
  | { readonly op: 'createDeployment'; readonly instance: string; readonly modelId: string; readonly name?: string; readonly placement?: unknown; readonly idempotencyKey?: string }
  | { readonly op: 'deleteDeployment'; readonly instance: string; readonly id: string }
  | { readonly op: 'predict'; readonly instance: string; readonly deploymentId: string; readonly data: unknown; readonly explain: boolean }
  /** CMF: a whole pipeline's MLMD document, merged by Execution_uuid (DESIGN §3 Mutation). */
  | { readonly op: 'pushMetadata'; readonly instance: string; readonly pipeline: string; readonly mlmd: unknown };

export type WriteOp = WriteRequest['op'];

export interface WriteMetricPoint {
  readonly name: string;
  readonly variant: string | null;
  readonly value: number;
  readonly step: number | null;
  /** Epoch ms. */
  readonly timestamp: number | null;
}

export interface WriteResponse {
  /** The global id written (created or changed). */
  readonly id: string;
  /** logMetrics: points stored. */
  readonly accepted?: number;
  /** logMetrics: points refused, by position. */
  readonly rejected?: readonly { readonly index: number; readonly reason: string }[];
  /** pushMetadata: the tracker's own answer (CMF: `success` or `exists`). */
  readonly status?: string;
  /** pushMetadata: the global ids of the tasks the document carries. */
  readonly ids?: readonly string[];
  /** predict: the model's answer, and its explanation when asked for and supported. */
  readonly prediction?: unknown;
  readonly explanation?: unknown;
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
  readonly outcome: 'OK' | 'TIMEOUT' | 'ERROR' | 'UNAUTHORIZED' | 'CIRCUIT_OPEN';
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
  series(req: SeriesRequest, ctx: SourceCallContext): Promise<SeriesResponse>;
  edges(req: EdgesRequest, ctx: SourceCallContext): Promise<EdgesResponse>;
  /** The source's objects carrying any of the given hashes, locations or link values (cross-tracker stitching). */
  match(req: MatchRequest, ctx: SourceCallContext): Promise<MatchResponse>;
  write(req: WriteRequest, ctx: SourceCallContext): Promise<WriteResponse>;
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
