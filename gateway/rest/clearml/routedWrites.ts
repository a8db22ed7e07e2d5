/**
 * The ClearML SDK's writes, carried to the Comet target as supergraph mutations (routed writes, DESIGN §6):
 *
 * - projects.create → nothing written (Comet creates a project with its first experiment); the answer is
 *   the deterministic `<target>:project:<name>` id, which tasks.create turns back into the name.
 * - tasks.create → createTask (name, project name, `tags`); the Idempotency-Key header becomes the
 *   mutation's idempotencyKey. ClearML fields Comet has no place for (`type`, `comment`, `system_tags`) are
 *   kept as parameters in section `task`, as `hyperparams` / `script` are in theirs.
 * - tasks.edit → logParameters: `hyperparams` with their sections; `script` and `runtime` (the SDK sends
 *   them on every run, refusing them would break its sequence) as parameters in sections `script` /
 *   `runtime`, non-string values as JSON. Comet parameters cannot be removed: edits add and overwrite.
 * - tasks.set_requirements → parameters `requirements/pip`, `requirements/conda`.
 * - tasks.started / stopped / completed / failed → setTaskStatus. Comet can only stop an experiment (its
 *   other states follow from what the run reports): `started` on a Comet experiment (running from its
 *   creation) answers `updated: 0`; `completed` and `failed` end the run with STOPPED, and the header
 *   `x-switchyard-routed` says so (Comet keeps no "failed").
 * Every other ClearML write is refused with a 400 naming it, nothing written.
 */
import type { RestResponse } from '../shared/types.js';
import { idempotencyKeyOf } from '../shared/idempotentCreate.js';
import { clearmlError, clearmlOk } from './envelope.js';
import { experimentId, failed, invalidTask, isTargetExperiment, keyOf, notCarried, payload, type RoutedInput, routedProjectId, routedProjectName, run } from './routedTarget.js';

interface ParameterInput {
  readonly section: string;
  readonly name: string;
  readonly value: string;
}

