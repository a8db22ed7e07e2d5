/**
 * ClearML's JSON as the server writes it (reference/clearml.md §2.2, §6). Only the fields Switchyard
 * reads are typed; everything arrives as unknown and is narrowed by the guards below.
 */

export interface ClearMLEnvelope {
  readonly meta: {
    readonly id?: string;
    readonly result_code: number;
    readonly result_subcode?: number;
    readonly result_msg?: string;
  };
  readonly data: unknown;
}

export interface ClearMLParamsItem {
  readonly section?: string;
  readonly name?: string;
  readonly value?: string;
  readonly type?: string;
  readonly description?: string;
}

export interface ClearMLConfigurationItem {
  readonly name?: string;
  readonly value?: string;
  readonly type?: string;
  readonly description?: string;
}

export interface ClearMLMetricEvent {
  readonly metric?: string;
  readonly variant?: string;
  readonly value?: number;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly count?: number;
}

export interface ClearMLTaskWire {
  readonly id: string;
  readonly name?: string;
  readonly user?: string;
  readonly company?: string;
  readonly type?: string;
  readonly status?: string;
  readonly status_reason?: string;
  readonly status_message?: string;
  readonly status_changed?: string;
  readonly comment?: string;
  readonly created?: string;
  readonly started?: string;
  readonly completed?: string;
  readonly published?: string;
  readonly last_update?: string;
  readonly active_duration?: number | null;
  readonly project?: string | null;
  readonly parent?: string | null;
  readonly execution?: { readonly queue?: string | null; readonly framework?: string | null; readonly artifacts?: readonly unknown[] };
  /** Input and output model slots (2.13+). */
  readonly models?: { readonly input?: readonly ClearMLModelRef[]; readonly output?: readonly ClearMLModelRef[] };
  readonly container?: Readonly<Record<string, string>>;
  readonly script?: {
    readonly binary?: string;
    readonly repository?: string;
    readonly branch?: string;
    readonly tag?: string;
    readonly version_num?: string;
    readonly entry_point?: string;
    readonly working_dir?: string;
  };
  readonly hyperparams?: Readonly<Record<string, Readonly<Record<string, ClearMLParamsItem>>>>;
  readonly configuration?: Readonly<Record<string, ClearMLConfigurationItem>>;
  readonly runtime?: Readonly<Record<string, unknown>>;
  readonly tags?: readonly string[];
  readonly system_tags?: readonly string[];
  readonly last_iteration?: number;
  readonly last_metrics?: Readonly<Record<string, Readonly<Record<string, ClearMLMetricEvent>>>>;
}

/** One model slot of a task: `name` is the slot, `model` the model id. */
export interface ClearMLModelRef {
  readonly name?: string;
  readonly model?: string;
  readonly updated?: string;
}

/** One entry of a task's `execution.artifacts` (reference §6.1). */
export interface ClearMLArtifactWire {
  readonly key: string;
  readonly type?: string;
  /** `input` or `output` (the server's default). */
  readonly mode?: string;
  readonly uri?: string;
  /** The SDK writes the bare SHA-256 hex of the file. */
  readonly hash?: string;
  readonly content_size?: number;
  /** Epoch seconds. */
  readonly timestamp?: number;
  readonly type_data?: { readonly preview?: string; readonly content_type?: string; readonly data_hash?: string };
  readonly display_data?: unknown;
}

export interface ClearMLMetadataItem {
  readonly key?: string;
  readonly type?: string;
  readonly value?: string;
}

/** A model (reference §6.2). */
export interface ClearMLModelWire {
  readonly id: string;
  readonly name?: string;
  readonly user?: string;
  readonly created?: string;
  readonly last_update?: string;
  /** The task that created it. */
  readonly task?: string | null;
  /** The model it was derived from. */
  readonly parent?: string | null;
  readonly project?: string | null;
  readonly comment?: string;
  readonly tags?: readonly string[];
  readonly system_tags?: readonly string[];
  readonly framework?: string;
  readonly labels?: Readonly<Record<string, number>>;
  readonly uri?: string;
  /** true = published. */
  readonly ready?: boolean;
  readonly metadata?: Readonly<Record<string, ClearMLMetadataItem>>;
  readonly last_iteration?: number;
  readonly last_metrics?: ClearMLTaskWire['last_metrics'];
}

/** One entry of `serving.get_endpoints` (`endpoint_stats`, reference §5.7). */
export interface ClearMLEndpointWire {
  /** The endpoint's name. */
  readonly endpoint: string;
  /** The served model's name. */
  readonly model?: string;
  readonly url?: string;
  readonly instances?: number;
  readonly uptime_sec?: number;
  readonly requests?: number;
  readonly requests_min?: number;
  readonly latency_ms?: number;
  readonly last_update?: string;
}

export interface ClearMLProjectWire {
  readonly id: string;
  readonly name?: string;
  readonly basename?: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isEnvelope(v: unknown): v is ClearMLEnvelope {
  return isRecord(v) && isRecord(v['meta']) && typeof v['meta']['result_code'] === 'number';
}

/** A task object: an id string is the one thing every projection carries. */
export function isTaskWire(v: unknown): v is ClearMLTaskWire {
  return isRecord(v) && typeof v['id'] === 'string';
}

export function isModelWire(v: unknown): v is ClearMLModelWire {
  return isRecord(v) && typeof v['id'] === 'string';
}

export function isArtifactWire(v: unknown): v is ClearMLArtifactWire {
  return isRecord(v) && typeof v['key'] === 'string';
}

export function isEndpointWire(v: unknown): v is ClearMLEndpointWire {
  return isRecord(v) && typeof v['endpoint'] === 'string';
}

export function isProjectWire(v: unknown): v is ClearMLProjectWire {
  return isRecord(v) && typeof v['id'] === 'string';
}

/** `data.<key>` as an array of objects passing `guard` (anything else is dropped). */
export function listOf<T>(data: unknown, key: string, guard: (v: unknown) => v is T): T[] {
  const list = isRecord(data) ? data[key] : undefined;
  return Array.isArray(list) ? list.filter(guard) : [];
}
