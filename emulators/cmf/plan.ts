/**
 * What `cmflib/cmf_federation.py` `update_mlmd(..., "push")` decides before anything is merged, with Python's
 * semantics: which status the push gets, or an unhandled exception (the real server then answers a plain 500).
 * Malformed documents crash where the Python code would (`.get` on a list, a missing key, `.split` on a number).
 */
import { isJsonObject, type Json, type JsonObject, pyFalsy } from './pyjson.js';

/** An exception the real server does not handle: FastAPI answers 500 `Internal Server Error` (text/plain). */
export class PyCrash extends Error {
  override readonly name = 'PyCrash';
}

export type PushPlan =
  | { readonly kind: 'invalid_json_payload' }
  | { readonly kind: 'pipeline_not_exist' }
  | { readonly kind: 'version_update' }
  | { readonly kind: 'exists' }
  /** Merge this pipeline (already stripped of executions the server has). */
  | { readonly kind: 'merge'; readonly pipeline: JsonObject };

/** Python `for x in v`: lists yield items, dicts keys, strings characters; anything else is not iterable. */
export function pyIter(v: Json | undefined): Json[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (isJsonObject(v)) return Object.keys(v);
  throw new PyCrash(`TypeError: '${pyTypeName(v)}' object is not iterable`);
}

/** Python `v[key]` with a string key: dicts only, and the key must exist. */
export function pyItem(v: Json | undefined, key: string): Json {
  if (!isJsonObject(v)) throw new PyCrash(`TypeError: ${pyTypeName(v)} indices must be integers or slices, not str`);
  if (!Object.hasOwn(v, key)) throw new PyCrash(`KeyError: '${key}'`);
  return v[key] as Json;
}

/** Python `key in v`. */
function pyContains(v: Json, key: string): boolean {
  if (isJsonObject(v)) return Object.hasOwn(v, key);
  if (Array.isArray(v)) return v.includes(key);
  if (typeof v === 'string') return v.includes(key);
  throw new PyCrash(`TypeError: argument of type '${pyTypeName(v)}' is not iterable`);
}

function pySplit(v: Json): string[] {
  if (typeof v !== 'string') throw new PyCrash(`AttributeError: '${pyTypeName(v)}' object has no attribute 'split'`);
  return v.split(',');
}

export function pyTypeName(v: Json | undefined): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  return Array.isArray(v) ? 'list' : 'dict';
}

/**
 * Decides a push. `existing` are the Execution_uuid values the server already holds for the pipeline.
 * Throws {@link PyCrash} where the real code raises.
 */
export function planPush(doc: Json, pipelineName: string, existing: ReadonlySet<string>): PushPlan {
  if (!isJsonObject(doc)) throw new PyCrash(`AttributeError: '${pyTypeName(doc)}' object has no attribute 'get'`);
  const pipelines = Object.hasOwn(doc, 'Pipeline') ? (doc['Pipeline'] as Json) : [];
  if (pyFalsy(pipelines)) return { kind: 'invalid_json_payload' };
  if (typeof pipelines === 'number' || typeof pipelines === 'boolean') throw new PyCrash(`TypeError: object of type '${pyTypeName(pipelines)}' has no len()`);
  const candidates = pyIter(pipelines).map((p) => {
    if (!isJsonObject(p)) throw new PyCrash(`AttributeError: '${pyTypeName(p)}' object has no attribute 'get'`);
    return p;
  });
  const pipeline = candidates.find((p) => p['name'] === pipelineName);
  if (!pipeline) return { kind: 'pipeline_not_exist' };

  // identify_existing_and_new_executions: every unnamed execution must carry an Execution_uuid; named
  // (re-used) executions are always merged, so only unnamed ones' uuids count as "already there".
  const already = new Set<string>();
  for (const stage of pyIter(pyItem(pipeline, 'stages'))) {
    for (const execution of pyIter(pyItem(stage, 'executions'))) {
      if (pyItem(execution, 'name') !== '') continue;
      const props = pyItem(execution, 'properties');
      if (!pyContains(props, 'Execution_uuid')) return { kind: 'version_update' };
      for (const u of pySplit(pyItem(props, 'Execution_uuid'))) if (existing.has(u)) already.add(u);
    }
  }

  // Drop executions the server has (any of their uuids), then stages left empty. (The real loop appends an
  // execution once per uuid of a comma-separated list; it is kept once here, see README.)
  const stages: JsonObject[] = [];
  for (const stage of pyIter(pyItem(pipeline, 'stages'))) {
    if (!isJsonObject(stage)) throw new PyCrash(`TypeError: 'str' object does not support item assignment`);
    const kept = pyIter(pyItem(stage, 'executions')).filter((e) => !pySplit(pyItem(pyItem(e, 'properties'), 'Execution_uuid')).some((u) => already.has(u)));
    if (kept.length > 0) stages.push({ ...stage, executions: kept });
  }
  if (stages.length === 0) return { kind: 'exists' };
  return { kind: 'merge', pipeline: { ...pipeline, stages } };
}
