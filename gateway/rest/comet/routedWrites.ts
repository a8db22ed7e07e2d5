/**
 * Routed writes of the /comet mount (DESIGN §6): with `rest.comet.routeWritesTo`, every `/write/…` request
 * becomes supergraph mutations on that ClearML source, or Comet's own 400 naming what cannot be carried.
 *
 * | Comet write | supergraph | ClearML |
 * |---|---|---|
 * | POST write/experiment/create | createTask (project = projectName, name = experimentName, Idempotency-Key → idempotencyKey) | tasks.create; experimentKey = task id |
 * | POST write/experiment/log-other | logParameters, section `comet_other` (value as text) | hyperparams comet_other/<key> |
 * | POST write/experiment/parameter | logParameters, section `General` (value as text; `step` dropped) | hyperparams General/<name>, where ClearML's SDK puts them |
 * | POST write/experiment/metric | logMetrics (variant = context, else the metric's name; step; timestamp; `epoch` dropped) | scalar <metric>/<variant>, iteration = step |
 * | POST write/experiment/tags | addTags | tasks.update_tags |
 * | GET write/experiment/set-status | setTaskStatus RUNNING on the first beat of a CREATED task | tasks.started |
 *
 * Everything else under /write/ (code, system details, output, assets, git, html, graph, registry,
 * artifacts, project writes, archive/stop, log-other `Name` renames, …) is refused before anything is
 * written. A key that is not a task of the target gets Comet's unknown-key answer: experiments made in
 * Comet before the migration stay read-only through this mount.
 */
import { idempotencyKeyOf, jsonObjectBody } from '../shared/idempotentCreate.js';
import type { RestRequest, RestResponse } from '../shared/types.js';
import { jsonResponse } from '../shared/types.js';
import { errorCode, execute, KEY_NOT_SPECIFIED, type RoutedContext, targetTaskId, taskStatus, unknownKey, writeFailure } from './routedTarget.js';
import { cometError } from './cometErrors.js';
import { LruMap } from '../../../subgraphs/shared/lruMap.js';

const WRITE_PREFIX = '/api/rest/v2/write/';
/** Where Comet's log-other values land among the task's hyperparameters (Comet keeps them apart from parameters). */
export const OTHER_SECTION = 'comet_other';
/** ClearML's default hyperparameter section: Comet parameters appear where ClearML users expect them. */
export const PARAMETER_SECTION = 'General';
/** Comet's own beat and monitor intervals (the emulator's and the Python SDK's values, reference/comet.md §7). */
const ALIVE_BEAT_MILLIS = 10_000;
const MONITOR_INTERVAL_MILLIS = 60_000;
/** Comet's answer body for a write it accepted. */
const OK = { msg: 'ok', code: 200, sdk_error_code: 0 };
const KNOWN_KEYS_MAX = 10_000;

type Fields = Readonly<Record<string, unknown>>;
type Handler = (ctx: RoutedContext, req: RestRequest, fields: Fields) => Promise<RestResponse>;

export function isCometWrite(path: string): boolean {
  return path.startsWith(WRITE_PREFIX);
}

