/**
 * The /comet mount: Comet's REST v2 paths under /comet/api/rest/v2/…, with `Authorization: <key>` or
 * `Comet-Sdk-Api: <key>`, errors as `{code, msg, sdk_error_code}`. Calls are identified, then passed
 * through the owning source's connector byte for byte; writes (`/write/…`) drop the source's cache.
 * With `routeWritesTo` (a migration to ClearML), writes become supergraph mutations on that source
 * (routedWrites.ts) and reads of its tasks render from the supergraph (routedReads.ts); the union flag
 * still takes precedence.
 */
import { errorCodeOf } from '../../../subgraphs/shared/errors.js';
import type { RawRequest, RawResponse } from '../../../subgraphs/shared/passthrough.js';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import { sameDigest, sha256Hex } from '../shared/hash.js';
import { ANONYMOUS_PRINCIPAL, type RestMount, type RestRequest, type RestResponse, withRetryAfter } from '../shared/types.js';
import { cometRequestKind } from '../../access/passthroughGate.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import { unionFlag } from '../shared/unionSources.js';
import { renderCometUnion } from './unionView.js';
import type { IdempotencyLedger } from '../../../subgraphs/shared/idempotency.js';
import { idempotencyKeyOf, idempotentCreate } from '../shared/idempotentCreate.js';
import { cometCreateAdapter } from './idempotentCreates.js';
import { renderRoutedRead } from './routedReads.js';
import type { RoutedContext } from './routedTarget.js';
import { createRoutedWrites, isCometWrite } from './routedWrites.js';
import { API_KEY_NOT_REGISTERED, cometError } from './cometErrors.js';

type RoutedWrites = ReturnType<typeof createRoutedWrites>;

const PREFIX = '/api/rest/v2/';

export interface CometMountOptions {
  readonly source: string;
  /** Passes a request to the tracker with the API key of `principal` (its own, else the instance's). */
  readonly forward: (req: RawRequest, principal: Principal) => Promise<RawResponse>;
  /** With `passthroughCredentials`: passes a request to the tracker with the caller's own API key. */
  readonly forwardAsCaller?: ((req: RawRequest) => Promise<RawResponse>) | undefined;
  /** Do not check keys: the caller's key goes to the tracker, which authenticates it. */
  readonly passthroughCredentials?: boolean | undefined;
  readonly invalidate: () => Promise<void>;
  readonly keys: readonly { readonly sha256: string; readonly principal: string }[];
  readonly acceptAny: boolean;
  /** Runs supergraph operations as the caller (the union view, DESIGN §6). */
  readonly run?: OperationRunner | undefined;
  /** `Idempotency-Key` on creates (docs/adr/0014): the ledger shared with GraphQL and the source's write budget. */
  readonly idempotency?: { readonly ledger: IdempotencyLedger; readonly timeoutMs: number } | undefined;
  /** Migration (README "Routed writes"): this mount's writes go to that source instance of another tracker, through the supergraph. */
  readonly routeWritesTo?: string | undefined;
  /** @default 10 MiB (asset uploads) */
  readonly bodyLimitBytes?: number | undefined;
}


export function createCometMount(options: CometMountOptions): RestMount {
  const routed = options.routeWritesTo === undefined ? undefined : createRoutedWrites();
  return {
    prefix: '/comet',
    bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    tooLarge: () => cometError(413, 'Request entity too large'),
    principalOf: (req) => identify(req, options)?.id ?? ANONYMOUS_PRINCIPAL,
    // Comet's own throttling answer: HTTP 429 in its error body (reference/comet.md §6.2), sdk_error_code 0.
    rateLimited: (_req, seconds) => withRetryAfter(cometError(429, `Too many requests: rate limit exceeded for this API key, retry after ${seconds} s`), seconds),
    source: options.source,
    // Routed writes never pass through: like the union view, the supergraph applies the caller's access rules.
    kindOf: (req) => {
      const routedWrite = routed !== undefined && isCometWrite(req.path);
      const kind = cometRequestKind(req.method, req.path, unionFlag(req.search, req.headers) !== undefined || routedWrite);
      // A routed write lands in the target source: that is the source the caller must be allowed to write.
      return routedWrite ? { ...kind, source: options.routeWritesTo } : kind;
    },
    forbidden: (_req, reason) => cometError(403, `Forbidden: ${reason}`),
    handle: (req) => handle(req, options, routed),
  };
}

