/**
 * `POST /mlmd_push`: the `MLMDPushRequest` body model (`server/app/schemas/dataframe.py`) with its "after"
 * validator, then `update_mlmd(..., "push")`. Answers: 200 `{"status": "success"|"exists"|"pipeline_not_exist"}`,
 * 400 (no `Pipeline`), 422 `{"detail":"version_update"}`, 422 validation lists, A0's 404 for a pipeline missing
 * from the payload, and the real server's plain 500s (README "Quirks").
 */
import type { EmulatorResponse } from '../../shared/index.js';
import { json } from '../../shared/index.js';
import { parseJsonCooperative } from '../coopJson.js';
import type { CmfRequest } from '../context.js';
import { detail, internalError, missing, notAnObject, readJsonBody, stringType, unprocessable, type ValidationError, valueError } from '../fastapi.js';
import { PyCrash } from '../plan.js';
import { isJsonObject, type Json } from '../pyjson.js';

export async function mlmdPush(r: CmfRequest): Promise<EmulatorResponse> {
  const read = await readJsonBody(r.req);
  if ('error' in read) return read.error;
  const body = read.value;
  if (!isJsonObject(body)) return unprocessable([notAnObject(body)]);
  const a0 = r.ctx.generation === 'A0';
  const strictName = a0 || r.ctx.generation === 'A1';

  // Field validation, in declaration order: exec_uuid, pipeline_name, json_payload.
  const errors: ValidationError[] = [];
  const execUuid = body['exec_uuid'] ?? null;
  if (execUuid !== null && typeof execUuid !== 'string') errors.push(stringType(['body', 'exec_uuid'], execUuid));
  const name = body['pipeline_name'];
  if (name === undefined) errors.push(missing('body', 'pipeline_name', body));
  else if (typeof name === 'string') {
    if (name.length === 0) errors.push({ type: 'string_too_short', loc: ['body', 'pipeline_name'], msg: 'String should have at least 1 character', input: name, ctx: { min_length: 1 } });
  } else if (name !== null || strictName) errors.push(stringType(['body', 'pipeline_name'], name));
  const payload = body['json_payload'];
  if (payload === undefined) errors.push(missing('body', 'json_payload', body));
  else if (typeof payload !== 'string') errors.push(stringType(['body', 'json_payload'], payload));
  if (errors.length > 0) return unprocessable(errors);

  // The model validator: `values.pipeline_name.strip()` (None → AttributeError → 500 from Gen B on), then the payload.
  if (typeof name !== 'string' || typeof payload !== 'string') return internalError();
  if (name.trim() === '') return unprocessable([valueError('Pipeline name must not be empty or whitespace', body)]);
  if (payload === '') return unprocessable([valueError('JSON payload must not be empty', body)]);
  let doc: Json;
  try {
    doc = await parseJsonCooperative(payload);
  } catch {
    return unprocessable([valueError('JSON payload is not valid JSON', body)]);
  }

  try {
    const status = await r.ctx.store.push(doc, name, typeof execUuid === 'string' ? execUuid : null);
    if (status === 'invalid_json_payload') return detail(400, 'Invalid JSON payload. The pipeline name is missing.');
    if (status === 'version_update') return detail(422, 'version_update');
    if (status === 'pipeline_not_exist' && a0) return detail(404, `Pipeline name '${name}' does not exist.`);
    return json(200, { status });
  } catch (err) {
    if (err instanceof PyCrash) return internalError();
    throw err;
  }
}
