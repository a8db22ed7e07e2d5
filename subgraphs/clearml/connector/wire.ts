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

export function isProjectWire(v: unknown): v is ClearMLProjectWire {
  return isRecord(v) && typeof v['id'] === 'string';
}

/** `data.<key>` as an array of objects passing `guard` (anything else is dropped). */
export function listOf<T>(data: unknown, key: string, guard: (v: unknown) => v is T): T[] {
  const list = isRecord(data) ? data[key] : undefined;
  return Array.isArray(list) ? list.filter(guard) : [];
}
