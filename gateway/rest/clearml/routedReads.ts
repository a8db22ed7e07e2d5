/**
 * The reads the ClearML SDK makes around its routed writes, answered from the Comet target: tasks.get_by_id
 * and tasks.get_all with `id` (a task id that is an experiment key of the target renders as a ClearML task
 * with that NATIVE key as `id`; any other id passes through to ClearML, which holds the pre-migration
 * tasks), projects.get_all (the target's projects through the union view: that is where the SDK's project
 * must be found, since its tasks are created there) and projects.get_by_id of a routed project id.
 */
import type { RestResponse } from '../shared/types.js';
import { clearmlError, clearmlOk } from './envelope.js';
import { experimentId, failed, isAbsent, keyOf, type RoutedInput, routedProjectName, run } from './routedTarget.js';
import { type Row, withActualVersion } from './unionCommon.js';
import { isInvalid, projectFields, stringList } from './unionParams.js';
import { renderProject, renderUnionProjects } from './unionProjects.js';
import { BY_ID_QUERY, renderTask } from './unionTasks.js';

/** tasks.get_all parameters the routed rows honour; the SDK's status poll sends only these. */
const GET_ALL_ROUTED = new Set(['id', 'only_fields', 'search_hidden']);

/** A routed read's answer, or undefined to pass the request through to ClearML. */
export function routedRead(endpoint: string, input: RoutedInput): Promise<RestResponse | undefined> | undefined {
  switch (endpoint) {
    case 'tasks.get_by_id':
      return taskById(input);
    case 'tasks.get_all':
      return taskList(input);
    case 'projects.get_all':
      return renderUnionProjects({ params: input.params, sources: input.target, source: input.source, envelope: withActualVersion(input.envelope), principal: input.principal, requestId: input.req.requestId, run: input.run });
    case 'projects.get_by_id':
      return Promise.resolve(projectById(input));
    default:
      return undefined;
  }
}

/** The target's experiment as a ClearML task with its native key as id; undefined when it has none such. */
export async function routedTask(input: RoutedInput, taskId: unknown): Promise<{ readonly task: Row } | { readonly response: RestResponse } | undefined> {
  const id = experimentId(input.target, taskId);
  if (id === undefined) return undefined;
  const result = await run(input, BY_ID_QUERY, { id, details: true });
  const node = result.data?.['task'];
  if (typeof node === 'object' && node !== null) return { task: { ...renderTask(withSections(node as Row), input.source), id: keyOf(input.target, id) } };
  return isAbsent(result) ? undefined : { response: failed(input, result) };
}

/**
 * Comet parameters have no sections: the Comet source writes a sectioned one as `<section>/<name>` and
 * reads it back so. ClearML's hyperparams are sectioned, so the first `/` splits them again.
 */
function withSections(node: Row): Row {
  const params = node['parameters'];
  if (!Array.isArray(params)) return node;
  const split = (params as { section: string | null; name: string; value: string | null }[]).map((p) => {
    const at = p.section === null ? p.name.indexOf('/') : -1;
    return at > 0 ? { ...p, section: p.name.slice(0, at), name: p.name.slice(at + 1) } : p;
  });
  return { ...node, parameters: split };
}

async function taskById(input: RoutedInput): Promise<RestResponse | undefined> {
  const found = await routedTask(input, input.params['task']);
  if (found === undefined) return undefined;
  if ('response' in found) return found.response;
  return clearmlOk({ task: found.task }, withActualVersion(input.envelope));
}

async function taskList(input: RoutedInput): Promise<RestResponse | undefined> {
  const ids = stringList(input.params, 'id');
  if (ids === undefined || isInvalid(ids) || ids.length === 0) return undefined;
  const routed: Row[] = [];
  const others: string[] = [];
  for (const id of ids) {
    const found = await routedTask(input, id);
    if (found === undefined) others.push(id);
    else if ('response' in found) return found.response;
    else routed.push(found.task);
  }
  if (routed.length === 0) return undefined;
  const extra = Object.keys(input.params).find((k) => !GET_ALL_ROUTED.has(k));
  if (extra !== undefined) return clearmlError(400, 12, `Validation error (Switchyard routed writes: tasks.get_all of tasks in Comet source "${input.target}" takes only id, only_fields and search_hidden, not ${extra})`, input.envelope, { route: input.target });
  const only = stringList(input.params, 'only_fields');
  const rows = routed.map((t) => projectFields(t, isInvalid(only) ? null : (only ?? null)));
  if (others.length > 0) {
    // Pre-migration tasks asked for in the same call: ClearML answers for those, the rows are joined.
    const rest = await input.passthrough({ ...input.req, search: '', headers: withoutLength(input.req.headers), body: Buffer.from(JSON.stringify({ ...input.params, id: others })) });
    if (rest.status !== 200) return rest;
    const parsed = parseData(rest.body);
    if (Array.isArray(parsed?.['tasks'])) rows.push(...(parsed['tasks'] as Row[]));
  }
  return clearmlOk({ tasks: rows }, withActualVersion(input.envelope));
}

function withoutLength(headers: Readonly<Record<string, string>>): Record<string, string> {
  const { 'content-length': _len, 'transfer-encoding': _te, ...rest } = headers;
  return { ...rest, 'content-type': 'application/json' };
}

function parseData(body: RestResponse['body']): Row | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : String(body));
    const data = typeof v === 'object' && v !== null ? (v as Row)['data'] : undefined;
    return typeof data === 'object' && data !== null ? (data as Row) : undefined;
  } catch {
    return undefined;
  }
}

/** projects.get_by_id of a routed project id: the SDK parses it as its v2.23 Project model. */
function projectById(input: RoutedInput): RestResponse | undefined {
  const id = input.params['project'];
  const name = routedProjectName(input.target, id);
  if (name === undefined) return undefined;
  const project = { ...renderProject({ id: String(id), name, own: false, source: input.target, created: undefined }), description: '', default_output_destination: null };
  return clearmlOk({ project }, { ...input.envelope, actualVersion: '2.1' });
}
