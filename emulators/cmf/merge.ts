/**
 * `cmflib/cmf_merger.py` `parse_json_to_mlmd(..., "push")` on a {@link Draft}: stages by name, executions (named
 * ones re-used), artifacts matched by uri (content hash) across pipelines, events. The server stamps its own
 * create/update times and keeps the client's in `original_create_time_since_epoch` (stringified). Executions get
 * the stage name (`Context_Type`) as MLMD type, as `merge_created_execution(execution["properties"]["Context_Type"], …)`
 * does. Seeding (`mode: 'seed'`) keeps the document's ids and times. A structural error throws {@link MergeError}:
 * the caller drops the whole draft (the real merger would have stopped half-way).
 */
import type { Pacer } from './coopJson.js';
import { isJsonObject, type Json, type JsonObject, pyStr } from './pyjson.js';
import type { Draft } from './state.js';
import { type ArtifactRec, type EventType, INPUT, type MlmdValue, OUTPUT, type Props } from './types.js';

export class MergeError extends Error {
  override readonly name = 'MergeError';
}

export interface MergeOptions {
  readonly mode: 'push' | 'seed';
  /** Server time for everything this push creates or updates (ignored when seeding). */
  readonly now: number;
  /** Only executions whose Execution_uuid list contains this one are merged. */
  readonly execUuid: string | null;
  readonly pacer: Pacer;
}

/** Artifact types the merger knows; others are skipped silently. */
export const MERGED_ARTIFACT_TYPES = ['Dataset', 'Model', 'Metrics', 'Dataslice', 'Step_Metrics', 'Environment', 'Label'] as const;
const KNOWN = new Set<string>(MERGED_ARTIFACT_TYPES);
const ORIGINAL = 'original_create_time_since_epoch';

