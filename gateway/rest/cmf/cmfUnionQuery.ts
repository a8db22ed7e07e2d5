/**
 * The union view's reading of query strings and the supergraph on the /cmf mount: a route's declared
 * parameter subset (outside it: a 400 naming the parameter), FastAPI's 422 for a bad value inside it, and
 * every task of the chosen sources, walked page by page over the `tasks` connection.
 */
import { jsonResponse, type RestResponse } from '../shared/types.js';
import { noListAnswer, readAll, type SourcedScope, unionHeaders } from '../shared/unionRead.js';
import { sourcesFilter } from '../shared/unionSources.js';

/** FastAPI's `{"detail": …}`; a 422 also carries `status`, as every /cmf 422 does (cmflib reads it). */
export function cmfUnionError(status: number, detail: unknown): RestResponse {
  return jsonResponse(status, status === 422 ? { detail, status: 'invalid' } : { detail });
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

export type TaskScope = SourcedScope;

export interface CollectedTasks {
  readonly tasks: readonly UnionTask[];
  /** Sources that failed or answered partly (the `x-switchyard-partial` header). */
  readonly partial: readonly string[];
  /** More rows existed than a union read allows. */
  readonly truncated: boolean;
}

/** Every task of the scope (oldest first, as MLMD lists executions), or the answer when the supergraph gave no list at all. */
export async function collectTasks(scope: TaskScope, filter: Readonly<Record<string, unknown>>, details: boolean): Promise<CollectedTasks | RestResponse> {
  const read = await readAll<UnionTask>(scope, TASKS_QUERY, 'tasks', { filter: { ...filter, ...sourcesFilter(scope.sources) }, details });
  return 'errors' in read ? noListAnswer(read.errors, cmfUnionError) : { tasks: read.rows, partial: read.partial, truncated: read.truncated };
}

/** A JSON answer with the union view's headers. */
export function unionAnswer(value: unknown, collected: Pick<CollectedTasks, 'partial' | 'truncated'>): RestResponse {
  return jsonResponse(200, value, unionHeaders(collected));
}