/** The routed-write handler of one mount; it remembers keys already known to be tasks of the target, to save a lookup per logged point. */
export function createRoutedWrites(): (ctx: RoutedContext, req: RestRequest) => Promise<RestResponse> {
  const known = new LruMap<string, true>(KNOWN_KEYS_MAX);
  const remember = (key: string): void => {
    known.set(key, true);
  };

  /** The task's global id, or the answer to give when the key names no task of the target. */
  const taskOf = async (ctx: RoutedContext, fields: Fields): Promise<{ key: string; id: string } | RestResponse> => {
    const key = fields['experimentKey'];
    if (typeof key !== 'string' || key === '') return cometError(400, 'experimentKey is required', KEY_NOT_SPECIFIED);
    const id = targetTaskId(ctx.target, key);
    if (id === undefined) return unknownKey(key);
    if (!known.has(key)) {
      const found = await taskStatus(ctx, id, key);
      if ('refusal' in found) return found.refusal;
      remember(key);
    }
    return { key, id };
  };

  const create: Handler = async (ctx, req, f) => {
    // Comet's own validation (reference/comet.md §6.3): a client that works against Comet works here.
    if (typeof f['workspaceName'] !== 'string' || f['workspaceName'] === '') return cometError(400, 'workspaceName is required', 90219);
    const projectName = f['projectName'];
    if (typeof projectName !== 'string' || projectName === '') return cometError(400, 'projectName is required', 98219);
    // Comet names an unnamed experiment itself; ClearML requires a name.
    const name = typeof f['experimentName'] === 'string' && f['experimentName'].trim() !== '' ? f['experimentName'] : 'Comet experiment';
    const idempotencyKey = idempotencyKeyOf(req);
    if (idempotencyKey !== undefined && (idempotencyKey === '' || idempotencyKey.length > 255)) return cometError(400, 'Idempotency-Key must be 1 to 255 characters');
    const input = { source: ctx.target, project: projectName, name, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) };
    const res = await execute(ctx, CREATE, { input });
    const payload = res.data?.['createTask'] as { id?: unknown; task?: { origin?: { nativeId?: unknown; url?: unknown } | null } | null } | undefined;
    if (typeof payload?.id !== 'string') return writeFailure(ctx, res, undefined);
    const key = payload.id.slice(payload.id.lastIndexOf(':') + 1);
    remember(key);
    const url = payload.task?.origin?.url;
    // cometr stops without a link: ClearML's deep link when the source knows its web UI, else the task's global id.
    const link = typeof url === 'string' && url !== '' ? url : payload.id;
    // ClearML has no workspaces: the union view names the source's one workspace after the source, so does this answer.
    return jsonResponse(200, { experimentKey: key, workspaceName: ctx.target, projectName, link });
  };

  const logOther: Handler = async (ctx, _req, f) => {
    const key = f['key'];
    if (typeof key !== 'string' || key === '') return cometError(400, 'key is required');
    if (f['value'] === undefined) return cometError(400, 'value is required');
    // Comet renames the experiment through the `Name` other; the supergraph has no rename.
    if (key === 'Name') return cometError(400, `Switchyard: renaming an experiment (log-other "Name") cannot be carried to ClearML source "${ctx.target}"`);
    return parameters(ctx, f, [{ section: OTHER_SECTION, name: key, value: text(f['value']) }]);
  };

  const logParameter: Handler = async (ctx, _req, f) => {
    const name = f['parameterName'];
    if (typeof name !== 'string' || name === '') return cometError(400, 'parameterName is required');
    if (f['parameterValue'] === undefined) return cometError(400, 'parameterValue is required');
    return parameters(ctx, f, [{ section: PARAMETER_SECTION, name, value: text(f['parameterValue']) }]);
  };

  const parameters = async (ctx: RoutedContext, f: Fields, params: readonly { section: string; name: string; value: string }[]): Promise<RestResponse> => {
    const task = await taskOf(ctx, f);
    if (!('id' in task)) return task;
    const res = await execute(ctx, LOG_PARAMETERS, { taskId: task.id, parameters: params });
    return res.data?.['logParameters'] ? jsonResponse(200, OK) : writeFailure(ctx, res, task.key);
  };

  const logMetric: Handler = async (ctx, _req, f) => {
    const name = f['metricName'];
    if (typeof name !== 'string' || name === '') return cometError(400, 'metricName is required');
    const value = metricValue(f['metricValue']);
    if (typeof value === 'string') return cometError(400, value);
    const step = optionalInteger(f['step']);
    const timestamp = optionalInteger(f['timestamp']);
    if (step === false) return cometError(400, 'step must be an integer');
    if (timestamp === false) return cometError(400, 'timestamp must be an integer');
    const context = typeof f['context'] === 'string' && f['context'] !== '' ? f['context'] : undefined;
    const task = await taskOf(ctx, f);
    if (!('id' in task)) return task;
    // A Comet run context is a series of the metric, as a ClearML variant is; without one the series is named
    // after the metric (ClearML's convention for a single series), so reads show the plain metric name.
    const point = { name, variant: context ?? name, value, step, timestamp: timestamp === null ? null : new Date(timestamp).toISOString() };
    const res = await execute(ctx, LOG_METRICS, { taskId: task.id, points: [point] });
    const logged = res.data?.['logMetrics'] as { accepted?: unknown; rejected?: { reason?: unknown }[] } | undefined;
    if (!logged) return writeFailure(ctx, res, task.key);
    const rejected = logged.rejected?.[0];
    if (rejected !== undefined) return cometError(400, `Switchyard: ClearML source "${ctx.target}" refused the metric: ${String(rejected.reason).slice(0, 200)}`);
    return jsonResponse(200, OK);
  };

  const addTags: Handler = async (ctx, _req, f) => {
    const tags = f['addedTags'] ?? [];
    if (!Array.isArray(tags) || !tags.every((t): t is string => typeof t === 'string')) return cometError(400, 'addedTags must be an array of strings');
    const task = await taskOf(ctx, f);
    if (!('id' in task)) return task;
    if (tags.length === 0) return jsonResponse(200, OK);
    const res = await execute(ctx, ADD_TAGS, { id: task.id, tags });
    return res.data?.['addTags'] ? jsonResponse(200, OK) : writeFailure(ctx, res, task.key);
  };

  const setStatus: Handler = async (ctx, _req, f) => {
    const key = f['experimentKey'];
    if (typeof key !== 'string' || key === '') return cometError(400, 'experimentKey is required', KEY_NOT_SPECIFIED);
    const id = targetTaskId(ctx.target, key);
    if (id === undefined) return unknownKey(key);
    // Always read the status: the beat is what tells ClearML the run started.
    const found = await taskStatus(ctx, id, key);
    if ('refusal' in found) return found.refusal;
    remember(key);
    if (found.taskStatus === 'CREATED') {
      const res = await execute(ctx, SET_STATUS, { taskId: id, status: 'RUNNING' });
      // A race with another beat (CONFLICT) leaves the task running anyway; the beat itself still succeeds.
      if (!res.data?.['setTaskStatus'] && errorCode(res) !== 'CONFLICT') return writeFailure(ctx, res, key);
    }
    return jsonResponse(200, { isAliveBeatDurationMillis: ALIVE_BEAT_MILLIS, gpuMonitorIntervalMillis: MONITOR_INTERVAL_MILLIS, cpuMonitorIntervalMillis: MONITOR_INTERVAL_MILLIS });
  };

  // Comet's GET-style writes take their parameters from the query; POST is accepted there too.
  const POST = ['POST'];
  const routes: Readonly<Record<string, { readonly methods: readonly string[]; readonly handler: Handler }>> = {
    'experiment/create': { methods: POST, handler: create },
    'experiment/log-other': { methods: POST, handler: logOther },
    'experiment/parameter': { methods: POST, handler: logParameter },
    'experiment/metric': { methods: POST, handler: logMetric },
    'experiment/tags': { methods: POST, handler: addTags },
    'experiment/set-status': { methods: ['GET', 'POST'], handler: setStatus },
  };

  return async (ctx, req) => {
    const route = req.path.slice(WRITE_PREFIX.length).replace(/\/+$/, '');
    const entry = Object.hasOwn(routes, route) ? routes[route] : undefined;
    if (!entry) return cometError(400, `Switchyard: write/${route.slice(0, 100)} cannot be carried to ClearML source "${ctx.target}" (this mount routes its writes there; carried: ${Object.keys(routes).map((r) => `write/${r}`).join(', ')})`);
    if (!entry.methods.includes(req.method)) return cometError(405, `Method ${req.method} not allowed on write/${route}`);
    const fields = fieldsOf(req);
    if (fields === undefined) return cometError(400, 'The request body must be a JSON object');
    return entry.handler(ctx, req, fields);
  };
}

