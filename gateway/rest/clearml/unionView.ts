/**
 * The union view of `tasks.get_all` (DESIGN §6): `?switchyard.sources=all` (or the header
 * `X-Switchyard-Sources: all`) lists tasks from every tracker in ClearML's shape. Only a declared subset
 * of get_all's parameters is understood; any other parameter gets ClearML's own 400/12 naming it.
 * Rows from other trackers keep their own id (Comet keys are 32 hex like ClearML ids), carry no
 * ClearML `project` id, and are marked with the system tag `switchyard:source=<name>`.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import type { RestResponse } from '../shared/types.js';
import { CLEARML_ERRORS, clearmlError, clearmlOk, type EnvelopeOptions } from './envelope.js';

export const UNION_PARAMETERS = ['status', 'tags', 'system_tags', 'name', 'order_by', 'page', 'page_size', 'size', 'scroll_id', 'only_fields', 'search_hidden', 'switchyard.sources'] as const;

const TO_UNIFIED: Readonly<Record<string, string>> = {
  created: 'CREATED', queued: 'QUEUED', in_progress: 'RUNNING', stopped: 'STOPPED', failed: 'FAILED',
  completed: 'COMPLETED', published: 'COMPLETED', publishing: 'COMPLETED', closed: 'COMPLETED', unknown: 'UNKNOWN',
};
const TO_CLEARML: Readonly<Record<string, string>> = {
  CREATED: 'created', QUEUED: 'queued', RUNNING: 'in_progress', STOPPED: 'stopped', FAILED: 'failed', COMPLETED: 'completed', UNKNOWN: 'unknown',
};
const ORDERS: Readonly<Record<string, string>> = { '-created': 'CREATED_AT_DESC', created: 'CREATED_AT_ASC', name: 'NAME_ASC' };
const MAX_PAGE = 500;

const QUERY = `query SwitchyardClearMLUnion($filter: TaskFilter, $orderBy: ListOrder, $first: Int, $after: String, $details: Boolean!) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges { node { id name createdAt status archived type user tags startedAt endedAt origin { source kind nativeId }
      parameters @include(if: $details) { section name value }
      metrics @include(if: $details) { name variant last min max }
      ... on ClearMLTask { projectId } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome message }
  }
}`;

export interface UnionViewInput {
  readonly params: Readonly<Record<string, unknown>>;
  /** From `switchyard.sources` or the header: 'all' or a comma-separated list of source names. */
  readonly sources: string;
  readonly envelope: EnvelopeOptions;
  readonly principal: Principal;
  readonly requestId: string;
  readonly run: OperationRunner;
}

type Invalid = { readonly invalid: string };