function identify(req: Omit<RestRequest, 'body'>, o: CometMountOptions): Principal | undefined {
  const key = (req.headers['authorization'] ?? req.headers['comet-sdk-api'] ?? '').trim();
  if (!key) return undefined;
  // Passed through, the key is the tracker's to check; the principal only names it (never the key itself).
  if (o.acceptAny || o.passthroughCredentials) return { id: `comet-key:${sha256Hex(key).slice(0, 16)}`, roles: ['user'] };
  const digest = sha256Hex(key);
  const found = o.keys.find((k) => sameDigest(digest, k.sha256));
  return found ? { id: found.principal, roles: ['user'] } : undefined;
}

async function handle(req: RestRequest, o: CometMountOptions, routed: RoutedWrites | undefined): Promise<RestResponse> {
  if (!req.path.startsWith(PREFIX)) return cometError(404, `Not found: ${req.path.slice(0, 200)}`);
  const principal = identify(req, o);
  if (!principal) return cometError(401, 'Invalid or missing API key', API_KEY_NOT_REGISTERED);
  const flag = unionFlag(req.search, req.headers);
  if (flag !== undefined) return renderCometUnion({ req, flag, principal, mountSource: o.source, run: o.run, passthroughCredentials: o.passthroughCredentials === true });
  let partial: string | undefined;
  if (routed !== undefined && o.routeWritesTo !== undefined) {
    const write = isCometWrite(req.path);
    // Routed calls run with Switchyard's credentials as the caller's principal, so they need a caller Switchyard verified.
    if (write && o.passthroughCredentials) return cometError(400, 'Switchyard: routed writes are not available when credentials are passed through to the tracker');
    if (write && !o.run) return cometError(501, 'Switchyard: routed writes are not configured on this mount');
    if (o.run && !o.passthroughCredentials) {
      const ctx: RoutedContext = { run: o.run, principal, requestId: req.requestId, target: o.routeWritesTo };
      if (write) return routed(ctx, req);
      const read = await renderRoutedRead(ctx, req);
      if (read.rendered) return read.rendered;
      partial = read.partial;
    }
  }
  const send = (raw: RawRequest): Promise<RawResponse> => (o.passthroughCredentials && o.forwardAsCaller ? o.forwardAsCaller(raw) : o.forward(raw, principal));
  const key = o.idempotency ? idempotencyKeyOf(req) : undefined;
  const adapter = key === undefined ? undefined : cometCreateAdapter(req, send);
  let res: RestResponse;
  try {
    res =
      adapter && key !== undefined && o.idempotency
        ? await idempotentCreate(req, key, adapter, { ...o.idempotency, source: o.source, error: (status, msg) => cometError(status, msg) })
        : await send({ method: req.method, path: req.path, search: req.search, headers: req.headers, body: req.body });
  } catch (err) {
    const code = errorCodeOf(err);
    if (code === 'SOURCE_TIMEOUT') return cometError(504, `Switchyard: source "${o.source}" did not answer in time`);
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return cometError(502, `Switchyard: source "${o.source}" rejected Switchyard's credential`);
    return cometError(503, `Switchyard: source "${o.source}" is unavailable`);
  }
  // A write that failed may still have been applied (a 500 after save): drop the caches either way.
  if (req.path.startsWith(`${PREFIX}write/`)) await o.invalidate().catch(() => undefined);
  return { status: res.status, headers: partial === undefined ? res.headers : { ...res.headers, 'x-switchyard-partial': partial }, body: res.body };
}
