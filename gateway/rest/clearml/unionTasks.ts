/**
 * Tasks in the union view: `tasks.get_all`, `tasks.get_all_ex` and `tasks.get_by_id` over the supergraph's
 * `tasks` / `task(id)`, every tracker's runs rendered as ClearML task objects. Rows of the mount's own
 * source keep their ClearML id, project id, status and system tags; rows from elsewhere carry their global
 * id, the derived project id of their project name, and the system tag `switchyard:source=<name>`.
 * get_all_ex differs from get_all as clearml-server's does: reference fields are objects (`project: {id}`,
 * with `name` when `only_fields` asks for `project.name`).
 */
import type { RestResponse } from '../shared/types.js';
import { clearmlError } from './envelope.js';
import { clearmlTime, fetchPage, foreignProjectId, isOwn, md5, type Origin, type Row, rowId, sortedTags, sourceTag, unionFailed, unionInvalid, unionOk, type UnionViewInput } from './unionCommon.js';
import { checkParameters, type Invalid, isInvalid, parsePaging, type Paging, plainName, plainTags, projectFields, sourceList, stringList, TASK_STATUS_TO_CLEARML, TASK_STATUS_TO_UNIFIED, wants } from './unionParams.js';

const TASK_FIELDS = `id name project createdAt status archived type user tags startedAt endedAt origin { source kind nativeId }
  parameters @include(if: $details) { section name value }
  metrics @include(if: $details) { name variant last min max }
  ... on ClearMLTask { projectId clearmlStatus systemTags }`;

const LIST_QUERY = `query SwitchyardClearMLUnionTasks($filter: TaskFilter, $orderBy: ListOrder, $first: Int, $after: String, $details: Boolean!) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { ${TASK_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome message }
  }
}`;

/** One task with parameters and metrics (also the routed reads', routedReads.ts). */
export const BY_ID_QUERY = `query SwitchyardClearMLUnionTask($id: ID!, $details: Boolean!) { task(id: $id) { ${TASK_FIELDS} } }`;

/** tasks.get_all and tasks.get_all_ex. */
export async function renderUnionTaskList(input: UnionViewInput, ex: boolean): Promise<RestResponse> {
  const endpoint = ex ? 'tasks.get_all_ex' : 'tasks.get_all';
  const parsed = checkParameters(input.params, endpoint) ?? parseTaskFilter(input.params, input.sources);
  if (isInvalid(parsed)) return unionInvalid(parsed, input);
  const paging = parsePaging(input.params);
  if (isInvalid(paging)) return unionInvalid(paging, input);
  const page = await fetchPage(input, {
    query: LIST_QUERY,
    field: 'tasks',
    variables: { filter: parsed, orderBy: paging.order, details: needsDetails(paging) },
    first: paging.size,
    page: paging.page,
    after: paging.scrollId,
  });
  if ('errors' in page) return unionFailed(input, page.errors);
  const tasks = page.nodes.map((n) => projectFields(renderTask(n, input.source, ex ? projectRef(paging) : 'id'), paging.onlyFields));
  return unionOk({ tasks, ...(paging.scrolling ? { scroll_id: page.endCursor } : {}) }, input, page.partial);
}

/**
 * tasks.get_by_id: `task` is a global id of any tracker, or a plain ClearML task id of the mount's own
 * source. Unknown ids (and ids outside `switchyard.sources`) get clearml-server's 400/101.
 */
export async function renderUnionTaskById(input: UnionViewInput): Promise<RestResponse> {
  const bad = checkParameters(input.params, 'tasks.get_by_id');
  if (bad) return unionInvalid(bad, input);
  const task = input.params['task'];
  if (typeof task !== 'string' || task === '') return unionInvalid({ invalid: 'task is required and must be a string' }, input);
  const globalId = task.includes(':') ? task : `${input.source}:task:${encodeURIComponent(task)}`;
  const invalidId = () => clearmlError(400, 101, `Invalid task id: id=${task}`, input.envelope, { id: task });
  const only = sourceList(input.sources);
  if (only && !only.includes(globalId.slice(0, globalId.indexOf(':')))) return invalidId();
  const result = await input.run(BY_ID_QUERY, { id: globalId, details: true }, input.principal, input.requestId);
  const node = (result.data?.['task'] ?? null) as Row | null;
  if (node) return unionOk({ task: renderTask(node, input.source, 'id') }, input, new Set());
  const codes = result.errors.map((e) => String(e.extensions?.['code'] ?? ''));
  if (codes.length === 0 || codes.every((c) => c === 'NOT_FOUND' || c === 'BAD_USER_INPUT')) return invalidId();
  const err = result.errors[0];
  const source = String(err?.extensions?.['source'] ?? globalId.slice(0, globalId.indexOf(':')));
  // The same words the passthrough uses when the owning tracker cannot be reached.
  if (codes.includes('SOURCE_TIMEOUT')) return clearmlError(504, 0, `Switchyard: source "${source}" did not answer in time`, input.envelope);
  if (codes.some((c) => c.startsWith('SOURCE_') || c === 'RATE_LIMITED')) return clearmlError(503, 0, `Switchyard: source "${source}" is unavailable`, input.envelope);
  // errors.conf 403/20, as the mount's gate answers a source this principal may not use.
  if (codes.includes('FORBIDDEN')) return clearmlError(403, 20, `forbidden (not allowed for role): ${err?.message ?? ''}`, input.envelope);
  return unionFailed(input, result.errors);
}