export async function renderUnionTasks(input: UnionViewInput): Promise<RestResponse> {
  const parsed = parseParams(input.params, input.sources);
  if ('invalid' in parsed) {
    const [code, sub, msg] = CLEARML_ERRORS.validation;
    return clearmlError(code, sub, `${msg} (${parsed.invalid})`, input.envelope, { reason: parsed.invalid });
  }
  let after: string | null = parsed.scrollId;
  let edges: Record<string, unknown>[] = [];
  let endCursor: string | null = null;
  const partial = new Set<string>();
  // page/page_size is an offset; the API under it is a cursor, so earlier pages are walked (bounded by 500 × page).
  for (let p = 0; p <= parsed.page; p += 1) {
    const result = await input.run(QUERY, { filter: parsed.filter, orderBy: parsed.order, first: parsed.size, after, details: parsed.details }, input.principal, input.requestId);
    const conn = (result.data?.['tasks'] ?? null) as { edges: { node: Record<string, unknown> | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; sources: { source: string; outcome: string }[] } | null;
    if (!conn) {
      return clearmlError(500, 0, 'General data error (union view failed)', input.envelope);
    }
    conn.sources.filter((s) => s.outcome !== 'OK').forEach((s) => partial.add(s.source));
    edges = conn.edges.flatMap((e) => (e.node ? [e.node] : []));
    endCursor = conn.pageInfo.endCursor;
    if (!conn.pageInfo.hasNextPage && p < parsed.page) {
      edges = [];
      break;
    }
    after = endCursor;
  }
  const tasks = edges.map((n) => project(renderTask(n), parsed.onlyFields));
  const response = clearmlOk({ tasks, ...(parsed.scrolling ? { scroll_id: endCursor } : {}) }, input.envelope);
  return partial.size > 0 ? { ...response, headers: { ...response.headers, 'x-switchyard-partial': [...partial].sort().join(',') } } : response;
}

interface ParsedParams {
  readonly filter: Record<string, unknown>;
  readonly order: string;
  readonly size: number;
  readonly page: number;
  readonly scrollId: string | null;
  readonly scrolling: boolean;
  readonly onlyFields: readonly string[] | null;
  readonly details: boolean;
}

function parseParams(params: Readonly<Record<string, unknown>>, sources: string): ParsedParams | Invalid {
  for (const key of Object.keys(params)) {
    if (!(UNION_PARAMETERS as readonly string[]).includes(key)) return { invalid: `parameter not supported in the Switchyard union view: ${key}` };
  }
  const filter: Record<string, unknown> = { archived: null };
  if (sources !== 'all') filter['sources'] = sources.split(',').map((s) => s.trim()).filter(Boolean);
  const list = (key: string): string[] | Invalid | undefined => {
    const v = params[key];
    if (v === undefined || v === null) return undefined;
    const arr = Array.isArray(v) ? v : [v];
    return arr.every((x) => typeof x === 'string') ? (arr as string[]) : { invalid: `${key} must be a list of strings` };
  };
  const status = list('status');
  if (status && 'invalid' in status) return status;
  if (status) {
    const bad = status.find((s) => !TO_UNIFIED[s]);
    if (bad !== undefined) return { invalid: `status: unknown value ${bad}` };
    filter['status'] = [...new Set(status.map((s) => TO_UNIFIED[s]))];
  }
  const tags = list('tags');
  if (tags && 'invalid' in tags) return tags;
  if (tags) {
    if (tags.some((t) => t.startsWith('-') || t.startsWith('__$'))) return { invalid: 'tags: exclusions and operators are not supported in the union view' };
    filter['tags'] = tags;
  }
  const systemTags = list('system_tags');
  if (systemTags && 'invalid' in systemTags) return systemTags;
  if (systemTags) {
    if (systemTags.length !== 1 || (systemTags[0] !== '-archived' && systemTags[0] !== 'archived')) return { invalid: 'system_tags: only ["-archived"] or ["archived"] are supported in the union view' };
    filter['archived'] = systemTags[0] === 'archived';
  }
  const name = params['name'];
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string' || /[\\^$.*+?()[\]{}|]/.test(name)) return { invalid: 'name: only plain substrings (no regular expression) are supported in the union view' };
    filter['nameContains'] = name;
  }
  const orderBy = list('order_by');
  if (orderBy && 'invalid' in orderBy) return orderBy;
  const key = (orderBy ?? ['-created']).filter((o) => o !== 'id' && o !== '-id');
  const order = key.length === 1 ? ORDERS[key[0] as string] : undefined;
  if (!order) return { invalid: 'order_by: one of ["-created"], ["created"], ["name"]' };
  const int = (k: string, def: number, min: number, max: number): number | Invalid => {
    const v = params[k];
    if (v === undefined || v === null) return def;
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : { invalid: `${k} must be an integer in ${min}..${max}` };
  };
  const scrolling = 'scroll_id' in params || 'size' in params;
  const size = int(scrolling ? 'size' : 'page_size', MAX_PAGE, 1, MAX_PAGE);
  if (typeof size !== 'number') return size;
  const page = scrolling ? 0 : int('page', 0, 0, 1_000);
  if (typeof page !== 'number') return page;
  if (!scrolling && params['page'] !== undefined && params['page_size'] === undefined) return { invalid: 'page requires page_size' };
  const scroll = params['scroll_id'];
  if (scroll !== undefined && scroll !== null && typeof scroll !== 'string') return { invalid: 'scroll_id must be a string' };
  const only = list('only_fields');
  if (only && 'invalid' in only) return only;
  const onlyFields = only ?? null;
  const details = onlyFields === null || onlyFields.some((f) => f.startsWith('hyperparams') || f.startsWith('last_metrics'));
  return { filter, order, size, page, scrollId: typeof scroll === 'string' ? scroll : null, scrolling, onlyFields, details };
}

/** A unified task as ClearML's task object (unset fields absent, as ClearML writes them). */
export function renderTask(n: Record<string, unknown>): Record<string, unknown> {
  const origin = n['origin'] as { source: string; kind: string; nativeId: string };
  const foreign = origin.kind !== 'CLEARML';
  const time = (v: unknown) => (typeof v === 'string' ? v.replace('Z', '000+00:00') : undefined);
  const out: Record<string, unknown> = {
    id: origin.nativeId,
    name: n['name'],
    ...(typeof n['user'] === 'string' ? { user: n['user'] } : {}),
    ...(typeof n['type'] === 'string' ? { type: n['type'] } : {}),
    status: TO_CLEARML[String(n['status'])] ?? 'unknown',
    ...(time(n['createdAt']) ? { created: time(n['createdAt']) } : {}),
    ...(time(n['startedAt']) ? { started: time(n['startedAt']) } : {}),
    ...(time(n['endedAt']) ? { completed: time(n['endedAt']) } : {}),
    ...(typeof n['projectId'] === 'string' ? { project: n['projectId'] } : {}),
    tags: [...((n['tags'] as string[] | null) ?? [])].sort(),
    system_tags: [...(n['archived'] ? ['archived'] : []), ...(foreign ? [`switchyard:source=${origin.source}`] : [])].sort(),
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

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** `only_fields`: keep the named top-level fields (dotted paths keep their first segment) plus `id`. */
function project(task: Record<string, unknown>, only: readonly string[] | null): Record<string, unknown> {
  if (!only) return task;
  const keep = new Set(['id', ...only.filter((f) => !f.startsWith('-')).map((f) => f.split('.')[0] as string)]);
  return Object.fromEntries(Object.entries(task).filter(([k]) => keep.has(k)));
}
