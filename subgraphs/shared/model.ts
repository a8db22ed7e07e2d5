/**
 * The unified shapes the sources hand to the catalog (DESIGN §3), as plain data. These mirror the
 * shared SDL in schema/shared; sources fill them with their mappers, the catalog serves them as is.
 */
import type { TrackerKind } from './ids.js';

export type TaskStatus = 'CREATED' | 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'STOPPED' | 'UNKNOWN';
export const TASK_STATUSES: readonly TaskStatus[] = ['CREATED', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'STOPPED', 'UNKNOWN'];

export interface Origin {
  readonly source: string;
  readonly kind: TrackerKind;
  readonly nativeId: string;
  readonly url: string | null;
}

export interface Parameter {
  readonly section: string | null;
  readonly name: string;
  readonly value: string | null;
}

export interface MetricSummary {
  readonly name: string;
  readonly variant: string | null;
  readonly last: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly step: number | null;
  /** ISO-8601 UTC. */
  readonly updatedAt: string | null;
}

/**
 * A task as a listing row: every shared Task field. `parameters` and `metrics` are `undefined` when the
 * source's listing call did not read them (the catalog then asks the source for details in one batch).
 */
export interface TaskRow {
  readonly __typename: string;
  readonly id: string;
  readonly origin: Origin;
  readonly name: string;
  readonly project: string | null;
  /** ISO-8601 UTC with milliseconds. */
  readonly createdAt: string | null;
  readonly status: TaskStatus | null;
  readonly archived: boolean | null;
  readonly type: string | null;
  readonly user: string | null;
  /** undefined: the listing did not read them (the catalog asks for details). */
  readonly tags?: readonly string[] | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly parameters?: readonly Parameter[] | null;
  readonly metrics?: readonly MetricSummary[] | null;
  /** The tracker's own object (size-capped), when the listing read it. */
  readonly raw?: unknown;
}

export type EntityKind = 'task' | 'model' | 'artifact' | 'deployment';
export const ENTITY_KINDS: readonly EntityKind[] = ['task', 'model', 'artifact', 'deployment'];

export type DeploymentStatus = 'PENDING' | 'DEPLOYING' | 'RUNNING' | 'FAILED' | 'STOPPING' | 'STOPPED' | 'UNKNOWN';
export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = ['PENDING', 'DEPLOYING', 'RUNNING', 'FAILED', 'STOPPING', 'STOPPED', 'UNKNOWN'];

/** What every entity row carries: the fields the catalog sorts, filters and links by. */
export interface EntityRowBase {
  readonly __typename: string;
  readonly id: string;
  readonly origin: Origin;
  readonly name: string;
  readonly project: string | null;
  /** ISO-8601 UTC with milliseconds. */
  readonly createdAt: string | null;
  readonly raw?: unknown;
}

/** A model's shared fields. `tags` and `metrics` may be undefined: not read by the listing. */
export interface ModelRow extends EntityRowBase {
  readonly version: string | null;
  readonly framework: string | null;
  readonly stages: readonly string[] | null;
  readonly tags?: readonly string[] | null;
  readonly uri: string | null;
  readonly metrics?: readonly MetricSummary[] | null;
}

export interface ArtifactRow extends EntityRowBase {
  readonly type: string | null;
  readonly uri: string | null;
  /** `<algo>:<hex>` */
  readonly hash: string | null;
  /** Bytes. */
  readonly size: number | null;
}

export interface DeploymentRow extends EntityRowBase {
  readonly status: DeploymentStatus | null;
  readonly endpoint: string | null;
  readonly placement: unknown;
}

export type EntityRow = TaskRow | ModelRow | ArtifactRow | DeploymentRow;

/** Detail fields of any kind; each kind fills the ones it has (raw always). */
export interface EntityDetails {
  readonly tags?: readonly string[] | null;
  readonly parameters?: readonly Parameter[] | null;
  readonly metrics?: readonly MetricSummary[] | null;
  readonly raw: unknown;
}

/** One point of a metric's history. */
export interface MetricPointValue {
  readonly step: number | null;
  /** ISO-8601 UTC. */
  readonly timestamp: string | null;
  readonly value: number;
}

export interface MetricSeriesValue {
  readonly name: string;
  readonly variant: string | null;
  readonly points: readonly MetricPointValue[];
  readonly totalPoints: number | null;
  readonly droppedNonFinite: number;
  readonly downsampling: { readonly by: 'NONE' | 'SOURCE' | 'SWITCHYARD'; readonly method: string | null };
}

export type LineageRelation = 'INPUT_OF' | 'OUTPUT_OF' | 'PARENT_OF' | 'VERSION_OF' | 'DEPLOYED_AS' | 'SERVED' | 'SAME_AS' | 'REFERENCES';

/** An edge from upstream to downstream (see schema/shared/lineage.graphql for what each relation means). */
export interface LineageEdgeValue {
  readonly from: string;
  readonly to: string;
  readonly relation: LineageRelation;
  readonly evidence: string | null;
}

/** The detail fields (tags included) a listing may leave out, loaded in one batch per source when asked for. */
export interface TaskDetails {
  readonly tags: readonly string[] | null;
  readonly parameters: readonly Parameter[] | null;
  readonly metrics: readonly MetricSummary[] | null;
  readonly raw: unknown;
}
