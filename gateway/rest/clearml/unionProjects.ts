/**
 * `projects.get_all` in the union view: the distinct projects of every tracker's tasks, as ClearML project
 * objects. The supergraph has no project type, so the view walks the tasks (archived ones too: ClearML lists
 * a project whatever its tasks' state) and groups them by (source, project name). The mount's own projects
 * keep their ClearML id; any other source's project gets `<source>:project:<percent-encoded name>`
 * (unionCommon.foreignProjectId), the same id its tasks carry in `project`. `created` is the earliest
 * creation time of the project's tasks, the nearest the tasks say about it. Filtering, ordering and paging
 * run in memory over the grouped list.
 */
import type { RestResponse } from '../shared/types.js';
import { clearmlTime, fetchPage, foreignProjectId, isOwn, type Origin, type Row, sourceTag, unionFailed, unionInvalid, unionOk, type UnionViewInput } from './unionCommon.js';
import { checkParameters, type Invalid, isInvalid, MAX_PAGE, parsePaging, projectFields, projectNameMatcher, sourceList, stringList } from './unionParams.js';

const QUERY = `query SwitchyardClearMLUnionProjects($filter: TaskFilter, $orderBy: ListOrder, $first: Int, $after: String) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { project createdAt origin { source kind nativeId } ... on ClearMLTask { projectId } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome message }
  }
}`;

/** At most this many pages of 500 tasks are grouped (10,000 tasks). */
const MAX_TASK_PAGES = 20;
const ORDERS: Readonly<Record<string, string>> = { name: 'name', '-name': '-name', created: 'created', '-created': '-created' };

export interface ProjectSeed {
  readonly id: string;
  readonly name: string;
  readonly own: boolean;
  readonly source: string;
  readonly created: string | undefined;
}

export async function renderUnionProjects(input: UnionViewInput): Promise<RestResponse> {
  const bad = checkParameters(input.params, 'projects.get_all') ?? checkShallow(input.params);
  if (bad) return unionInvalid(bad, input);
  const match = projectNameMatcher(input.params);
  if (isInvalid(match)) return unionInvalid(match, input);
  const ids = stringList(input.params, 'id');
  if (isInvalid(ids)) return unionInvalid(ids, input);
  const paging = parsePaging(input.params, ORDERS, 'name');
  if (isInvalid(paging)) return unionInvalid(paging, input);
  const offset = paging.scrolling ? decodeScroll(paging.scrollId) : paging.page * paging.size;
  if (offset === undefined) return unionInvalid({ invalid: 'scroll_id: not one this view issued' }, input);

  const only = sourceList(input.sources);
  const seeds = new Map<string, ProjectSeed>();
  const partial = new Set<string>();
  let after: string | null = null;
  for (let p = 0; p < MAX_TASK_PAGES; p += 1) {
    const page = await fetchPage(input, { query: QUERY, field: 'tasks', variables: { filter: { archived: null, ...(only ? { sources: only } : {}) }, orderBy: 'CREATED_AT_ASC' }, first: MAX_PAGE, page: 0, after });
    if ('errors' in page) return unionFailed(input, page.errors);
    page.partial.forEach((s) => partial.add(s));
    for (const n of page.nodes) addSeed(seeds, n, input.source);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }

  const rows = [...seeds.values()]
    .filter((s) => (match ? match(s.name) : true) && (ids ? ids.includes(s.id) : true))
    .sort(compareBy(paging.order));
  const slice = rows.slice(offset, offset + paging.size).map((s) => projectFields(renderProject(s), paging.onlyFields));
  return unionOk({ projects: slice, ...(paging.scrolling ? { scroll_id: encodeScroll(offset + slice.length) } : {}) }, input, partial);
}

/** Groups a task under its project: the first (earliest) task of a project fixes `created`. */
export function addSeed(seeds: Map<string, ProjectSeed>, n: Row, source: string): void {
  const name = n['project'];
  if (typeof name !== 'string' || name === '') return;
  const origin = n['origin'] as Origin;
  const own = isOwn(origin, source);
  const id = own ? (typeof n['projectId'] === 'string' ? n['projectId'] : undefined) : foreignProjectId(origin.source, name);
  if (id === undefined) return;
  const created = clearmlTime(n['createdAt']);
  const seen = seeds.get(id);
  if (!seen) seeds.set(id, { id, name, own, source: origin.source, created });
  else if (created !== undefined && (seen.created === undefined || Date.parse(created) < Date.parse(seen.created))) seeds.set(id, { ...seen, created });
}

/** ClearML's project object (projects_get_all_response_single), unset fields absent. */
export function renderProject(s: ProjectSeed): Row {
  return {
    id: s.id,
    name: s.name,
    basename: s.name.slice(s.name.lastIndexOf('/') + 1),
    ...(s.created !== undefined ? { created: s.created } : {}),
    tags: [],
    system_tags: s.own ? [] : [sourceTag(s.source)],
  };
}

function compareBy(order: string): (a: ProjectSeed, b: ProjectSeed) => number {
  const desc = order.startsWith('-');
  const key = desc ? order.slice(1) : order;
  return (a, b) => {
    const d = key === 'created' ? Date.parse(a.created ?? '') - Date.parse(b.created ?? '') || 0 : a.name.localeCompare(b.name);
    // clearml-server appends `id` as a tie-breaker; so does the view.
    return (desc ? -d : d) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

function checkShallow(params: Readonly<Record<string, unknown>>): Invalid | undefined {
  // The grouped list holds no implicit parent projects, so a top-level-only search cannot be answered.
  return params['shallow_search'] === true ? { invalid: 'shallow_search: only false is supported in the union view' } : undefined;
}

/** The in-memory list scrolls by offset; the token is opaque to clients as ClearML's own are. */
export function encodeScroll(offset: number): string {
  return Buffer.from(`projects:${offset}`).toString('base64url');
}

export function decodeScroll(token: string | null): number | undefined {
  if (token === null) return 0;
  const m = /^projects:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}
