/**
 * What every mount's union view does the same way: read a supergraph connection to the end (bounded),
 * note the sources that lost rows for the `x-switchyard-partial` header, match a request to its union
 * route, and refuse a query parameter outside the route's declared subset. Each mount renders the rows and
 * words the errors in its tracker's shape.
 */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationResult, OperationRunner } from './operationRunner.js';
import type { RestResponse } from './types.js';
import { UNION_PARAMETER, type UnionContext, type UnionSources } from './unionSources.js';

/** Who a union read runs as. */
export interface UnionScope {
  readonly run: OperationRunner;
  readonly principal: Principal;
  readonly requestId: string;
}

export interface SourceOutcome {
  readonly source: string;
  readonly outcome: string;
  readonly message?: string | null | undefined;
}

export interface Connection<T> {
  readonly edges: readonly { readonly node: T | null }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly sources: readonly SourceOutcome[];
}

/** A union list stays bounded: at most this many rows, read 500 at a time. */
export const MAX_UNION_ROWS = 10_000;
const PAGE = 500;

/**
 * Whether a source's outcome lost rows. SKIPPED is also how the catalog reports a source that cannot
 * list the kind at all (MLConnector has no tasks), which loses nothing; only the SKIPPED of a source that
 * failed on an earlier page of the same traversal does (catalog fanout/listEntities.ts words it so).
 */
export function lostRows(s: SourceOutcome): boolean {
  return s.outcome !== 'OK' && (s.outcome !== 'SKIPPED' || s.message === 'failed earlier in this traversal');
}

/** Sources named by the errors beside data (a tracker-only field a source could not add). */
export function sourcesOfErrors(result: OperationResult): string[] {
  return result.errors.flatMap((e) => (typeof e.extensions?.['source'] === 'string' ? [e.extensions['source']] : []));
}

export interface ReadRows<T> {
  readonly rows: T[];
  /** Sources missing from the answer, wholly or in part, sorted. */
  readonly partial: string[];
  /** More rows existed than the limit. */
  readonly truncated: boolean;
}

/**
 * Every row of the connection `field` (up to `limit`), page by page; `variables` must declare `$first`
 * and `$after`. The errors when the supergraph gave no list at all.
 */
export async function readAll<T>(scope: UnionScope, query: string, field: string, variables: Record<string, unknown>, limit = MAX_UNION_ROWS): Promise<ReadRows<T> | { readonly errors: OperationResult['errors'] }> {
  const max = Math.min(limit, MAX_UNION_ROWS);
  const rows: T[] = [];
  const partial = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const result = await scope.run(query, { ...variables, first: PAGE, after }, scope.principal, scope.requestId);
    const conn = (result.data?.[field] ?? null) as Connection<T> | null;
    if (!conn) return { errors: result.errors };
    for (const s of conn.sources) if (lostRows(s)) partial.add(s.source);
    for (const s of sourcesOfErrors(result)) partial.add(s);
    for (const e of conn.edges) if (e.node) rows.push(e.node);
    const more = conn.pageInfo.hasNextPage && conn.pageInfo.endCursor !== null;
    if (!more || rows.length >= max) return { rows: rows.slice(0, max), partial: [...partial].sort(), truncated: more && rows.length >= max };
    after = conn.pageInfo.endCursor;
  }
}

/** The headers of a union answer: the sources that lost rows, and whether the list was cut. */
export function unionHeaders(read: { readonly partial: readonly string[]; readonly truncated?: boolean }): Record<string, string> {
  return {
    ...(read.partial.length > 0 ? { 'x-switchyard-partial': read.partial.join(',') } : {}),
    ...(read.truncated ? { 'x-switchyard-truncated': 'true' } : {}),
  };
}

/** A tracker's error answer for a status and message. */
export type ErrorAnswer = (status: number, message: string) => RestResponse;

/** No list at all: the caller's mistake (an unknown source name) is a 400 in its words; anything else a 503. */
export function noListAnswer(errors: OperationResult['errors'], error: ErrorAnswer): RestResponse {
  const mistake = errors.find((e) => e.extensions?.['code'] === 'BAD_USER_INPUT');
  return mistake ? error(400, `Switchyard union view: ${mistake.message}`) : error(503, 'Switchyard: the union view could not be read from the sources.');
}

/** The first query parameter outside `allowed` (the union flag is always allowed), as a 400 naming it. */
export function outsideSubset(query: URLSearchParams, allowed: readonly string[], route: string, error: ErrorAnswer): RestResponse | undefined {
  for (const name of query.keys()) {
    if (name !== UNION_PARAMETER && !allowed.includes(name)) {
      return error(400, `Switchyard union view: query parameter "${name}" is not supported on ${route} (supported: ${allowed.length > 0 ? allowed.join(', ') : 'none'}).`);
    }
  }
  return undefined;
}

/** A route a union view renders: its path pattern (one optional capture), its parameters, its renderer. */
export interface UnionRoute<Scope> {
  readonly pattern: RegExp;
  /** The query parameters the union view understands on this route (besides the union flag). */
  readonly parameters: readonly string[];
  readonly render: (arg: string, query: URLSearchParams, scope: Scope, source: string) => Promise<RestResponse>;
}

/**
 * The GET route `path` names, with its decoded capture; the tracker's 400 for the flag on any other
 * route (passing it through would silently show one tracker), its 404 for a capture that does not decode.
 */
export function matchUnionRoute<Scope>(routes: Readonly<Record<string, UnionRoute<Scope>>>, method: string, path: string, error: ErrorAnswer): { readonly name: string; readonly route: UnionRoute<Scope>; readonly arg: string } | RestResponse {
  for (const [name, route] of method === 'GET' ? Object.entries(routes) : []) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    try {
      return { name, route, arg: m[1] === undefined ? '' : decodeURIComponent(m[1]) };
    } catch {
      return error(404, 'Not Found');
    }
  }
  return error(400, `Switchyard union view: "${UNION_PARAMETER}" is not supported on ${method} ${path} (union routes: ${Object.keys(routes).map((r) => `GET ${r}`).join(', ')}).`);
}

/** What a union route renders with: the caller's scope and the sources asked for. */
export interface SourcedScope extends UnionScope {
  readonly sources: UnionSources;
}

/**
 * A union request on a mount whose routes are a table: match the route, refuse parameters outside its
 * subset, render it as the caller. `path` is the route path (a mount may strip a prefix first).
 */
export function renderUnionRoute(routes: Readonly<Record<string, UnionRoute<SourcedScope>>>, req: { readonly method: string; readonly search: string; readonly requestId: string }, path: string, sources: UnionSources, ctx: UnionContext, error: ErrorAnswer): Promise<RestResponse> {
  const match = matchUnionRoute(routes, req.method, path, error);
  if (!('route' in match)) return Promise.resolve(match);
  if (!ctx.run) return Promise.resolve(error(400, `Switchyard union view: "${UNION_PARAMETER}" is not available on this gateway.`));
  const query = new URLSearchParams(req.search);
  const outside = outsideSubset(query, match.route.parameters, `GET ${match.name}`, error);
  if (outside) return Promise.resolve(outside);
  return match.route.render(match.arg, query, { run: ctx.run, principal: ctx.principal, requestId: req.requestId, sources }, ctx.source);
}
