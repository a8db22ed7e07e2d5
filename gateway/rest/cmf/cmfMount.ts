/**
 * The /cmf mount: CMF Server's routes, with and without the `/api` prefix cmflib hard-codes (`/cmf/api/…`
 * and `/cmf/…`). CMF clients send no credential, so the mount acts as its configured principal and is
 * off unless configured (on in the embedded demo). Calls pass through the source's connector byte for
 * byte, with one deliberate fix (README): a 422 also carries `status` beside `detail`, because cmflib
 * reads `response.json()["status"]` and would crash on the real server's body.
 */
import { errorCodeOf } from '../../../subgraphs/shared/errors.js';
import type { RawRequest, RawResponse } from '../../../subgraphs/shared/passthrough.js';
import { ANONYMOUS_PRINCIPAL, jsonResponse, type RestMount, type RestRequest, type RestResponse, withRetryAfter } from '../shared/types.js';
import { cmfRequestKind } from '../../access/passthroughGate.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import { unionSources } from '../shared/unionSources.js';
import { renderCmfUnion } from './cmfUnionView.js';

export interface CmfMountOptions {
  readonly source: string;
  readonly forward: (req: RawRequest) => Promise<RawResponse>;
  /** Drops the source's cached pulls after a push passed through. */
  readonly invalidate: () => Promise<void>;
  /** Whole-pipeline pushes are large. @default 64 MiB */
  readonly bodyLimitBytes?: number | undefined;
  /** The configured principal every CMF call acts as (CMF clients send no credential). */
  readonly principal?: string | undefined;
  /** Runs supergraph operations as the caller (the union view, DESIGN §6). */
  readonly run?: OperationRunner | undefined;
}

/** FastAPI's error body. */
export function cmfError(status: number, detail: unknown): RestResponse {
  return jsonResponse(status, { detail });
}

/** Routes that change what CMF holds (so cached pulls must go). */
const WRITE_PATH = /^\/(mlmd_push|python-env|label|tensorboard|sync|schedule-sync|register-server)\b/;

export function createCmfMount(options: CmfMountOptions): RestMount {
  const limit = options.bodyLimitBytes ?? 64 * 1024 * 1024;
  return {
    prefix: '/cmf',
    bodyLimitBytes: limit,
    // What nginx in front of CMF answers for an oversized body is HTML; FastAPI clients read JSON.
    tooLarge: () => cmfError(413, `Request body exceeds ${limit} bytes.`),
    principalOf: () => options.principal ?? ANONYMOUS_PRINCIPAL,
    // FastAPI's shape; cmflib retries 429 (reference/clients.md).
    rateLimited: (_req, seconds) => withRetryAfter(cmfError(429, `Too many requests: rate limit exceeded, retry after ${seconds} s.`), seconds),
    source: options.source,
    kindOf: (req) => cmfRequestKind(req.method, req.path, unionSources(req.search, req.headers) !== undefined),
    forbidden: (_req, reason) => cmfError(403, `Forbidden: ${reason}.`),
    handle: (req) => handle(req, options),
  };
}

async function handle(req: RestRequest, o: CmfMountOptions): Promise<RestResponse> {
  // cmflib calls <server>/api/<route>: nginx strips `/api` before the app; the connector adds its own.
  const path = req.path.startsWith('/api/') ? req.path.slice(4) : req.path === '/api' ? '/' : req.path;
  const union = unionSources(req.search, req.headers);
  if (union) return renderCmfUnion(req, path, union, { source: o.source, run: o.run, principal: o.principal ? { id: o.principal, roles: ['user'] } : { id: ANONYMOUS_PRINCIPAL, roles: ['anonymous'] } });
  let res: RawResponse;
  try {
    res = await o.forward({ method: req.method, path, search: req.search, headers: req.headers, body: req.body });
  } catch (err) {
    const code = errorCodeOf(err);
    return cmfError(code === 'SOURCE_TIMEOUT' ? 504 : 503, `Switchyard: source "${o.source}" is ${code === 'SOURCE_TIMEOUT' ? 'slow to answer' : 'unavailable'}.`);
  }
  // A write that failed may still have been applied: drop the caches either way.
  if (req.method !== 'GET' && WRITE_PATH.test(path)) await o.invalidate().catch(() => undefined);
  if (res.status === 422) return withStatus(res);
  return { status: res.status, headers: res.headers, body: res.body };
}

/** `{"detail": "version_update"}` → also `"status": "version_update"`; a validation list → `"status": "invalid"`. */
function withStatus(res: RawResponse): RestResponse {
  let body: unknown;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    return { status: res.status, headers: res.headers, body: res.body };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || 'status' in body) return { status: res.status, headers: res.headers, body: res.body };
  const detail = (body as { detail?: unknown }).detail;
  return jsonResponse(422, { ...body, status: typeof detail === 'string' ? detail : 'invalid' });
}
