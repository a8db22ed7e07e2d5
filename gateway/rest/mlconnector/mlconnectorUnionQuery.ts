/**
 * The union view's reading of query strings and the supergraph on the /mlconnector mount: a route's
 * declared parameter subset (outside it: a 400 naming the parameter), FastAPI's 422 for a bad integer,
 * and models or deployments of the chosen sources walked page by page.
 */
import { jsonResponse, type RestResponse } from '../shared/types.js';
import { noListAnswer, readAll, type SourcedScope, unionHeaders } from '../shared/unionRead.js';
import { sourcesFilter } from '../shared/unionSources.js';
import type { UnionDeployment, UnionModel } from './mlconnectorUnionRender.js';

export function detail(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): RestResponse {
  return jsonResponse(status, { detail: value }, headers);
}

/** FastAPI's `int` query parameter: the value, or its 422. */
export function queryInt(query: URLSearchParams, name: string, fallback: number): number | RestResponse {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw.trim()) : Number.NaN;
  if (Number.isSafeInteger(n)) return n;
  return detail(422, [{ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw }]);
}

export type Scope = SourcedScope;

export interface Collected<T> {
  readonly rows: readonly T[];
  /** Sources that failed or answered partly (the `x-switchyard-partial` header). */
  readonly partial: readonly string[];
}

const ORIGIN = 'origin { source kind nativeId }';

const MODELS_QUERY = `query SwitchyardMLConnectorUnionModels($filter: ModelFilter, $first: Int, $after: String) {
  models(filter: $filter, orderBy: CREATED_AT_DESC, first: $first, after: $after) {
    edges { node { id name framework tags ${ORIGIN} ... on MLConnectorModel { raw } } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

const DEPLOYMENT_FIELDS = `id createdAt status endpoint ${ORIGIN}
  ... on MLConnectorDeployment { raw state statusUpdatedAt localEndpoint globalEndpoint }`;

const DEPLOYMENTS_QUERY = `query SwitchyardMLConnectorUnionDeployments($filter: DeploymentFilter, $first: Int, $after: String) {
  deployments(filter: $filter, orderBy: CREATED_AT_DESC, first: $first, after: $after) {
    edges { node { ${DEPLOYMENT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
    sources { source outcome }
  }
}`;

// A global id that names no configured source is BAD_USER_INPUT on its alias only, so both readings go in one operation.
const DEPLOYMENT_QUERY = `query SwitchyardMLConnectorUnionDeployment($global: ID!, $native: ID!, $tryGlobal: Boolean!) {
  asGlobal: deployment(id: $global) @include(if: $tryGlobal) { ${DEPLOYMENT_FIELDS} }
  asNative: deployment(id: $native) { ${DEPLOYMENT_FIELDS} }
}`;

/** The first `want` rows of a connection (all, capped, when `want` is undefined), or the answer when the supergraph gave no list. */
async function collect<T>(scope: Scope, query: string, field: string, filter: Readonly<Record<string, unknown>>, want: number | undefined): Promise<Collected<T> | RestResponse> {
  const read = await readAll<T>(scope, query, field, { filter: { ...filter, ...sourcesFilter(scope.sources) } }, want);
  return 'errors' in read ? noListAnswer(read.errors, detail) : { rows: read.rows, partial: read.partial };
}

export const collectModels = (scope: Scope, filter: Readonly<Record<string, unknown>>, want: number | undefined): Promise<Collected<UnionModel> | RestResponse> =>
  collect<UnionModel>(scope, MODELS_QUERY, 'models', filter, want);

export const collectDeployments = (scope: Scope): Promise<Collected<UnionDeployment> | RestResponse> => collect<UnionDeployment>(scope, DEPLOYMENTS_QUERY, 'deployments', {}, undefined);

/**
 * One deployment by the id a client holds: a global id, else the mount's own source's native id. With a
 * list of sources, only deployments of those sources count.
 */
export async function findDeployment(scope: Scope, id: string, source: string): Promise<UnionDeployment | undefined> {
  const native = `${source}:deployment:${encodeURIComponent(id)}`;
  const result = await scope.run(DEPLOYMENT_QUERY, { global: id, native, tryGlobal: /^[a-z][a-z0-9-]{0,31}:[^:]+:./.test(id) }, scope.principal, scope.requestId);
  const found = [result.data?.['asGlobal'], result.data?.['asNative']].find((d): d is UnionDeployment => typeof d === 'object' && d !== null);
  if (!found) return undefined;
  return scope.sources === 'all' || scope.sources.includes(found.origin.source) ? found : undefined;
}

/** A JSON answer with the partial header when a source failed. */
export function unionAnswer(value: unknown, partial: readonly string[]): RestResponse {
  return jsonResponse(200, value, unionHeaders({ partial }));
}
