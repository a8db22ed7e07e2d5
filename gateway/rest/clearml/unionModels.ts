/**
 * `models.get_all` in the union view: every tracker's models (Comet registry versions and experiment
 * models, CMF models, MLConnector models) over the supergraph's `models`, as ClearML model objects.
 * The mount's own models render as ClearML wrote them (native id, task, project, ready, labels, metadata).
 * Models from elsewhere carry their global id, the producing task's id (by the same id rule), the derived
 * project id of their project name, their version as ClearML's `version` metadata entry (the key the
 * ClearML mapping reads a version from), and the system tag `switchyard:source=<name>`. They have no
 * `ready`: whether a Comet stage or an MLConnector model counts as "published" is not ClearML's call.
 */
import type { RestResponse } from '../shared/types.js';
import { clearmlTime, fetchPage, foreignProjectId, isOwn, type Origin, refId, type Row, rowId, sortedTags, sourceTag, unionFailed, unionInvalid, unionOk, type UnionViewInput } from './unionCommon.js';
import { checkParameters, type Invalid, isInvalid, parsePaging, plainName, plainTags, projectFields, sourceList, stringList, wants } from './unionParams.js';

const QUERY = `query SwitchyardClearMLUnionModels($filter: ModelFilter, $orderBy: ListOrder, $first: Int, $after: String, $withTask: Boolean!) {
  models(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { id name project createdAt version framework tags uri origin { source kind nativeId }
      producedBy @include(if: $withTask) { id }
      ... on ClearMLModel { taskId projectId user ready systemTags comment labels metadata lastIteration lastUpdate } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome message }
  }
}`;

export async function renderUnionModels(input: UnionViewInput): Promise<RestResponse> {
  const filter = checkParameters(input.params, 'models.get_all') ?? parseModelFilter(input.params, input.sources);
  if (isInvalid(filter)) return unionInvalid(filter, input);
  const paging = parsePaging(input.params);
  if (isInvalid(paging)) return unionInvalid(paging, input);
  const page = await fetchPage(input, {
    query: QUERY,
    field: 'models',
    variables: { filter, orderBy: paging.order, withTask: wants(paging.onlyFields, 'task') },
    first: paging.size,
    page: paging.page,
    after: paging.scrollId,
  });
  if ('errors' in page) return unionFailed(input, page.errors);
  const models = page.nodes.map((n) => projectFields(renderModel(n, input.source), paging.onlyFields));
  return unionOk({ models, ...(paging.scrolling ? { scroll_id: page.endCursor } : {}) }, input, page.partial);
}

/** The supergraph's ModelFilter for the declared subset (name, tags, framework, sources). */
export function parseModelFilter(params: Readonly<Record<string, unknown>>, sources: string): Record<string, unknown> | Invalid {
  const filter: Record<string, unknown> = {};
  const only = sourceList(sources);
  if (only) filter['sources'] = only;
  const tags = plainTags(params, 'tags');
  if (isInvalid(tags)) return tags;
  if (tags) filter['tags'] = tags;
  const frameworks = stringList(params, 'framework');
  if (isInvalid(frameworks)) return frameworks;
  if (frameworks) filter['frameworks'] = frameworks;
  const name = plainName(params);
  if (isInvalid(name)) return name;
  if (name !== undefined) filter['nameContains'] = name;
  return filter;
}

/** A unified model as ClearML's model object (unset fields absent, as ClearML writes them). */
export function renderModel(n: Row, source: string): Row {
  const origin = n['origin'] as Origin;
  const own = isOwn(origin, source);
  const str = (k: string): string | undefined => (typeof n[k] === 'string' ? (n[k] as string) : undefined);
  const obj = (k: string): Row | undefined => (typeof n[k] === 'object' && n[k] !== null && !Array.isArray(n[k]) ? (n[k] as Row) : undefined);
  const projectName = str('project');
  const producedBy = obj('producedBy');
  const task = own ? str('taskId') : typeof producedBy?.['id'] === 'string' ? refId(producedBy['id'], source) : undefined;
  const project = own ? str('projectId') : projectName !== undefined ? foreignProjectId(origin.source, projectName) : undefined;
  const version = str('version');
  const metadata = own ? obj('metadata') : version !== undefined ? { version: { key: 'version', type: 'str', value: version } } : undefined;
  return {
    id: rowId(String(n['id']), origin, source),
    name: n['name'],
    ...(own && str('user') ? { user: str('user') } : {}),
    ...(clearmlTime(n['createdAt']) ? { created: clearmlTime(n['createdAt']) } : {}),
    ...(own && clearmlTime(n['lastUpdate']) ? { last_update: clearmlTime(n['lastUpdate']) } : {}),
    ...(task !== undefined ? { task } : {}),
    ...(project !== undefined ? { project } : {}),
    ...(own && str('comment') !== undefined ? { comment: str('comment') } : {}),
    tags: sortedTags(n['tags']),
    system_tags: own ? sortedTags(n['systemTags']) : [sourceTag(origin.source)],
    ...(str('framework') !== undefined ? { framework: str('framework') } : {}),
    ...(own && obj('labels') ? { labels: obj('labels') } : {}),
    ...(str('uri') !== undefined ? { uri: str('uri') } : {}),
    ...(own && typeof n['ready'] === 'boolean' ? { ready: n['ready'] } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(own && typeof n['lastIteration'] === 'number' ? { last_iteration: n['lastIteration'] } : {}),
  };
}
