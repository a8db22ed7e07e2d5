/**
 * Parameter parsing shared by the union view's endpoints (DESIGN §6). Each endpoint declares the subset of
 * ClearML's parameters it understands; anything else, or a value the supergraph cannot express, is an
 * `Invalid` that the caller answers with ClearML's own 400/12 naming the parameter.
 */

export type Invalid = { readonly invalid: string };
type Params = Readonly<Record<string, unknown>>;

const PAGING = ['order_by', 'page', 'page_size', 'size', 'scroll_id', 'only_fields'] as const;

/** The declared parameter subset per union endpoint. */
export const UNION_PARAMETERS = {
  'tasks.get_all': ['status', 'tags', 'system_tags', 'name', ...PAGING, 'search_hidden', 'switchyard.sources'],
  'tasks.get_all_ex': ['status', 'tags', 'system_tags', 'name', ...PAGING, 'search_hidden', 'switchyard.sources'],
  'tasks.get_by_id': ['task', 'switchyard.sources'],
  'projects.get_all': ['id', 'name', ...PAGING, 'search_hidden', 'shallow_search', 'switchyard.sources'],
  'models.get_all': ['name', 'tags', 'framework', ...PAGING, 'switchyard.sources'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type UnionEndpoint = keyof typeof UNION_PARAMETERS;

export function isUnionEndpoint(endpoint: string | undefined): endpoint is UnionEndpoint {
  return endpoint !== undefined && Object.hasOwn(UNION_PARAMETERS, endpoint);
}

/** The first parameter outside the endpoint's subset, as an `Invalid`. */
export function checkParameters(params: Params, endpoint: UnionEndpoint): Invalid | undefined {
  const allowed: readonly string[] = UNION_PARAMETERS[endpoint];
  const key = Object.keys(params).find((k) => !allowed.includes(k));
  return key === undefined ? undefined : { invalid: `parameter not supported in the Switchyard union view: ${key}` };
}

/** `switchyard.sources` / the header: 'all', else the named source instances. */
export function sourceList(sources: string): string[] | null {
  return sources === 'all' ? null : sources.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A list-of-strings parameter (a single string counts as a list of one, as clearml-server reads it). */
export function stringList(params: Params, key: string): string[] | Invalid | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  const arr: unknown[] = Array.isArray(v) ? v : [v];
  return arr.every((x): x is string => typeof x === 'string') ? arr : { invalid: `${key} must be a list of strings` };
}

export function isInvalid(v: unknown): v is Invalid {
  return typeof v === 'object' && v !== null && 'invalid' in v;
}

/** `tags`: plain "any of" values only; exclusions (`-x`) and operators (`__$all`) have no supergraph form. */
export function plainTags(params: Params, key: string): string[] | Invalid | undefined {
  const tags = stringList(params, key);
  if (tags === undefined || isInvalid(tags)) return tags;
  if (tags.some((t) => t.startsWith('-') || t.startsWith('__$'))) return { invalid: `${key}: exclusions and operators are not supported in the union view` };
  return tags;
}

/** `name` is a regex in ClearML; the union view takes a plain substring (no regex metacharacters). */
export function plainName(params: Params): string | Invalid | undefined {
  const name = params['name'];
  if (name === undefined || name === null) return undefined;
  if (typeof name !== 'string' || /[\\^$.*+?()[\]{}|]/.test(name)) return { invalid: 'name: only plain substrings (no regular expression) are supported in the union view' };
  return name;
}

/**
 * `name` for projects, matched in memory: a plain substring, or the anchored exact match the SDK sends
 * (`^<escaped name>$`, clearml `exact_match_regex`). Other regexes are refused rather than run.
 */
export function projectNameMatcher(params: Params): ((name: string) => boolean) | Invalid | undefined {
  const name = params['name'];
  if (name === undefined || name === null) return undefined;
  if (typeof name !== 'string') return { invalid: 'name must be a string' };
  const refused: Invalid = { invalid: 'name: only plain substrings or "^<escaped name>$" are supported in the union view' };
  const exact = /^\^(.*)\$$/s.exec(name);
  if (exact) {
    const inner = exact[1] as string;
    // Escaped characters are literals; anything else special (or a class such as \d) is a real regex.
    if (/\\[A-Za-z0-9]/.test(inner) || /[\\^$.*+?()[\]{}|]/.test(inner.replace(/\\./gs, ''))) return refused;
    const literal = inner.replace(/\\(.)/gs, '$1');
    return (n) => n === literal;
  }
  if (/[\\^$.*+?()[\]{}|]/.test(name)) return refused;
  return (n) => n.includes(name);
}

export const TASK_STATUS_TO_UNIFIED: Readonly<Record<string, string>> = {
  created: 'CREATED', queued: 'QUEUED', in_progress: 'RUNNING', stopped: 'STOPPED', failed: 'FAILED',
  completed: 'COMPLETED', published: 'COMPLETED', publishing: 'COMPLETED', closed: 'COMPLETED', unknown: 'UNKNOWN',
};
export const TASK_STATUS_TO_CLEARML: Readonly<Record<string, string>> = {
  CREATED: 'created', QUEUED: 'queued', RUNNING: 'in_progress', STOPPED: 'stopped', FAILED: 'failed', COMPLETED: 'completed', UNKNOWN: 'unknown',
};

/** ClearML's `order_by` keys the union view maps onto the supergraph's `ListOrder`. */
const ORDERS: Readonly<Record<string, string>> = { '-created': 'CREATED_AT_DESC', created: 'CREATED_AT_ASC', name: 'NAME_ASC' };
/** clearml-server's `max_page_size` (_mongo.conf): also the default page size. */
export const MAX_PAGE = 500;

export interface Paging {
  readonly order: string;
  readonly size: number;
  readonly page: number;
  readonly scrollId: string | null;
  /** `size`/`scroll_id` sent: answer with a `scroll_id`. */
  readonly scrolling: boolean;
  readonly onlyFields: readonly string[] | null;
}

/**
 * order_by, page/page_size (offset) or size/scroll_id (cursor), only_fields. `orders` lists the accepted
 * `order_by` keys (the server's `id` tie-breaker is always implied and dropped).
 */
export function parsePaging(params: Params, orders: Readonly<Record<string, string>> = ORDERS, defaultOrder = '-created'): Paging | Invalid {
  const orderBy = stringList(params, 'order_by');
  if (isInvalid(orderBy)) return orderBy;
  const key = (orderBy ?? [defaultOrder]).filter((o) => o !== 'id' && o !== '-id');
  const order = key.length === 1 ? orders[key[0] as string] : undefined;
  if (!order) return { invalid: `order_by: one of ${Object.keys(orders).map((k) => `["${k}"]`).join(', ')}` };
  const int = (k: string, def: number, min: number, max: number): number | Invalid => {
    const v = params[k];
    if (v === undefined || v === null) return def;
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : { invalid: `${k} must be an integer in ${min}..${max}` };
  };
  const scrolling = 'scroll_id' in params || 'size' in params;
  const size = int(scrolling ? 'size' : 'page_size', MAX_PAGE, 1, MAX_PAGE);
  if (isInvalid(size)) return size;
  const page = scrolling ? 0 : int('page', 0, 0, 1_000);
  if (isInvalid(page)) return page;
  if (!scrolling && params['page'] !== undefined && params['page_size'] === undefined) return { invalid: 'page requires page_size' };
  const scroll = params['scroll_id'];
  if (scroll !== undefined && scroll !== null && typeof scroll !== 'string') return { invalid: 'scroll_id must be a string' };
  const only = stringList(params, 'only_fields');
  if (isInvalid(only)) return only;
  return { order, size, page, scrollId: typeof scroll === 'string' ? scroll : null, scrolling, onlyFields: only ?? null };
}

/** `only_fields`: keep the named top-level fields (dotted paths keep their first segment) plus `id`. */
export function projectFields(row: Record<string, unknown>, only: readonly string[] | null): Record<string, unknown> {
  if (!only) return row;
  const keep = new Set(['id', ...only.filter((f) => !f.startsWith('-')).map((f) => f.split('.')[0] as string)]);
  return Object.fromEntries(Object.entries(row).filter(([k]) => keep.has(k)));
}

/** Whether `only_fields` asks for a field (or a path under it); everything is asked for without it. */
export function wants(only: readonly string[] | null, field: string): boolean {
  return only === null || only.some((f) => f === field || f.startsWith(`${field}.`));
}