function obj(v: Json | undefined, what: string): JsonObject {
  if (!isJsonObject(v)) throw new MergeError(`${what} is not an object`);
  return v;
}
function str(v: Json | undefined, what: string): string {
  if (typeof v !== 'string') throw new MergeError(`${what} is not a string`);
  return v;
}
function arr(v: Json | undefined, what: string): Json[] {
  if (!Array.isArray(v)) throw new MergeError(`${what} is not a list`);
  return v;
}
function present(o: JsonObject, key: string, what: string): Json {
  if (!Object.hasOwn(o, key)) throw new MergeError(`${what} has no ${key}`);
  return o[key] as Json;
}
function num(v: Json | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Property values as MLMD stores them: strings, ints, doubles; Python bools are ints. */
export function mlmdProps(v: Json | undefined, what: string): Record<string, MlmdValue> {
  const out: Record<string, MlmdValue> = {};
  for (const [k, val] of Object.entries(obj(v, what))) {
    if (typeof val === 'string' || typeof val === 'number') out[k] = val;
    else if (typeof val === 'boolean') out[k] = val ? 1 : 0;
    else throw new MergeError(`${what}.${k}: MLMD cannot store ${val === null ? 'null' : typeof val}`);
  }
  return out;
}

function withOriginal(custom: Record<string, MlmdValue>, node: JsonObject, what: string): Props {
  return { ...custom, [ORIGINAL]: pyStr(present(node, 'create_time_since_epoch', what)) };
}

export async function mergePipeline(draft: Draft, pipeline: JsonObject, o: MergeOptions): Promise<void> {
  const seed = o.mode === 'seed';
  const name = str(pipeline['name'], 'Pipeline.name');
  const created = present(pipeline, 'create_time_since_epoch', 'Pipeline');
  const stages = arr(pipeline['stages'], 'Pipeline.stages');
  const t = draft.t;
  if (!t.pipelines.has(name)) {
    const createTime = seed ? num(created, o.now) : o.now;
    t.pipelines.set(name, draft.adopt({
      id: draft.newId('context', seed ? num(pipeline['id'], 0) || undefined : undefined),
      typeId: draft.typeId('context', 'Parent_Context'),
      typeName: 'Parent_Context',
      name,
      properties: { Pipeline: name },
      customProperties: {},
      createTime,
      lastUpdate: seed ? num(pipeline['last_update_time_since_epoch'], createTime) : o.now,
      stageIds: [],
    }));
  }
  for (const [si, stageJson] of stages.entries()) {
    const stage = obj(stageJson, `stages[${si}]`);
    const stageName = str(stage['name'], `stages[${si}].name`);
    const stageCustom = withOriginal(mlmdProps(stage['custom_properties'], `${stageName}.custom_properties`), stage, stageName);
    let executions = arr(stage['executions'], `${stageName}.executions`);
    if (o.execUuid !== null) {
      const wanted = o.execUuid;
      executions = executions.filter((e) => isJsonObject(e) && isJsonObject(e['properties']) && typeof e['properties']['Execution_uuid'] === 'string' && e['properties']['Execution_uuid'].split(',').includes(wanted));
    }
    let stageId: number | undefined;
    for (const [ei, execJson] of executions.entries()) {
      stageId ??= ensureStage(draft, name, stage, stageName, stageCustom, o);
      const events = mergeExecution(draft, name, stageId, obj(execJson, `${stageName}.executions[${ei}]`), o);
      await o.pacer.add(300 + 600 * events);
    }
  }
}

function ensureStage(draft: Draft, pipelineName: string, stage: JsonObject, stageName: string, custom: Props, o: MergeOptions): number {
  const t = draft.t;
  let id = t.stageIdByName.get(stageName);
  if (id === undefined) {
    const seed = o.mode === 'seed';
    const createTime = seed ? num(stage['create_time_since_epoch'], o.now) : o.now;
    id = draft.newId('context', seed ? num(stage['id'], 0) || undefined : undefined);
    t.stages.set(id, draft.adopt({
      id,
      typeId: draft.typeId('context', 'Pipeline_Stage'),
      typeName: 'Pipeline_Stage',
      name: stageName,
      properties: { Pipeline_Stage: stageName },
      customProperties: custom,
      createTime,
      lastUpdate: seed ? num(stage['last_update_time_since_epoch'], createTime) : o.now,
      executionIds: [],
    }));
    t.stageIdByName.set(stageName, id);
  }
  draft.addStageToPipeline(pipelineName, id);
  return id;
}

/** Merges one execution and its events; returns the number of events. */
function mergeExecution(draft: Draft, pipelineName: string, stageId: number, ex: JsonObject, o: MergeOptions): number {
  const t = draft.t;
  const seed = o.mode === 'seed';
  const what = `execution ${pyStr(ex['id'] ?? null)}`;
  const props = obj(ex['properties'], `${what}.properties`);
  const contextType = str(props['Context_Type'], `${what}.properties.Context_Type`);
  const uuid = str(props['Execution_uuid'], `${what}.properties.Execution_uuid`);
  const command = pyStr(present(props, 'Execution', `${what}.properties`));
  const execName = present(ex, 'name', what);
  const custom = withOriginal(mlmdProps(ex['custom_properties'], `${what}.custom_properties`), ex, what);
  const events = arr(ex['events'], `${what}.events`);
  const pipeline = t.pipelines.get(pipelineName);
  const nameKey = `${contextType}\u0000${pyStr(execName)}`;
  const reused = execName !== '' ? t.namedExecutions.get(nameKey) : undefined;
  let execId: number;
  if (reused !== undefined) {
    const e = draft.execution(reused);
    const known = String(e.properties['Execution_uuid'] ?? '').split(',').filter((u) => u !== '');
    const merged = [...known, ...uuid.split(',').filter((u) => !known.includes(u))];
    e.properties = { ...e.properties, Execution_uuid: merged.join(',') };
    e.customProperties = { ...e.customProperties, ...custom };
    if (!seed) e.lastUpdate = o.now;
    execId = reused;
  } else {
    const createTime = seed ? num(ex['create_time_since_epoch'], o.now) : o.now;
    execId = draft.newId('execution', seed ? num(ex['id'], 0) || undefined : undefined);
    t.executions.set(execId, draft.adopt({
      id: execId,
      typeId: draft.typeId('execution', contextType),
      typeName: contextType,
      name: execName === '' ? '' : pyStr(execName),
      properties: {
        Context_ID: stageId,
        Context_Type: contextType,
        Execution: command,
        Execution_type_name: contextType,
        Execution_uuid: uuid,
        Git_End_Commit: pyStrOr(props['Git_End_Commit']),
        Git_Repo: pyStrOr(props['Git_Repo']),
        Git_Start_Commit: pyStrOr(props['Git_Start_Commit']),
        Pipeline_Type: pipelineName,
        Pipeline_id: pipeline?.id ?? 0,
      },
      customProperties: custom,
      createTime,
      lastUpdate: seed ? num(ex['last_update_time_since_epoch'], createTime) : o.now,
      events: [],
    }));
    if (execName !== '') t.namedExecutions.set(nameKey, execId);
  }
  draft.addExecutionToStage(stageId, execId);
  for (const [vi, evJson] of events.entries()) mergeEvent(draft, execId, obj(evJson, `${what}.events[${vi}]`), `${what}.events[${vi}]`, o);
  return events.length;
}

const pyStrOr = (v: Json | undefined): string => (v === undefined ? '' : pyStr(v));

function eventType(artifactType: string, sent: Json | undefined): EventType {
  if (artifactType === 'Environment' || artifactType === 'Label') return INPUT;
  if (artifactType === 'Dataset' || artifactType === 'Model') return sent === INPUT ? INPUT : OUTPUT;
  return OUTPUT;
}

function mergeEvent(draft: Draft, execId: number, ev: JsonObject, what: string, o: MergeOptions): void {
  const t = draft.t;
  const seed = o.mode === 'seed';
  const a = obj(ev['artifact'], `${what}.artifact`);
  const type = str(a['type'], `${what}.artifact.type`);
  const sentType = present(ev, 'type', what);
  const rawName = str(a['name'], `${what}.artifact.name`);
  const uri = str(a['uri'], `${what}.artifact.uri`);
  const properties = mlmdProps(a['properties'], `${what}.artifact.properties`);
  const custom = withOriginal(mlmdProps(a['custom_properties'], `${what}.artifact.custom_properties`), a, `${what}.artifact`);
  if (!KNOWN.has(type)) return;
  // log_dataset_with_version & co. name the artifact `<path>:<hash>`; the others keep the name they were sent.
  const name = type === 'Dataset' || type === 'Label' || type === 'Environment' ? `${rawName.split(':')[0] ?? ''}:${uri}` : rawName;
  const existingId = uri !== '' ? t.artifactByUri.get(uri) : undefined;
  const existing = existingId === undefined ? undefined : t.artifacts.get(existingId);
  let artifact: ArtifactRec;
  if (existing) {
    const url = properties['url'];
    const urls = String(existing.properties['url'] ?? '').split(',').filter((u) => u !== '');
    const appendUrl = (type === 'Dataset' || type === 'Label') && typeof url === 'string' && url.trim() !== '' && !urls.includes(url);
    artifact = {
      ...existing,
      properties: appendUrl ? { ...existing.properties, url: [...urls, url].join(',') } : existing.properties,
      customProperties: type === 'Environment' ? existing.customProperties : { ...existing.customProperties, ...custom },
      lastUpdate: seed ? existing.lastUpdate : o.now,
    };
  } else {
    const createTime = seed ? num(a['create_time_since_epoch'], o.now) : o.now;
    artifact = {
      id: draft.newId('artifact', seed ? num(a['id'], 0) || undefined : undefined),
      typeId: draft.typeId('artifact', type),
      typeName: type,
      name,
      uri,
      properties,
      customProperties: custom,
      createTime,
      lastUpdate: seed ? num(a['last_update_time_since_epoch'], createTime) : o.now,
    };
  }
  draft.putArtifact(artifact);
  draft.addEvent(execId, { type: eventType(type, sentType), artifactId: artifact.id });
}