/** Query parameters (GET writes) and the JSON body (POST writes), the body winning. */
function fieldsOf(req: RestRequest): Fields | undefined {
  const out: Record<string, unknown> = Object.fromEntries(new URLSearchParams(req.search));
  if (req.body.length === 0) return out;
  const body = jsonObjectBody(req.body);
  return body === undefined ? undefined : { ...out, ...body };
}

/** Comet keeps values as sent and reads them back as text; ClearML hyperparameters are text. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** A finite metric value (a JSON number or a numeric string, as Comet accepts), or the refusal message. */
function metricValue(v: unknown): number | string {
  if (v === undefined) return 'metricValue is required';
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (Number.isFinite(n)) return n;
  // NaN and infinities are valid Comet values, but GraphQL floats (and ClearML scalars) cannot carry them.
  return `Switchyard: metricValue ${JSON.stringify(v).slice(0, 50)} cannot be carried to ClearML (finite numbers only)`;
}

/** null when absent, false when not a safe integer. */
function optionalInteger(v: unknown): number | null | false {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : false;
}

const CREATE = `mutation SwitchyardCometRoutedCreate($input: CreateTaskInput!) { createTask(input: $input) { id task { id origin { nativeId url } } } }`;
const LOG_PARAMETERS = `mutation SwitchyardCometRoutedParameters($taskId: ID!, $parameters: [ParameterInput!]!) { logParameters(taskId: $taskId, parameters: $parameters) { id } }`;
const LOG_METRICS = `mutation SwitchyardCometRoutedMetrics($taskId: ID!, $points: [MetricPointInput!]!) { logMetrics(taskId: $taskId, points: $points) { accepted rejected { index reason } } }`;
const ADD_TAGS = `mutation SwitchyardCometRoutedTags($id: ID!, $tags: [String!]!) { addTags(id: $id, tags: $tags) { id } }`;
const SET_STATUS = `mutation SwitchyardCometRoutedStatus($taskId: ID!, $status: TaskStatus!) { setTaskStatus(taskId: $taskId, status: $status) { id } }`;
