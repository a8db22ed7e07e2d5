/**
 * `CmfQuery.dumptojson` / `extract_to_json`: the MLMD JSON document of one pipeline (optionally one execution) or
 * of every pipeline (optionally only what changed after `last_sync_time`), with `json.dumps`'s spacing. Key order
 * follows `_get_node_attributes` (initial keys, then CONTEXT_LIST order); empty-string attributes are omitted; a
 * custom property named `type` is renamed `user_type`. The text is built execution by execution, yielding.
 */
import { Pacer } from './coopJson.js';
import { type JsonObject, pyDumps } from './pyjson.js';
import { pipelineStages, uuidsOf } from './state.js';
import type { ArtifactRec, ExecutionRec, PipelineRec, Props, StageRec, StoreState } from './types.js';

/** Which executions (and so stages / pipelines) a dump includes. */
export type DumpFilter = { readonly execUuid: string } | { readonly lastSyncTime: number } | null;

function custom(props: Props): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(props)) out[k === 'type' ? 'user_type' : k] = v;
  return out;
}

/** create_time … type_id of a context, execution or artifact (CONTEXT_LIST order). */
function tail(n: { createTime: number; customProperties: Props; id: number; lastUpdate: number; name: string; properties: Props; typeName: string; typeId: number }, withName: boolean, withType: boolean): JsonObject {
  const o: JsonObject = { create_time_since_epoch: n.createTime, custom_properties: custom(n.customProperties), id: n.id, last_update_time_since_epoch: n.lastUpdate };
  if (withName && n.name !== '') o['name'] = n.name;
  o['properties'] = { ...n.properties };
  if (withType) o['type'] = n.typeName;
  o['type_id'] = n.typeId;
  return o;
}

export function artifactJson(a: ArtifactRec): JsonObject {
  const o: JsonObject = { type: a.typeName, ...tail(a, true, false) };
  if (a.uri !== '') o['uri'] = a.uri;
  return o;
}

export function executionJson(state: StoreState, e: ExecutionRec): JsonObject {
  const events = e.events.flatMap((ev) => {
    const a = state.artifacts.get(ev.artifactId);
    return a ? [{ type: ev.type, artifact: artifactJson(a) }] : [];
  });
  return { type: e.typeName, name: e.name, events, ...tail(e, false, false) };
}

function stageExecutions(state: StoreState, s: StageRec, filter: DumpFilter): ExecutionRec[] {
  const out: ExecutionRec[] = [];
  for (const id of s.executionIds) {
    const e = state.executions.get(id);
    if (!e) continue;
    if (filter && 'execUuid' in filter && !uuidsOf(e).includes(filter.execUuid)) continue;
    if (filter && 'lastSyncTime' in filter && !(e.lastUpdate > filter.lastSyncTime)) continue;
    out.push(e);
  }
  return out;
}

interface Plan {
  readonly pipeline: PipelineRec;
  readonly stages: readonly { readonly stage: StageRec; readonly executions: readonly ExecutionRec[] }[];
}

/** The pipelines, stages and executions a dump covers (the delta rules of `extract_to_json(last_sync_time)`). */
function plan(state: StoreState, pipelines: readonly PipelineRec[], filter: DumpFilter): Plan[] {
  const sync = filter && 'lastSyncTime' in filter ? filter.lastSyncTime : undefined;
  const out: Plan[] = [];
  for (const pipeline of pipelines) {
    const stages = pipelineStages(state, pipeline)
      .map((stage) => ({ stage, executions: stageExecutions(state, stage, filter) }))
      .filter((s) => sync === undefined || s.executions.length > 0 || s.stage.lastUpdate > sync);
    if (sync !== undefined && stages.length === 0 && !(pipeline.lastUpdate > sync)) continue;
    out.push({ pipeline, stages });
  }
  return out;
}

/** The document as an object (tests, the store view). */
export function dumpDocument(state: StoreState, pipelines: readonly PipelineRec[], filter: DumpFilter = null): JsonObject {
  return {
    Pipeline: plan(state, pipelines, filter).map(({ pipeline, stages }) => ({
      stages: stages.map(({ stage, executions }) => ({ executions: executions.map((e) => executionJson(state, e)), ...tail(stage, true, true) })),
      ...tail(pipeline, true, true),
    })),
  };
}

const inner = (o: JsonObject): string => pyDumps(o).slice(1, -1);

/** The document as `json.dumps` text, built without blocking the event loop for long. */
export async function dumpText(state: StoreState, pipelines: readonly PipelineRec[], filter: DumpFilter, pacer = new Pacer()): Promise<string> {
  const out: string[] = ['{"Pipeline": ['];
  for (const [pi, { pipeline, stages }] of plan(state, pipelines, filter).entries()) {
    out.push(pi > 0 ? ', {"stages": [' : '{"stages": [');
    for (const [si, { stage, executions }] of stages.entries()) {
      out.push(si > 0 ? ', {"executions": [' : '{"executions": [');
      for (const [ei, e] of executions.entries()) {
        const text = pyDumps(executionJson(state, e));
        out.push(ei > 0 ? `, ${text}` : text);
        await pacer.add(text.length);
      }
      out.push(`], ${inner(tail(stage, true, true))}}`);
    }
    out.push(`], ${inner(tail(pipeline, true, true))}}`);
  }
  out.push(']}');
  return out.join('');
}
