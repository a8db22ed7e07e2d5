/**
 * `GET /model-card?modelId=<int>` (`server/app/get_data.py` `get_model_data` + `main.py` `model_card`): four
 * pandas `to_json(orient="records")` parts — the model row, the executions that used or produced it (without the
 * Git commits), their other input artifacts, their other output artifacts. Rows of one part share the union of
 * their columns (absent = null, columns sorted); an empty part is the string `""`.
 */
import { type EmulatorResponse, json } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import { QueryReader } from '../fastapi.js';
import type { Json, JsonObject } from '../pyjson.js';
import { type ArtifactRec, type ExecutionRec, INPUT, OUTPUT, type Props, type StoreState } from '../types.js';

function flatten(base: Readonly<Record<string, Json>>, custom: Props): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(custom)) out[`custom_properties_${k}`] = v;
  return out;
}

/** `pd.concat([...], sort=True).to_json(orient="records")`, or `""` for an empty frame. */
function records(rows: readonly JsonObject[]): Json {
  if (rows.length === 0) return '';
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  return rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])) as JsonObject);
}

export const artifactRow = (a: ArtifactRec): JsonObject =>
  flatten({ id: a.id, type: a.typeName, uri: a.uri, name: a.name, create_time_since_epoch: a.createTime, last_update_time_since_epoch: a.lastUpdate, ...a.properties }, a.customProperties);

function executionRow(e: ExecutionRec): JsonObject {
  const props: Record<string, Json> = { ...e.properties };
  delete props['Git_Start_Commit'];
  delete props['Git_End_Commit'];
  return flatten(props, e.customProperties);
}

/** The four parts for a model id (all `""` when the id is not a Model artifact). */
export function modelCardParts(state: StoreState, modelId: number): [Json, Json, Json, Json] {
  const model = state.artifacts.get(modelId);
  if (!model || model.typeName !== 'Model') return ['', '', '', ''];
  const execIds = [...new Set((state.uses.get(model.id) ?? []).map((u) => u.executionId))].sort((a, b) => a - b);
  const executions = execIds.map((id) => state.executions.get(id)).filter((e): e is ExecutionRec => e !== undefined);
  if (executions.length === 0) return [records([artifactRow(model)]), '', '', ''];
  const linked = (type: number): Json => {
    const ids = new Set(executions.flatMap((e) => e.events.filter((ev) => ev.type === type).map((ev) => ev.artifactId)));
    ids.delete(model.id);
    const arts = [...ids].sort((a, b) => a - b).map((id) => state.artifacts.get(id)).filter((a): a is ArtifactRec => a !== undefined);
    return records(arts.map(artifactRow));
  };
  return [records([artifactRow(model)]), records(executions.map(executionRow)), linked(INPUT), linked(OUTPUT)];
}

export function modelCard(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const modelId = q.int('modelId', undefined);
  const bad = q.failure();
  if (bad) return bad;
  return json(200, modelCardParts(r.ctx.store.state, modelId));
}
