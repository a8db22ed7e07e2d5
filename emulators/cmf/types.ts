/**
 * The emulator's MLMD store: contexts (pipelines = `Parent_Context`, stages = `Pipeline_Stage`), executions,
 * artifacts and the events between them, as immutable records in one snapshot ({@link StoreState}). A push builds a
 * new snapshot ({@link Draft}) and swaps it in, so readers never see a half-merged push.
 */
export type CmfGeneration = 'A0' | 'A1' | 'B' | 'C';
export const CMF_GENERATIONS: readonly CmfGeneration[] = ['A0', 'A1', 'B', 'C'];

/** An MLMD property value (MLMD keeps strings, ints and doubles; the JSON format has no other kind). */
export type MlmdValue = string | number;
export type Props = Readonly<Record<string, MlmdValue>>;

/** MLMD event types: INPUT = 3, OUTPUT = 4. */
export const INPUT = 3;
export const OUTPUT = 4;
export type EventType = typeof INPUT | typeof OUTPUT;

interface Node {
  readonly id: number;
  readonly typeId: number;
  readonly typeName: string;
  readonly name: string;
  readonly properties: Props;
  readonly customProperties: Props;
  readonly createTime: number;
  readonly lastUpdate: number;
}

export interface PipelineRec extends Node {
  /** Stage context ids, in id order. */
  readonly stageIds: readonly number[];
}

export interface StageRec extends Node {
  /** Execution ids, in id order. */
  readonly executionIds: readonly number[];
}

export interface EventRec {
  readonly type: EventType;
  readonly artifactId: number;
}

export interface ExecutionRec extends Node {
  readonly events: readonly EventRec[];
}

export interface ArtifactRec extends Node {
  readonly uri: string;
}

/** One event seen from its artifact. */
export interface ArtifactUse {
  readonly executionId: number;
  readonly type: EventType;
}

export type TypeKind = 'context' | 'execution' | 'artifact';

export interface TypeRec {
  readonly id: number;
  readonly kind: TypeKind;
  readonly name: string;
}

/** Next free ids per MLMD table. */
export interface IdCounters {
  context: number;
  execution: number;
  artifact: number;
  type: number;
}

/** The tables of one snapshot. Maps keep insertion order (= creation order, what MLMD listings follow). */
export interface StoreTables {
  version: number;
  readonly next: IdCounters;
  /** `<kind>:<name>` → type. */
  readonly types: Map<string, TypeRec>;
  readonly pipelines: Map<string, PipelineRec>;
  readonly stages: Map<number, StageRec>;
  readonly stageIdByName: Map<string, number>;
  readonly executions: Map<number, ExecutionRec>;
  /** `<type name>\u0000<execution name>` → id, for re-used (named) executions. */
  readonly namedExecutions: Map<string, number>;
  readonly artifacts: Map<number, ArtifactRec>;
  readonly artifactByUri: Map<string, number>;
  /** Artifact id → its events, in creation order. */
  readonly uses: Map<number, readonly ArtifactUse[]>;
}

/** A read-only snapshot of the store. */
export type StoreState = {
  readonly [K in keyof StoreTables]: StoreTables[K] extends Map<infer A, infer B> ? ReadonlyMap<A, B> : Readonly<StoreTables[K]>;
};