const CREATE = `mutation SwitchyardClearMLRoutedCreate($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const LOG_PARAMETERS = `mutation SwitchyardClearMLRoutedParameters($taskId: ID!, $parameters: [ParameterInput!]!) { logParameters(taskId: $taskId, parameters: $parameters) { id } }`;
const SET_STATUS = `mutation SwitchyardClearMLRoutedStatus($taskId: ID!, $status: TaskStatus!) { setTaskStatus(taskId: $taskId, status: $status) { id } }`;

const STATUS_ENDPOINTS: Readonly<Record<string, string>> = { 'tasks.started': 'RUNNING', 'tasks.stopped': 'STOPPED', 'tasks.completed': 'COMPLETED', 'tasks.failed': 'FAILED' };
/** Fields of the status calls that only annotate the change (ClearML keeps them as status_reason/message). */
const STATUS_FIELDS = new Set(['task', 'force', 'status_reason', 'status_message', 'publish', 'include_pipeline_steps']);
const EDIT_FIELDS = new Set(['task', 'force', 'hyperparams', 'script', 'runtime']);
const CREATE_FIELDS = new Set(['name', 'project', 'type', 'comment', 'tags', 'system_tags', 'hyperparams', 'script']);

/** A routed write's answer, or undefined when the endpoint is not one this module carries. */
export function routedWrite(endpoint: string, input: RoutedInput): Promise<RestResponse> | undefined {
  if (endpoint === 'projects.create') return Promise.resolve(createProject(input));
  if (endpoint === 'tasks.create') return createTask(input);
  if (endpoint === 'tasks.edit') return onTask(input, EDIT_FIELDS, (id) => writeParameters(input, id, editParameters(input.params)));
  if (endpoint === 'tasks.set_requirements') return onTask(input, new Set(['task', 'requirements']), (id) => writeParameters(input, id, sectionParameters('requirements', input.params['requirements'])));
  const status = STATUS_ENDPOINTS[endpoint];
  if (status !== undefined) return onTask(input, STATUS_FIELDS, (id) => setStatus(input, id, status));
  return undefined;
}

function createProject(input: RoutedInput): RestResponse {
  const name = input.params['name'];
  if (typeof name !== 'string' || name.trim() === '') return clearmlError(400, 12, "Validation error (data must contain ['name'] properties)", input.envelope);
  const extra = Object.keys(input.params).find((k) => k !== 'name' && k !== 'description');
  if (extra !== undefined) return notCarried(input, `projects.create field "${extra}"`);
  return clearmlOk({ id: routedProjectId(input.target, name), created: 1 }, { ...input.envelope, actualVersion: '2.1' });
}

async function createTask(input: RoutedInput): Promise<RestResponse> {
  const p = input.params;
  if (typeof p['name'] !== 'string' || p['name'].trim() === '') return clearmlError(400, 12, "Validation error (data must contain ['name'] properties)", input.envelope);
  const extra = Object.keys(p).find((k) => !CREATE_FIELDS.has(k));
  if (extra !== undefined) return notCarried(input, `tasks.create field "${extra}"`);
  const project = routedProjectName(input.target, p['project']);
  if (project === undefined) {
    // errors.conf 400/401 invalid_project_id: only the target's projects (projects.get_all / create) can hold its tasks.
    const id = JSON.stringify(p['project'] ?? null);
    return clearmlError(400, 401, `Invalid project id: id=${id} (Switchyard routed writes: a project of Comet source "${input.target}", from projects.get_all or projects.create)`, input.envelope, { id });
  }
  const tags = Array.isArray(p['tags']) ? p['tags'].filter((t): t is string => typeof t === 'string') : [];
  const idempotencyKey = idempotencyKeyOf(input.req);
  const created = await run(input, CREATE, { input: { source: input.target, project, name: p['name'], ...(tags.length > 0 ? { tags } : {}), ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) } });
  const globalId = payload(created, 'createTask')?.['id'];
  if (typeof globalId !== 'string') return failed(input, created);
  const carried: ParameterInput[] = [
    ...(typeof p['type'] === 'string' ? [{ section: 'task', name: 'type', value: p['type'] }] : []),
    ...(typeof p['comment'] === 'string' && p['comment'] !== '' ? [{ section: 'task', name: 'comment', value: p['comment'] }] : []),
    ...(Array.isArray(p['system_tags']) && p['system_tags'].length > 0 ? [{ section: 'task', name: 'system_tags', value: p['system_tags'].map(String).join(',') }] : []),
    ...editParameters(p),
  ];
  if (carried.length > 0) {
    const logged = await run(input, LOG_PARAMETERS, { taskId: globalId, parameters: carried });
    if (!payload(logged, 'logParameters')) return failed(input, logged);
  }
  return clearmlOk({ id: keyOf(input.target, globalId) }, { ...input.envelope, actualVersion: '2.1' });
}

/** Runs `write` for the request's `task` when it is an experiment of the target; ClearML's 400/101 otherwise. */
async function onTask(input: RoutedInput, allowed: ReadonlySet<string>, write: (globalId: string) => Promise<RestResponse>): Promise<RestResponse> {
  const task = input.params['task'];
  const id = experimentId(input.target, task);
  if (id === undefined) return invalidTask(input, task);
  const exists = await isTargetExperiment(input, id);
  if (exists !== true) return exists === false ? invalidTask(input, task) : exists;
  const extra = Object.keys(input.params).find((k) => !allowed.has(k));
  if (extra !== undefined) return notCarried(input, `${input.envelope.endpoint} field "${extra}"`);
  return write(id);
}

async function writeParameters(input: RoutedInput, globalId: string, parameters: readonly ParameterInput[]): Promise<RestResponse> {
  if (parameters.length === 0) return clearmlOk({ updated: 0, fields: {} }, input.envelope);
  const result = await run(input, LOG_PARAMETERS, { taskId: globalId, parameters });
  if (!payload(result, 'logParameters')) return failed(input, result);
  return clearmlOk({ updated: 1, fields: {} }, input.envelope);
}

/** `hyperparams` ({section: {name: {value}}}), `script` and `runtime` as sectioned parameters. */
export function editParameters(params: Readonly<Record<string, unknown>>): ParameterInput[] {
  const out: ParameterInput[] = [];
  const hyper = params['hyperparams'];
  if (isObject(hyper)) {
    for (const [section, entries] of Object.entries(hyper)) {
      if (!isObject(entries)) continue;
      for (const [name, p] of Object.entries(entries)) {
        const value = isObject(p) ? p['value'] : p;
        out.push({ section: isObject(p) && typeof p['section'] === 'string' ? p['section'] : section, name: isObject(p) && typeof p['name'] === 'string' ? p['name'] : name, value: text(value) });
      }
    }
  }
  return [...out, ...sectionParameters('script', params['script']), ...sectionParameters('runtime', params['runtime'])];
}

function sectionParameters(section: string, v: unknown): ParameterInput[] {
  return isObject(v) ? Object.entries(v).filter(([, x]) => x !== undefined).map(([name, x]) => ({ section, name, value: text(x) })) : [];
}

async function setStatus(input: RoutedInput, globalId: string, status: string): Promise<RestResponse> {
  const result = await run(input, SET_STATUS, { taskId: globalId, status });
  if (payload(result, 'setTaskStatus')) return clearmlOk({ updated: 1, fields: {} }, input.envelope);
  if (String(result.errors[0]?.extensions?.['code'] ?? '') !== 'NOT_SUPPORTED_BY_SOURCE') return failed(input, result);
  const note = (msg: string, r: RestResponse): RestResponse => ({ ...r, headers: { ...r.headers, 'x-switchyard-routed': msg } });
  // Comet starts an experiment's life at its creation: there is nothing to set, and nothing was changed.
  if (status === 'RUNNING') return note(`Comet source "${input.target}" sets no status: the experiment runs from its creation`, clearmlOk({ updated: 0, fields: {} }, input.envelope));
  const stopped = await run(input, SET_STATUS, { taskId: globalId, status: 'STOPPED' });
  if (!payload(stopped, 'setTaskStatus')) return failed(input, stopped);
  return note(`Comet source "${input.target}" can only stop an experiment: ${status.toLowerCase()} was recorded as the end of the run`, clearmlOk({ updated: 1, fields: {} }, input.envelope));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}
