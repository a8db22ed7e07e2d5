/**
 * MLConnector's routes as mounted in mlconnector/src/main.py (models + deployments; training unmounted), plus the
 * emulated inference containers under `/inference/{deployment_id}/prediction` and, in `documented` fidelity, the
 * routes the documentation promises (README "Fidelity").
 */
import { randomUUID } from 'node:crypto';
import {
  type Clock,
  type EmulatorHandler,
  type EmulatorRequest,
  type EmulatorResponse,
  type Fidelity,
  json,
  multipartBoundary,
  parseMultipart,
} from '../shared/index.js';
import {
  detail,
  internalError,
  type Json,
  type JsonObject,
  methodNotAllowed,
  missing,
  notFound,
  parseIsoUtc,
  pydanticDatetime,
  pyDatetime,
  pyRepr,
  pyStr,
  queryInt,
  readJsonBody,
  type ValidationError,
  unprocessable,
  validateBody,
} from './fastapi.js';
import { predict } from './inference.js';
import { FILE_KINDS, type FileKind, MLDeploymentCreate, MLDeploymentOposCreate, MLModelCreate } from './schemas.js';
import { MLCONNECTOR_CLUSTERS, type MLConnectorStore, type ModelRec, type NorthboundState, type PlacementRec } from './store.js';
import { documentedDeploymentCreate, documentedModelCreate, documentedRoutes } from './documented.js';

export interface RouterContext {
  readonly store: MLConnectorStore;
  readonly clock: Clock;
  readonly fidelity: Fidelity;
  readonly maxUploadBytes: number;
  /** `host:port` of this emulator, used to build each deployed container's `global_endpoint`. */
  readonly endpointBase: () => string;
}

type Params = Readonly<Record<string, string>>;
export type RouteHandler = (req: EmulatorRequest, params: Params, ctx: RouterContext) => EmulatorResponse | Promise<EmulatorResponse>;
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: RouteHandler;
}

/** The global endpoint of a deployed container: `http://<global_endpoint>/prediction` reaches it. */
export const globalEndpoint = (ctx: RouterContext, id: string): string => `${ctx.endpointBase()}/inference/${encodeURIComponent(id)}`;

/** Python str() of Northbound's `endpoint_hash` value for a dict status. */
export function statusRepr(ctx: RouterContext, id: string, state: NorthboundState): string {
  if (state.status === 'Deployment_Failed') return state.status;
  const value: JsonObject = { status: state.status, timestamp: pyDatetime(state.since) };
  if (state.status === 'deployed') {
    value['local_endpoint'] = state.localEndpoint;
    value['global_endpoint'] = globalEndpoint(ctx, id);
  }
  return pyRepr(value);
}

const modelsOr404 = (rows: ModelRec[], message: string): EmulatorResponse => {
  if (rows.length === 0) return detail(404, message);
  // Rows saved by the "no hyperparameter" quirk hold trainingresource NULL: response validation fails.
  if (rows.some((r) => r['trainingresource'] === null)) return internalError();
  return json(200, rows);
};

