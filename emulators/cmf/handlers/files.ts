/**
 * Uploads and downloads (`/python-env`, `/label`, `/label-data`, `/tensorboard`; files are kept in memory by base
 * name, as the server writes `<dir>/<basename>`) and the federation / scheduling endpoints, which answer what a
 * server with no registered peers answers (or 501 where that needs a live peer).
 */
import { type EmulatorResponse, json } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import { detail, missing, notAnObject, parseIntLax, plain, QueryReader, readJsonBody, stringType, unprocessable, type ValidationError } from '../fastapi.js';
import { multipartBoundary, type MultipartPart, parseMultipart } from '../multipart.js';
import { isJsonObject } from '../pyjson.js';

const basename = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** FastAPI's `file: UploadFile = File(...)`: the part, or the 400/422 it answers. */
function uploadedFile(r: CmfRequest, earlier: readonly ValidationError[] = []): { file: MultipartPart } | { error: EmulatorResponse } {
  const boundary = multipartBoundary(r.req.headers['content-type']);
  const parts = boundary === undefined ? [] : parseMultipart(r.req.body, boundary);
  if (parts === undefined) return { error: detail(400, 'There was an error parsing the body') };
  const file = parts.filter((p) => p.name === 'file').pop();
  const errors = [...earlier];
  if (!file) errors.push(missing('body', 'file'));
  else if (file.filename === null) {
    errors.push({ type: 'value_error', loc: ['body', 'file'], msg: "Value error, Expected UploadFile, received: <class 'str'>", input: file.data.toString('utf8'), ctx: { error: {} } });
  }
  if (errors.length > 0 || !file) return { error: unprocessable(errors) };
  return { file };
}

export function uploadPythonEnv(r: CmfRequest): EmulatorResponse {
  const up = uploadedFile(r);
  if ('error' in up) return up.error;
  const name = up.file.filename ?? '';
  r.ctx.store.files.pythonEnv.set(basename(name), up.file.data);
  return json(200, { message: `File '${name}' uploaded successfully` });
}

export function getPythonEnv(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const fileName = q.str('file_name');
  const bad = q.failure();
  if (bad) return bad;
  if (!fileName.endsWith('.txt') && !fileName.endsWith('.yaml')) return detail(400, 'Unsupported file extension. Use .txt or .yaml');
  const content = r.ctx.store.files.pythonEnv.get(basename(fileName));
  return content === undefined ? detail(404, 'File not found') : plain(content);
}

const LABELS_DIR = '/cmf-server/data/labels';

export function uploadLabel(r: CmfRequest): EmulatorResponse {
  const up = uploadedFile(r);
  if ('error' in up) return up.error;
  const name = up.file.filename ?? '';
  if (name === '') return json(200, { error: 'Failed to up load file: 400: No file provided.' });
  const labels = r.ctx.store.files.labels;
  if (labels.has(basename(name))) return json(200, { message: `File '${name}' already exists at ${LABELS_DIR}. Skipping upload.` });
  labels.set(basename(name), up.file.data);
  return json(200, { message: `File '${name}' uploaded successfully to ${LABELS_DIR}.` });
}

export function getLabelData(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const fileName = q.str('file_name');
  const bad = q.failure();
  if (bad) return bad;
  const content = r.ctx.store.files.labels.get(basename(fileName));
  return content === undefined ? detail(404, 'File not found') : plain(content);
}

export function uploadTensorboard(r: CmfRequest): EmulatorResponse {
  const q = new QueryReader(r.req.query);
  const pipelineName = q.str('pipeline_name');
  const up = uploadedFile(r, q.errors);
  if ('error' in up) return up.error;
  const name = up.file.filename ?? '';
  r.ctx.store.files.tensorboard.set(`${pipelineName}/${name}`, up.file.data);
  return json(200, { message: `File '${name}' uploaded successfully` });
}

/** Bodies `{server_name: str, server_url: str}` (AcknowledgeRequest, ServerRegistrationRequest). */
async function serverBody(r: CmfRequest): Promise<EmulatorResponse | { server_name: string; server_url: string }> {
  const read = await readJsonBody(r.req);
  if ('error' in read) return read.error;
  const body = read.value;
  if (!isJsonObject(body)) return unprocessable([notAnObject(body)]);
  const errors: ValidationError[] = [];
  for (const key of ['server_name', 'server_url']) {
    const v = body[key];
    if (v === undefined) errors.push(missing('body', key, body));
    else if (typeof v !== 'string') errors.push(stringType(['body', key], v));
  }
  if (errors.length > 0) return unprocessable(errors);
  return { server_name: String(body['server_name']), server_url: String(body['server_url']) };
}

export async function acknowledge(r: CmfRequest): Promise<EmulatorResponse> {
  const body = await serverBody(r);
  return 'status' in body ? body : json(200, { message: 'Hi, I acknowledge your request.' });
}

/** `/sync` with no registered peers: its 404 is caught by the handler's `except Exception` and re-raised as 500. */
export async function sync(r: CmfRequest): Promise<EmulatorResponse> {
  const body = await serverBody(r);
  return 'status' in body ? body : detail(500, 'Failed to sync metadata: 404: Server not found in the registered servers list');
}

export const emptyList = (): EmulatorResponse => json(200, []);

/** A path parameter declared `int`: pydantic's 422 when it is not one. */
export function intPath(r: CmfRequest, name: string): EmulatorResponse | undefined {
  const raw = r.params[name] ?? '';
  return parseIntLax(raw) === undefined ? unprocessable([{ type: 'int_parsing', loc: ['path', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw }]) : undefined;
}

export const scheduleLogs = (name: string) => (r: CmfRequest): EmulatorResponse => intPath(r, name) ?? json(200, []);
export const deleteSchedule = (r: CmfRequest): EmulatorResponse => intPath(r, 'schedule_id') ?? json(200, { message: 'Schedule deactivated' });

export const notEmulated = (r: CmfRequest): EmulatorResponse => detail(501, `Not implemented by the Switchyard CMF emulator: ${r.req.method} ${r.req.path}`);