/** The supergraph's TaskFilter for the declared subset (status, tags, system_tags, name, sources). */
export function parseTaskFilter(params: Readonly<Record<string, unknown>>, sources: string): Record<string, unknown> | Invalid {
  const filter: Record<string, unknown> = { archived: null };
  const only = sourceList(sources);
  if (only) filter['sources'] = only;
  const status = stringList(params, 'status');
  if (isInvalid(status)) return status;
  if (status) {
    const bad = status.find((s) => !TASK_STATUS_TO_UNIFIED[s]);
    if (bad !== undefined) return { invalid: `status: unknown value ${bad}` };
    filter['status'] = [...new Set(status.map((s) => TASK_STATUS_TO_UNIFIED[s]))];
  }
  const tags = plainTags(params, 'tags');
  if (isInvalid(tags)) return tags;
  if (tags) filter['tags'] = tags;
  const systemTags = stringList(params, 'system_tags');
  if (isInvalid(systemTags)) return systemTags;
  if (systemTags) {
    if (systemTags.length !== 1 || (systemTags[0] !== '-archived' && systemTags[0] !== 'archived')) return { invalid: 'system_tags: only ["-archived"] or ["archived"] are supported in the union view' };
    filter['archived'] = systemTags[0] === 'archived';
  }
  const name = plainName(params);
  if (isInvalid(name)) return name;
  if (name !== undefined) filter['nameContains'] = name;
  return filter;
}

function needsDetails(paging: Paging): boolean {
  return wants(paging.onlyFields, 'hyperparams') || wants(paging.onlyFields, 'last_metrics');
}

/** How `project` renders: get_all's plain id, get_all_ex's `{id}` or, asked for `project.name`, `{id, name}`. */
type ProjectRef = 'id' | 'object' | 'object+name';

function projectRef(paging: Paging): ProjectRef {
  return paging.onlyFields?.some((f) => f === 'project.name') ? 'object+name' : 'object';
}

/** A unified task as ClearML's task object (unset fields absent, as ClearML writes them). */
export function renderTask(n: Row, source: string, ref: ProjectRef = 'id'): Row {
  const origin = n['origin'] as Origin;
  const own = isOwn(origin, source);
  const projectName = typeof n['project'] === 'string' ? n['project'] : undefined;
  const projectId = own ? (typeof n['projectId'] === 'string' ? n['projectId'] : undefined) : projectName !== undefined ? foreignProjectId(origin.source, projectName) : undefined;
  const clearmlStatus = own && typeof n['clearmlStatus'] === 'string' ? n['clearmlStatus'] : undefined;
  const systemTags = own && Array.isArray(n['systemTags']) ? sortedTags(n['systemTags']) : [...(n['archived'] ? ['archived'] : []), ...(own ? [] : [sourceTag(origin.source)])].sort();
  const out: Row = {
    id: rowId(String(n['id']), origin, source),
    name: n['name'],
    ...(typeof n['user'] === 'string' ? { user: n['user'] } : {}),
    ...(typeof n['type'] === 'string' ? { type: n['type'] } : {}),
    status: clearmlStatus ?? TASK_STATUS_TO_CLEARML[String(n['status'])] ?? 'unknown',
    ...(clearmlTime(n['createdAt']) ? { created: clearmlTime(n['createdAt']) } : {}),
    ...(clearmlTime(n['startedAt']) ? { started: clearmlTime(n['startedAt']) } : {}),
    ...(clearmlTime(n['endedAt']) ? { completed: clearmlTime(n['endedAt']) } : {}),
    ...(projectId !== undefined ? { project: ref === 'id' ? projectId : { id: projectId, ...(ref === 'object+name' ? { name: projectName } : {}) } } : {}),
    tags: sortedTags(n['tags']),
    system_tags: systemTags,
  };
  const params = n['parameters'] as { section: string | null; name: string; value: string | null }[] | null | undefined;
  if (params) {
    const hp: Record<string, Record<string, unknown>> = {};
    for (const p of params) {
      const section = p.section ?? 'General';
      (hp[section] ??= {})[p.name] = { section, name: p.name, value: p.value ?? '', type: '', description: '' };
    }
    out['hyperparams'] = hp;
  }
  const metrics = n['metrics'] as { name: string; variant: string | null; last: number | null; min: number | null; max: number | null }[] | null | undefined;
  if (metrics) {
    const lm: Record<string, Record<string, unknown>> = {};
    for (const m of metrics) {
      const variant = m.variant ?? m.name;
      (lm[md5(m.name)] ??= {})[md5(variant)] = { metric: m.name, variant, ...(m.last !== null ? { value: m.last } : {}), ...(m.min !== null ? { min_value: m.min } : {}), ...(m.max !== null ? { max_value: m.max } : {}) };
    }
    out['last_metrics'] = lm;
  }
  return out;
}