/** Python os.path.splitext()[1]. */
function extension(filename: string): string {
  const base = filename.slice(filename.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return '';
  return base.slice(dot);
}

async function addModel(req: EmulatorRequest, _p: Params, ctx: RouterContext): Promise<EmulatorResponse> {
  const body = readJsonBody(req);
  if ('error' in body) return body.error;
  const valid = validateBody(ctx.fidelity === 'documented' ? documentedModelCreate() : MLModelCreate, body.value);
  if ('error' in valid) return valid.error;
  const m = valid.value;
  if ((m['modelname'] as string).length > 100 || (m['modelkind'] as string).length > 50) return internalError();
  const hyper = m['hyperparameter'];
  const hasHyper = Array.isArray(hyper) && hyper.length > 0;
  const real = ctx.fidelity === 'real';
  if (real && hasHyper && m['trainingresource'] === null) return internalError(); // iterates None: no row
  const trainingresource = real ? (hasHyper ? m['trainingresource'] : null) : (m['trainingresource'] ?? []);
  const row = { ...m, trainingresource, modelid: randomUUID() } as unknown as ModelRec;
  ctx.store.models.set(row.modelid, row);
  if (row['trainingresource'] === null && ctx.fidelity === 'real') return internalError(); // saved, then 500
  return json(201, row);
}


async function uploadFile(req: EmulatorRequest, p: Params, ctx: RouterContext): Promise<EmulatorResponse> {
  const boundary = multipartBoundary(req.headers['content-type']);
  const parts = boundary === undefined ? [] : parseMultipart(req.body, boundary);
  if (parts === undefined) return detail(400, 'There was an error parsing the body');
  const errors: ValidationError[] = [];
  const file = parts.find((x) => x.name === 'file');
  const kindPart = parts.find((x) => x.name === 'file_kind');
  if (file === undefined) errors.push(missing(['body', 'file'], null));
  else if (file.filename === null) {
    errors.push({ type: 'value_error', loc: ['body', 'file'], msg: "Value error, Expected UploadFile, received: <class 'str'>", input: file.data.toString('utf8'), ctx: { error: {} } });
  }
  const kind = kindPart?.data.toString('utf8');
  if (kind === undefined) errors.push(missing(['body', 'file_kind'], null));
  else if (!(FILE_KINDS as readonly string[]).includes(kind)) {
    const expected = "'model', 'data', 'code' or 'env'";
    errors.push({ type: 'enum', loc: ['body', 'file_kind'], msg: `Input should be ${expected}`, input: kind, ctx: { expected } });
  }
  if (errors.length > 0 || file === undefined || kind === undefined) return unprocessable(errors);
  const modelid = p['model_id'] ?? '';
  if (!ctx.store.models.has(modelid)) return detail(404, 'No model details found');
  if (file.data.length > ctx.maxUploadBytes) return detail(500, 'Failed to upload file to S3');
  const filename = `${modelid}${extension(file.filename ?? '')}`;
  if (filename.length > 50) return internalError(); // mlmodelfiles.filename is varchar(50)
  const contenttype = file.contentType ?? 'application/octet-stream';
  const key = `${modelid}:${kind}`;
  const previous = ctx.store.files.get(key);
  ctx.store.files.set(key, { fileid: previous?.fileid ?? randomUUID(), modelid, filekind: kind as FileKind, filename, contenttype, size: file.data.length });
  return json(201, { modelid, filekind: kind, filename, contenttype });
}

function listModels(req: EmulatorRequest, _p: Params, ctx: RouterContext): EmulatorResponse {
  const errors: ValidationError[] = [];
  const skip = queryInt(req.query, 'skip', 0, errors);
  const limit = queryInt(req.query, 'limit', 100, errors);
  if (errors.length > 0) return unprocessable(errors);
  const all = [...ctx.store.models.values()];
  return modelsOr404(all.slice(Math.max(0, skip), limit < 0 ? undefined : Math.max(0, skip) + limit), 'No models were not found');
}

function modelsByKind(_req: EmulatorRequest, p: Params, ctx: RouterContext): EmulatorResponse {
  return modelsOr404([...ctx.store.models.values()].filter((m) => m.modelkind === p['modelkind']), 'No model details found');
}

function modelsByTags(req: EmulatorRequest, _p: Params, ctx: RouterContext): EmulatorResponse {
  const tags = req.query.getAll('tags');
  const all = [...ctx.store.models.values()];
  const rows = tags.length === 0 ? all : all.filter((m) => Array.isArray(m['modeltags']) && m['modeltags'].some((t) => typeof t === 'string' && tags.includes(t)));
  return modelsOr404(rows, 'No models found with the provided tags');
}

function deleteModel(_req: EmulatorRequest, p: Params, ctx: RouterContext): EmulatorResponse {
  const id = p['model_id'] ?? '';
  if (!ctx.store.models.has(id)) return detail(404, 'Model was not found');
  if (ctx.store.filesOf(id).length > 0) return internalError(); // FK from mlmodelfiles, no cascade
  ctx.store.models.delete(id);
  return json(200, { message: 'Model was deleted successfully' });
}

function listDeployments(req: EmulatorRequest, _p: Params, ctx: RouterContext): EmulatorResponse {
  const errors: ValidationError[] = [];
  queryInt(req.query, 'skip', 0, errors);
  queryInt(req.query, 'limit', 100, errors);
  if (errors.length > 0) return unprocessable(errors);
  const status: JsonObject = {};
  for (const id of ctx.store.northbound.keys()) {
    const state = ctx.store.stateOf(id);
    if (state) status[id] = statusRepr(ctx, id, state);
  }
  return json(200, Object.keys(status).length === 0 ? { status: 'No data in the system.' } : { System_status: status });
}

let endpointCounter = 0;

async function addDeployment(req: EmulatorRequest, _p: Params, ctx: RouterContext): Promise<EmulatorResponse> {
  const body = readJsonBody(req);
  if ('error' in body) return body.error;
  const valid = validateBody(ctx.fidelity === 'documented' ? documentedDeploymentCreate() : MLDeploymentCreate, body.value);
  if ('error' in valid) return valid.error;
  const d = valid.value;
  const modelid = d['modelid'] as string;
  const inferenceData = d['inference_data'] as number;
  const model = ctx.store.models.get(modelid);
  if (!model) return inferenceData === 0 ? internalError() : detail(404, 'No model details found with that model_id');
  if (!ctx.store.files.has(`${modelid}:model`)) return internalError(); // file_model[0] on an empty list
  const given = d['deployment_id'];
  if (given === null) return internalError();
  const id = given === '' ? randomUUID() : (given as string);
  if (ctx.store.deployments.has(id)) return internalError(); // PK violation
  const raw = d['placement'] as JsonObject;
  const placement: PlacementRec = {
    clusterID: raw['clusterID'] as string | null,
    node: raw['node'] as string | null,
    continuum: typeof raw['continuum'] === 'boolean' ? (raw['continuum'] ? '*' : null) : (raw['continuum'] as string | null),
  };
  const ownerid = d['ownerid'] as string;
  ctx.store.deployments.set(id, { deployment_id: id, modelid, ownerid, placement, inference_data: inferenceData, status: 'waiting' });
  const willFail = placement.clusterID !== null && placement.clusterID !== '*' && !(MLCONNECTOR_CLUSTERS as readonly string[]).includes(placement.clusterID);
  endpointCounter += 1;
  ctx.store.northbound.set(id, { deployment_id: id, modelid, ownerid, inferenceData, createdAt: ctx.clock.now(), willFail, localEndpoint: `10.43.${(endpointCounter >> 8) & 255}.${endpointCounter & 255}:8000` });
  return json(201, { modelid, ownerid, placement: raw as Json, deployment_id: id, status: 'waiting' });
}


/** POST /deployment/add/operation (also the inference container's callback). */
export async function addOperation(req: EmulatorRequest, _p: Params, ctx: RouterContext): Promise<EmulatorResponse> {
  const body = readJsonBody(req);
  if ('error' in body) return body.error;
  const valid = validateBody(MLDeploymentOposCreate, body.value);
  if ('error' in valid) return valid.error;
  const o = valid.value;
  if (!ctx.store.deployments.has(o['deploymentid'] as string)) return internalError(); // FK violation
  const ts = o['timestamp'];
  const ms = typeof ts === 'string' ? (parseIsoUtc(ts) ?? ctx.clock.now()) : typeof ts === 'number' ? ts * 1000 : ctx.clock.now();
  const op = {
    ownerid: o['ownerid'] as string,
    deploymentid: o['deploymentid'] as string,
    modelid: o['modelid'] as string,
    data: o['data'] as string,
    result: o['result'] as string,
    timestamp: pydanticDatetime(ms),
    operationid: randomUUID(),
  };
  ctx.store.operations.push(op);
  return json(201, op);
}

function deploymentStatus(_req: EmulatorRequest, p: Params, ctx: RouterContext): EmulatorResponse {
  const id = p['deployment_id'] ?? '';
  const state = ctx.store.stateOf(id);
  if (!state) return detail(404, 'No deployment with matching id was found');
  if (state.status === 'Deployment_Failed') return json(200, { response: JSON.stringify({ 'Model ': id, status: state.status }) });
  const row = ctx.store.deployments.get(id);
  if (row) row.status = state.status;
  return json(200, { response: `{'Model ': ${pyStr(id)}, 'status': ${pyStr(statusRepr(ctx, id, state))}}` });
}

function operationsByOwner(_req: EmulatorRequest, p: Params, ctx: RouterContext): EmulatorResponse {
  const ops = ctx.store.operations.filter((o) => o.ownerid === p['ownerid']);
  return ops.length === 0 ? detail(404, 'No deployment with matching id was found') : json(200, ops);
}

function deleteDeployment(_req: EmulatorRequest, p: Params, ctx: RouterContext): EmulatorResponse {
  const id = p['deployment_id'] ?? '';
  if (!ctx.store.deployments.has(id)) return detail(404, 'Deployment was not found');
  if (ctx.store.operations.some((o) => o.deploymentid === id)) return internalError(); // FK from mldeploymentsops
  ctx.store.deployments.delete(id);
  return json(200, { message: 'Deployment was deleted successfully' });
}

/** The emulated container of a deployment: present only while Northbound reports it `deployed`. */
async function containerPrediction(req: EmulatorRequest, p: Params, ctx: RouterContext): Promise<EmulatorResponse> {
  const id = p['deployment_id'] ?? '';
  const state = ctx.store.stateOf(id);
  const nb = ctx.store.northbound.get(id);
  if (state?.status !== 'deployed' || !nb) return notFound();
  const row = ctx.store.deployments.get(id);
  // The container keeps running after DELETE /deployment (only the DB row goes): remember its model from Northbound.
  const modelid = row?.modelid ?? nb.modelid;
  const model = ctx.store.models.get(modelid);
  const body = readJsonBody(req);
  if ('error' in body) return body.error;
  if (!model) return json(200, { error: 'Failed to load model: model metadata not found' });
  const outcome = predict(model, row?.inference_data ?? nb.inferenceData, body.value, ctx.store.files.get(`${modelid}:model`)?.size ?? 0);
  if ('operation' in outcome) {
    const callback = JSON.stringify({ ownerid: row?.ownerid ?? nb.ownerid, deploymentid: id, modelid, data: outcome.operation.data, result: outcome.operation.result, timestamp: new Date(ctx.clock.now()).toISOString() });
    // requests.post(...) to SIDE_API_ENDPOINT; its failure (e.g. the row was deleted: FK 500) does not affect the answer.
    await addOperation({ method: 'POST', path: '/deployment/add/operation', query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body: Buffer.from(callback) }, {}, ctx);
  }
  return outcome.response;
}

export const MLCONNECTOR_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/model/add', handler: addModel },
  { method: 'POST', pattern: '/model/{model_id}/upload', handler: uploadFile },
  { method: 'GET', pattern: '/model/all', handler: listModels },
  { method: 'GET', pattern: '/model/getkind/{modelkind}', handler: modelsByKind },
  { method: 'GET', pattern: '/model/search', handler: modelsByTags },
  { method: 'PATCH', pattern: '/model/{model_id}', handler: () => json(200, { model: [] }) },
  { method: 'DELETE', pattern: '/model/{model_id}', handler: deleteModel },
  { method: 'GET', pattern: '/deployment/all', handler: listDeployments },
  { method: 'POST', pattern: '/deployment/add', handler: addDeployment },
  { method: 'POST', pattern: '/deployment/add/operation', handler: addOperation },
  { method: 'GET', pattern: '/deployment/get/status/{deployment_id}', handler: deploymentStatus },
  { method: 'GET', pattern: '/deployment/get/opos/{ownerid}', handler: operationsByOwner },
  { method: 'DELETE', pattern: '/deployment/{deployment_id}', handler: deleteDeployment },
];

/** Not MLConnector: the inference containers, reached through each deployment's `global_endpoint`. */
export const CONTAINER_ROUTES: readonly Route[] = [{ method: 'POST', pattern: '/inference/{deployment_id}/prediction', handler: containerPrediction }];

function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

/** Starlette's matching: the first full match (path + method) wins; a path-only match gives 405; none gives 404. */
export function createRouter(ctx: RouterContext): EmulatorHandler {
  const routes = [...MLCONNECTOR_ROUTES, ...(ctx.fidelity === 'documented' ? documentedRoutes : []), ...CONTAINER_ROUTES].map((r) => ({ ...r, ...compile(r.pattern) }));
  return (req) => {
    let pathMatched = false;
    for (const r of routes) {
      const m = r.regex.exec(req.path);
      if (!m) continue;
      if (r.method !== req.method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = m[i + 1] ?? '';
      });
      return r.handler(req, params, ctx);
    }
    return pathMatched ? methodNotAllowed() : notFound();
  };
}
