/**
 * Which /comet requests take the union view (DESIGN §6), and the parameters each of its routes accepts.
 * The flag is `?switchyard.sources=<all|a,b>` or the header `X-Switchyard-Sources`; the access gate and
 * the mount read it through the same function, so "rendered" means exactly what the mount renders.
 * Only the declared subset of Comet's parameters per route is understood: anything else would silently
 * change the answer, so it gets Comet's own 400 body naming the parameter instead.
 */
import type { RestRequest } from '../shared/types.js';
import type { CometRefusal } from './cometErrors.js';
import { UNION_PARAMETER } from '../shared/unionSources.js';

const PREFIX = '/api/rest/v2';

/** The union routes (paths under /api/rest/v2) and the parameters each accepts besides `switchyard.sources`. */
export const UNION_ROUTES = {
  '/workspaces': [],
  '/projects': ['workspaceName'],
  '/experiments': ['projectId', 'workspaceName', 'projectName', 'archived'],
  '/experiment/metadata': ['experimentKey'],
  '/experiment/metrics/summary': ['experimentKey'],
  '/experiment/parameters': ['experimentKey'],
  '/registry-model': ['workspaceName'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type UnionRoute = keyof typeof UNION_ROUTES;

export interface UnionRequest {
  readonly route: UnionRoute;
  /** The declared parameters present (first value of each; an empty value counts as absent). */
  readonly params: Readonly<Partial<Record<string, string>>>;
  /** 'all', or the source names the caller listed. */
  readonly sources: 'all' | readonly string[];
}

/** An answer in Comet's error shape, before it becomes a response. */
export type UnionRefusal = CometRefusal;

/** The union flag's value, or undefined when the request does not ask for the union view. */

export function parseUnionRequest(req: Pick<RestRequest, 'method' | 'path' | 'search'>, flag: string): UnionRequest | UnionRefusal {
  const path = req.path.replace(/\/+$/, '');
  const route = path.startsWith(`${PREFIX}/`) ? path.slice(PREFIX.length) : path;
  if (!isUnionRoute(route)) {
    // Passing a flagged request through would bypass the project limits the gate lifts for rendered calls.
    return { status: 400, msg: `Switchyard: ${UNION_PARAMETER} is not supported on ${path.slice(0, 200)} (union view routes: ${Object.keys(UNION_ROUTES).join(', ')})`, sdkErrorCode: 0 };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, msg: `Method ${req.method} not allowed on ${route} in the union view`, sdkErrorCode: 0 };
  const accepted: readonly string[] = UNION_ROUTES[route];
  const query = new URLSearchParams(req.search);
  const params: Partial<Record<string, string>> = {};
  for (const key of new Set(query.keys())) {
    if (key === UNION_PARAMETER) continue;
    if (!accepted.includes(key)) {
      const allowed = accepted.length > 0 ? accepted.join(', ') : 'none';
      return { status: 400, msg: `Unsupported parameter for the Switchyard union view of ${route}: ${key.slice(0, 100)} (accepted: ${allowed})`, sdkErrorCode: 0 };
    }
    const value = query.get(key) ?? '';
    if (value !== '') params[key] = value;
  }
  const names = flag.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { route, params, sources: names.includes('all') ? 'all' : names };
}

function isUnionRoute(path: string): path is UnionRoute {
  return Object.hasOwn(UNION_ROUTES, path);
}
