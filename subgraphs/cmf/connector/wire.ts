/**
 * The MLMD JSON document CMF exchanges on `mlmd_push` / `mlmd_pull` (reference/cmf.md "MLMD JSON
 * format"): `{"Pipeline": [{stages: [{executions: [{events: [{type, artifact}]}]}]}]}`. Only the
 * structure is typed; every value is `unknown` until the mapper narrows it, because the document is
 * produced by several cmflib versions (custom properties are ints, doubles or strings; old executions
 * lack `Execution_uuid`; `type` may be missing on contexts).
 */

/** An MLMD node as `CmfQuery._get_node_attributes` writes it. */
export interface MlmdNodeWire {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly type_id?: unknown;
  readonly name?: unknown;
  readonly uri?: unknown;
  readonly create_time_since_epoch?: unknown;
  readonly last_update_time_since_epoch?: unknown;
  readonly properties?: unknown;
  readonly custom_properties?: unknown;
}

export interface MlmdEventWire {
  /** 3 = INPUT, 4 = OUTPUT (MLMD's Event.Type). */
  readonly type?: unknown;
  readonly artifact?: unknown;
}

export interface MlmdExecutionWire extends MlmdNodeWire {
  readonly events?: unknown;
}

export interface MlmdStageWire extends MlmdNodeWire {
  readonly executions?: unknown;
}

export interface MlmdPipelineWire extends MlmdNodeWire {
  readonly stages?: unknown;
}

/** The whole document. */
export interface MlmdDocumentWire {
  readonly Pipeline: readonly unknown[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isMlmdDocument(v: unknown): v is MlmdDocumentWire {
  return isRecord(v) && Array.isArray(v['Pipeline']);
}

/** The records of `obj[key]` when it is a list (anything else dropped). */
export function recordsOf(obj: unknown, key: string): Record<string, unknown>[] {
  const list = isRecord(obj) ? obj[key] : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** `JSON.parse` of a pull body, or undefined when it is not an MLMD document (`no_exec_uuid`, an error page). */
export function parseMlmdDocument(text: string): MlmdDocumentWire | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isMlmdDocument(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `/pipelines`: a JSON list of names; undefined when the body is something else. */
export function pipelineNames(body: unknown): string[] | undefined {
  return Array.isArray(body) ? body.filter((p): p is string => typeof p === 'string' && p !== '') : undefined;
}

/** FastAPI's error body `{"detail": <string | validation list>}`. */
export interface CmfErrorWire {
  readonly detail?: unknown;
}
