/**
 * `POST /mlmd_pull` (Gen B/C; body `MLMDPullRequest`) and `GET /mlmd_pull/{pipeline_name}?exec_uuid=` (Gen A):
 * the pipeline's MLMD JSON as `text/html`, literally `no_exec_uuid` for an unknown execution, 404 for an unknown
 * pipeline; with no pipeline name, every pipeline (only what changed after `last_sync_time` when it is set).
 */
import type { EmulatorResponse } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import type { DumpFilter } from '../dump.js';
import { detail, html, notAnObject, parseIntLax, readJsonBody, stringType, unprocessable, type ValidationError } from '../fastapi.js';
import { isJsonObject } from '../pyjson.js';
import { pipelineExecutions, uuidsOf } from '../state.js';

async function pullPipeline(r: CmfRequest, pipelineName: string, execUuid: string | null): Promise<EmulatorResponse> {
  const state = r.ctx.store.state;
  const p = state.pipelines.get(pipelineName);
  if (!p) return detail(404, `Pipeline ${pipelineName} not found.`);
  if (execUuid !== null && !pipelineExecutions(state, p).some((e) => uuidsOf(e).includes(execUuid))) return html('no_exec_uuid');
  const filter: DumpFilter = execUuid === null ? null : { execUuid };
  return html(await r.ctx.store.dumpText(state, [p], filter));
}

/** GET /mlmd_pull/{pipeline_name} (Gen A0/A1). */
export function mlmdPullGet(r: CmfRequest): Promise<EmulatorResponse> {
  return pullPipeline(r, r.params['pipeline_name'] ?? '', r.req.query.get('exec_uuid'));
}

/** POST /mlmd_pull (Gen B/C). */
export async function mlmdPullPost(r: CmfRequest): Promise<EmulatorResponse> {
  const read = await readJsonBody(r.req);
  if ('error' in read) return read.error;
  const body = read.value;
  if (!isJsonObject(body)) return unprocessable([notAnObject(body)]);
  const errors: ValidationError[] = [];
  const text = (key: string): string | null => {
    const v = body[key] ?? null;
    if (v === null || typeof v === 'string') return v;
    errors.push(stringType(['body', key], v));
    return null;
  };
  const pipelineName = text('pipeline_name');
  const execUuid = text('exec_uuid');
  const rawSync = body['last_sync_time'] ?? null;
  let lastSync: number | null = null;
  if (typeof rawSync === 'number' && Number.isInteger(rawSync)) lastSync = rawSync;
  else if (typeof rawSync === 'boolean') lastSync = rawSync ? 1 : 0;
  else if (typeof rawSync === 'number') errors.push({ type: 'int_from_float', loc: ['body', 'last_sync_time'], msg: 'Input should be a valid integer, got a number with a fractional part', input: rawSync });
  else if (typeof rawSync === 'string' && parseIntLax(rawSync) !== undefined) lastSync = parseIntLax(rawSync) ?? null;
  else if (typeof rawSync === 'string') errors.push({ type: 'int_parsing', loc: ['body', 'last_sync_time'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: rawSync });
  else if (rawSync !== null) errors.push({ type: 'int_type', loc: ['body', 'last_sync_time'], msg: 'Input should be a valid integer', input: rawSync });
  if (errors.length > 0) return unprocessable(errors);

  if (pipelineName) return pullPipeline(r, pipelineName, execUuid);
  // get_mlmd_from_server(query, None, None, last_sync_time): every pipeline, the delta when last_sync_time is truthy.
  const state = r.ctx.store.state;
  return html(await r.ctx.store.dumpText(state, 'all', lastSync ? { lastSyncTime: lastSync } : null));
}
