/**
 * The /mlconnector mount: MLConnector's FastAPI routes, passed through the source's connector with
 * their own status codes and `{"detail": …}` / 422 bodies. MLConnector clients send no credential: the
 * mount acts as its configured principal and is off unless configured (on in the demo). One deliberate
 * change (DESIGN §6, README): `POST /deployment/add` with an empty `deployment_id` gets a
 * Switchyard-chosen one that names the model, so the deployment's model stays known.
 */
import { errorCodeOf } from '../../../subgraphs/shared/errors.js';
import type { RawRequest, RawResponse } from '../../../subgraphs/shared/passthrough.js';
import { ANONYMOUS_PRINCIPAL, jsonResponse, type RestMount, type RestRequest, type RestResponse, withRetryAfter } from '../shared/types.js';
import { mlconnectorRequestKind } from '../../access/passthroughGate.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import { unionSources } from '../shared/unionSources.js';
import { renderMLConnectorUnion } from './mlconnectorUnionView.js';
import type { IdempotencyLedger } from '../../../subgraphs/shared/idempotency.js';
import { idempotencyKeyOf, idempotentCreate } from '../shared/idempotentCreate.js';
import { mlconnectorCreateAdapter } from './idempotentCreates.js';

export interface MLConnectorMountOptions {
  readonly source: string;
  readonly forward: (req: RawRequest) => Promise<RawResponse>;
  readonly invalidate: () => Promise<void>;
  /** The deployment id Switchyard chooses for a model (the subgraph's `chooseDeploymentId`). */
  readonly chooseDeploymentId: (modelId: string) => string;
  /** `Idempotency-Key` on creates (docs/adr/0014): the ledger shared with GraphQL and the source's write budget. */
  readonly idempotency?: { readonly ledger: IdempotencyLedger; readonly timeoutMs: number } | undefined;
  /** Model files go through here. @default 64 MiB */
  readonly bodyLimitBytes?: number | undefined;
  /** The configured principal every MLConnector call acts as (its clients send no credential). */
  readonly principal?: string | undefined;
  /** Runs supergraph operations as the caller (the union view, DESIGN §6). */
  readonly run?: OperationRunner | undefined;
}

export function createMLConnectorMount(o: MLConnectorMountOptions): RestMount {
  const limit = o.bodyLimitBytes ?? 64 * 1024 * 1024;
  return {
    prefix: '/mlconnector',
    bodyLimitBytes: limit,
    tooLarge: () => jsonResponse(413, { detail: `Request body exceeds ${limit} bytes.` }),
    principalOf: () => o.principal ?? ANONYMOUS_PRINCIPAL,
    // FastAPI's shape, as MLConnector's own errors.
    rateLimited: (_req, seconds) => withRetryAfter(jsonResponse(429, { detail: `Too many requests: rate limit exceeded, retry after ${seconds} s.` }), seconds),
    source: o.source,
    kindOf: (req) => mlconnectorRequestKind(req.method, unionSources(req.search, req.headers) !== undefined),
    forbidden: (_req, reason) => jsonResponse(403, { detail: `Forbidden: ${reason}.` }),
    handle: (req) => handle(req, o),
  };
}

async function handle(req: RestRequest, o: MLConnectorMountOptions): Promise<RestResponse> {
  const union = unionSources(req.search, req.headers);
  if (union) return renderMLConnectorUnion(req, union, { source: o.source, run: o.run, principal: o.principal ? { id: o.principal, roles: ['user'] } : { id: ANONYMOUS_PRINCIPAL, roles: ['anonymous'] } });
  const key = o.idempotency ? idempotencyKeyOf(req) : undefined;
  // With a key the deployment id is derived from it (the adapter), else chosen at random here.
  const body = key === undefined && req.method === 'POST' && req.path === '/deployment/add' ? withDeploymentId(req.body, o.chooseDeploymentId) : req.body;
  const adapter = key === undefined ? undefined : mlconnectorCreateAdapter(req, o.forward);
  let res: RestResponse;
  try {
    res =
      adapter && key !== undefined && o.idempotency
        ? await idempotentCreate(req, key, adapter, { ...o.idempotency, source: o.source, error: (status, msg) => jsonResponse(status, { detail: msg }) })
        : await o.forward({ method: req.method, path: req.path, search: req.search, headers: req.headers, body });
  } catch (err) {
    const timeout = errorCodeOf(err) === 'SOURCE_TIMEOUT';
    return jsonResponse(timeout ? 504 : 503, { detail: `Switchyard: source "${o.source}" is ${timeout ? 'slow to answer' : 'unavailable'}.` });
  }
  // A write that failed may still have been applied (a 500 after save): drop the caches either way.
  if (req.method !== 'GET') await o.invalidate().catch(() => undefined);
  return { status: res.status, headers: res.headers, body: res.body };
}

/** The body with `deployment_id` filled when it is missing or empty; anything unreadable goes as sent (MLConnector answers it). */
function withDeploymentId(raw: Buffer, choose: (modelId: string) => string): Buffer {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return raw;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return raw;
  const b = body as Record<string, unknown>;
  if ((b['deployment_id'] !== undefined && b['deployment_id'] !== null && b['deployment_id'] !== '') || typeof b['modelid'] !== 'string') return raw;
  return Buffer.from(JSON.stringify({ ...b, deployment_id: choose(b['modelid']) }));
}
