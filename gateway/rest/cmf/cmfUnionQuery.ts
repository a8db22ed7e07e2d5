/**
 * The union view's reading of query strings and the supergraph on the /cmf mount: a route's declared
 * parameter subset (outside it: a 400 naming the parameter), FastAPI's 422 for a bad value inside it, and
 * every task of the chosen sources, walked page by page over the `tasks` connection.
 */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationResult, OperationRunner } from '../shared/operationRunner.js';
import { jsonResponse, type RestResponse } from '../shared/types.js';
import { UNION_PARAMETER, type UnionSources, sourcesFilter } from '../shared/unionSources.js';

/** FastAPI's `{"detail": …}`; a 422 also carries `status`, as every /cmf 422 does (cmflib reads it). */
export function cmfUnionError(status: number, detail: unknown): RestResponse {
  return jsonResponse(status, status === 422 ? { detail, status: 'invalid' } : { detail });
}

/** The first query parameter outside `allowed` (the union flag is always allowed), as a 400 naming it. */
export function outsideSubset(query: URLSearchParams, allowed: readonly string[], route: string): RestResponse | undefined {
  for (const name of query.keys()) {
    if (name !== UNION_PARAMETER && !allowed.includes(name)) {
      return cmfUnionError(400, `Switchyard union view: query parameter "${name}" is not supported on ${route} (supported: ${allowed.length > 0 ? allowed.join(', ') : 'none'}).`);
    }
  }
  return undefined;
}

interface ValidationItem {
  readonly type: string;
  readonly loc: readonly string[];
  readonly msg: string;
  readonly input: string | null;
  readonly ctx?: Readonly<Record<string, number>>;
}

/** Reads declared query parameters with pydantic's checks and messages, collecting the 422 items. */
export class CmfQuery {
  readonly #errors: ValidationItem[] = [];
  constructor(private readonly query: URLSearchParams) {}

  str(name: string, fallback?: string): string {
    const v = this.query.get(name);
    if (v !== null) return v;
    if (fallback === undefined) this.#errors.push({ type: 'missing', loc: ['query', name], msg: 'Field required', input: null });
    return fallback ?? '';
  }

  /** An int with FastAPI's `gt=0` (the paging parameters). */
  positive(name: string, fallback: number): number {
    const raw = this.query.get(name);
    if (raw === null) return fallback;
    const trimmed = raw.trim();
    const n = /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
    if (n === undefined || !Number.isSafeInteger(n)) {
      this.#errors.push({ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
      return fallback;
    }
    if (n <= 0) {
      this.#errors.push({ type: 'greater_than', loc: ['query', name], msg: 'Input should be greater than 0', input: raw, ctx: { gt: 0 } });
      return fallback;
    }
    return n;
  }

  failure(): RestResponse | undefined {
    return this.#errors.length > 0 ? cmfUnionError(422, this.#errors) : undefined;
  }
}

/** A task as the CMF renderers read it (the fields of TASKS_QUERY). */
export interface UnionTask {
  readonly id: string;
  readonly name: string;
  readonly project: string | null;
  readonly createdAt: string | null;
  readonly type: string | null;
  readonly status: string | null;
  readonly origin: { readonly source: string; readonly kind: string; readonly nativeId: string };
  readonly parameters?: readonly { readonly section: string | null; readonly name: string; readonly value: string | null }[] | null;
  /** CmfExecution only. */
  readonly stage?: string | null;
  readonly executionUuid?: string | null;
  readonly mlmdId?: number | null;
  readonly raw?: unknown;
}

const TASKS_QUERY = `query SwitchyardCmfUnionTasks($filter: TaskFilter, $first: Int, $after: String, $details: Boolean!) {
  tasks(filter: $filter, orderBy: CREATED_AT_ASC, first: $first, after: $after) {
    edges { node { id name project createdAt type status origin { source kind nativeId }
      parameters @include(if: $details) { section name value }
      ... on CmfExecution { stage executionUuid mlmdId raw @include(if: $details) } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

const PAGE = 500;
/** 20 pages of 500: CMF's own listings read whole pipelines too, but a union must stay bounded. */
const MAX_PAGES = 20;

export interface TaskScope {
  readonly run: OperationRunner;
  readonly principal: Principal;
  readonly requestId: string;
  readonly sources: UnionSources;
}

export interface CollectedTasks {
  readonly tasks: readonly UnionTask[];
  /** Sources that failed or answered partly (the `x-switchyard-partial` header). */
  readonly partial: readonly string[];
  /** More rows existed than MAX_PAGES allows. */
  readonly truncated: boolean;
}

type Connection = { edges: { node: UnionTask | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; sources: { source: string; outcome: string }[] };

/** Every task of the scope (oldest first, as MLMD lists executions), or the answer when the supergraph gave no list at all. */
export async function collectTasks(scope: TaskScope, filter: Readonly<Record<string, unknown>>, details: boolean): Promise<CollectedTasks | RestResponse> {
  const tasks: UnionTask[] = [];
  const partial = new Set<string>();
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result = await scope.run(TASKS_QUERY, { filter: { ...filter, ...sourcesFilter(scope.sources) }, first: PAGE, after, details }, scope.principal, scope.requestId);
    const conn = (result.data?.['tasks'] ?? null) as Connection | null;
    if (!conn) return noList(result);
    // SKIPPED is a source that cannot list tasks (MLConnector) or failed on an earlier page (already counted).
    for (const s of conn.sources) if (s.outcome !== 'OK' && s.outcome !== 'SKIPPED') partial.add(s.source);
    for (const e of conn.edges) if (e.node) tasks.push(e.node);
    if (!conn.pageInfo.hasNextPage) return { tasks, partial: [...partial].sort(), truncated: false };
    after = conn.pageInfo.endCursor;
  }
  return { tasks, partial: [...partial].sort(), truncated: true };
}

/** The caller's mistake (an unknown source name) is a 400 in its words; anything else a 503. */
function noList(result: OperationResult): RestResponse {
  const mistake = result.errors.find((e) => e.extensions?.['code'] === 'BAD_USER_INPUT');
  return mistake ? cmfUnionError(400, `Switchyard union view: ${mistake.message}`) : cmfUnionError(503, 'Switchyard: the union view could not be read from the sources.');
}

/** A JSON answer with the union view's headers. */
export function unionAnswer(value: unknown, collected: Pick<CollectedTasks, 'partial' | 'truncated'>): RestResponse {
  return jsonResponse(200, value, {
    ...(collected.partial.length > 0 ? { 'x-switchyard-partial': collected.partial.join(',') } : {}),
    ...(collected.truncated ? { 'x-switchyard-truncated': 'true' } : {}),
  });
}
