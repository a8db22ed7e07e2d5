/**
 * The /clearml mount: ClearML's own paths (`/service.action`, `/vX.Y/service.action`), GET-with-body and
 * POST alike, the `{meta, data}` envelope. auth.login is answered here (a JWT the SDK can read); every
 * other call is identified, then passed through the owning source's connector byte for byte, except the
 * union view (tasks.get_all, tasks.get_all_ex, tasks.get_by_id, projects.get_all, models.get_all with
 * `switchyard.sources`), which is rendered from the supergraph (unionView.ts), and, with `routeWritesTo`,
 * the writes routed to a Comet source and the reads of its experiments (routed.ts).
 */
import type { Clock } from '../../../subgraphs/shared/clock.js';
import { errorCodeOf } from '../../../subgraphs/shared/errors.js';
import type { RawRequest, RawResponse } from '../../../subgraphs/clearml/index.js';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationRunner } from '../shared/operationRunner.js';
import { ANONYMOUS_PRINCIPAL, type RestMount, type RestRequest, type RestResponse, withRetryAfter } from '../shared/types.js';
import { type ClearMLKeyPolicy, identify, identifyPassthrough, type Identified } from './credentials.js';
import { clearmlError, clearmlOk, type EnvelopeOptions } from './envelope.js';
import { issueClearMLToken } from './jwt.js';
import { parseClearMLParams } from './params.js';
import { isUnionEndpoint, renderUnionView } from './unionView.js';
import { clearmlRequestKind } from '../../access/passthroughGate.js';
import type { IdempotencyLedger } from '../../../subgraphs/shared/idempotency.js';
import { idempotencyKeyOf, idempotentCreate } from '../shared/idempotentCreate.js';
import { clearmlCreateAdapter } from './idempotentCreates.js';
import { routeClearMLRequest } from './routed.js';
import { unionFlag } from '../shared/unionSources.js';
import { LruMap } from '../../../subgraphs/shared/lruMap.js';

const ENDPOINT = /^\/(?:v(\d+\.\d+)\/)?([a-zA-Z_]\w+)\.([a-zA-Z_]\w+)\/?$/;
/** Endpoints clearml-server serves without credentials (authorize: false / null in the schema). */
const OPEN_ENDPOINTS = new Set(['debug.ping', 'login.supported_modes', 'login.logout', 'auth.fixed_users_mode']);
/** Actions that only read: anything else may have changed what the source caches. */
const READ_ACTION = /^(get|ping$|info$|scalar_metrics|vector_metrics|multi_task|debug_images|plots|download|validate|get_task|next_debug)/;
/** With routeWritesTo: the writes routed.ts answers itself (its ROUTED_SERVICES), never passed through. */
const ROUTED_WRITE = new RegExp(`^(tasks|projects|events|models)\\.(?!${READ_ACTION.source.slice(1)})`);

export interface ClearMLMountOptions {
  readonly source: string;
  /** Passes a request to the tracker with the backend credential of `principal` (its own, else the instance's). */
  readonly forward: (req: RawRequest, principal: Principal) => Promise<RawResponse>;
  /** With `passthroughCredentials`: passes a request to the tracker with the caller's own credential. */
  readonly forwardAsCaller?: ((req: RawRequest) => Promise<RawResponse>) | undefined;
  /** Do not issue or check keys: the caller's credential goes to the tracker, which authenticates it. */
  readonly passthroughCredentials?: boolean | undefined;
  /** Drops the source's cached reads after a write passed through. */
  readonly invalidate: () => Promise<void>;
  /** `Idempotency-Key` on creates (docs/adr/0014): the ledger shared with GraphQL and the source's write budget. */
  readonly idempotency?: { readonly ledger: IdempotencyLedger; readonly timeoutMs: number } | undefined;
  /** Migration (README "Routed writes"): this mount's writes go to that source instance of another tracker, through the supergraph. */
  readonly routeWritesTo?: string | undefined;
  readonly keys: ClearMLKeyPolicy;
  readonly clock: Clock;
  readonly run: OperationRunner;
  /** @default 10 MiB (events.add_batch bodies can be large) */
  readonly bodyLimitBytes?: number | undefined;
}

export function createClearMLMount(options: ClearMLMountOptions): RestMount {
  // Routed writes: experiments of the target already confirmed, so the SDK's many calls per task cost one look-up.
  const knownExperiments = new LruMap<string, true>(10_000);
  return {
    prefix: '/clearml',
    bodyLimitBytes: options.bodyLimitBytes ?? 10 * 1024 * 1024,
    tooLarge: (req) => clearmlError(413, 0, 'Request entity too large', envelopeFor(req.path, req.headers)),
    principalOf: (req) => {
      const who = identifyCaller(req.headers['authorization'], options);
      return who.ok ? who.principal.id : ANONYMOUS_PRINCIPAL;
    },
    // ClearML's server has no rate limit of its own; the SDK retries a 429 with backoff (honouring Retry-After).
    rateLimited: (req, seconds) => withRetryAfter(clearmlError(429, 0, `Too many requests (rate limit exceeded, retry after ${seconds} s)`, envelopeFor(req.path, req.headers), { retry_after_sec: seconds }), seconds),
    source: options.source,
    // Rendered exactly when handle() renders it: a union endpoint asked with any source selection.
    // Routed writes are rendered too (mutations on the target, never a passthrough to ClearML).
    kindOf: (req) => {
      const routed = Boolean(options.routeWritesTo) && !options.passthroughCredentials && ROUTED_WRITE.test(endpointOf(req.path) ?? '');
      const kind = clearmlRequestKind(req.path, (Boolean(unionFlag(req.search, req.headers)) && isUnionEndpoint(endpointOf(req.path))) || routed);
      // A routed write lands in the target source: that is the source the caller must be allowed to write.
      return routed && kind.write ? { ...kind, source: options.routeWritesTo } : kind;
    },
    // errors.conf: 403/21 for a modification the caller may not make, 403/20 for anything else refused.
    forbidden: (req, reason) => clearmlError(403, reason === 'this principal may only read' ? 21 : 20, `${reason === 'this principal may only read' ? 'forbidden (modification not allowed)' : 'forbidden (not allowed for role)'}: ${reason}`, envelopeFor(req.path, req.headers)),
    handle: (req) => handle(req, options, knownExperiments),
  };
}

function identifyCaller(authorization: string | undefined, o: ClearMLMountOptions): Identified {
  return o.passthroughCredentials ? identifyPassthrough(authorization) : identify(authorization, o.keys, o.clock.now());
}

function endpointOf(path: string): string | undefined {
  const m = ENDPOINT.exec(path);
  return m ? `${m[2]}.${m[3]}` : undefined;
}


function envelopeFor(path: string, headers: Readonly<Record<string, string>>): EnvelopeOptions {
  const m = ENDPOINT.exec(path);
  return { endpoint: m ? `${m[2]}.${m[3]}` : path.replace(/^\//, ''), path, trx: headers['x-clearml-trx'] ?? headers['x-trains-trx'] };
}

async function handle(req: RestRequest, o: ClearMLMountOptions, known: LruMap<string, true>): Promise<RestResponse> {
  if (req.method === 'OPTIONS') return { status: 200, headers: {}, body: '' };
  const m = ENDPOINT.exec(req.path);
  const env = envelopeFor(req.path, req.headers);
  // Paths that are not service.action go to the tracker, which answers them in its own words.
  const endpoint = m ? `${m[2]}.${m[3]}` : undefined;
  if (endpoint === 'auth.login' && !o.passthroughCredentials) return login(req, o, env);
  // Open endpoints need no credential; they go to the tracker with the instance's own.
  let principal: Principal = OPEN_ENDPOINT_PRINCIPAL;
  if (!endpoint || !OPEN_ENDPOINTS.has(endpoint)) {
    const who = identifyCaller(req.headers['authorization'], o);
    if (!who.ok) return clearmlError(who.error[0], who.error[1], who.error[2], env, who.data);
    principal = who.principal;
    const union = unionFlag(req.search, req.headers);
    // The union view runs on Switchyard's own credentials, so it needs a caller Switchyard verified.
    if (union && o.passthroughCredentials) return clearmlError(400, 0, 'Switchyard: the union view (switchyard.sources) is not available when credentials are passed through to the tracker', env);
    if (union && isUnionEndpoint(endpoint)) {
      const params = parseClearMLParams(req);
      if ('invalid' in params) return clearmlError(400, 0, params.invalid, env);
      return renderUnionView(endpoint, { params: params.value, sources: union, source: o.source, envelope: env, principal: who.principal, requestId: req.requestId, run: o.run });
    }
    // As on every mount: the flag where no union view exists is refused, never passed through to show one tracker.
    if (union) return clearmlError(400, 12, `Validation error (switchyard.sources is not supported on ${endpoint ?? req.path.slice(0, 200)}: the union view serves tasks.get_all, tasks.get_all_ex, tasks.get_by_id, projects.get_all, models.get_all)`, env, { reason: 'switchyard.sources' });
    // Routed writes (README "Routed writes") run on Switchyard's credentials, as the union view does.
    if (o.routeWritesTo && endpoint && !o.passthroughCredentials) {
      const params = parseClearMLParams(req);
      // events.add_batch bodies are json-lines, read by the routed module itself.
      const value = 'invalid' in params ? (endpoint === 'events.add_batch' ? {} : undefined) : params.value;
      if (value === undefined) return clearmlError(400, 0, 'invalid' in params ? params.invalid : '', env);
      const input = { req, params: value, envelope: env, principal: who.principal, run: o.run, target: o.routeWritesTo, source: o.source, known, passthrough: (r: RestRequest) => passthrough(r, o, env, endpoint, who.principal) };
      const routed = await routeClearMLRequest(endpoint, input, !READ_ACTION.test(endpoint.split('.')[1] ?? ''));
      if (routed) return routed;
    }
  }
  return passthrough(req, o, env, endpoint, principal);
}

const OPEN_ENDPOINT_PRINCIPAL: Principal = { id: ANONYMOUS_PRINCIPAL, roles: ['anonymous'] };

function login(req: RestRequest, o: ClearMLMountOptions, env: EnvelopeOptions): RestResponse {
  const who = identify(req.headers['authorization'], o.keys, o.clock.now());
  if (!who.ok) return clearmlError(who.error[0], who.error[1], who.error[2], env, who.data);
  const params = parseClearMLParams(req);
  if ('invalid' in params) return clearmlError(400, 0, params.invalid, env);
  const exp = params.value['expiration_sec'];
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isInteger(exp) || exp < 1)) {
    return clearmlError(400, 12, 'Validation error (expiration_sec must be a positive integer)', env);
  }
  return clearmlOk({ token: issueClearMLToken(who.principal.id, o.keys.jwtSecret, o.clock.now(), exp) }, { ...env, actualVersion: '2.1' });
}

async function passthrough(req: RestRequest, o: ClearMLMountOptions, env: EnvelopeOptions, endpoint: string | undefined, principal: Principal): Promise<RestResponse> {
  const send = (raw: RawRequest): Promise<RawResponse> => (o.passthroughCredentials && o.forwardAsCaller ? o.forwardAsCaller(raw) : o.forward(raw, principal));
  const key = o.idempotency ? idempotencyKeyOf(req) : undefined;
  const adapter = key === undefined ? undefined : clearmlCreateAdapter(endpoint, req, env, send);
  let res: RestResponse;
  try {
    res =
      adapter && key !== undefined && o.idempotency
        ? await idempotentCreate(req, key, adapter, { ...o.idempotency, source: o.source, error: (status, msg) => clearmlError(status, 0, msg, env) })
        : await send({ method: req.method, path: req.path, search: req.search, headers: req.headers, body: req.body });
  } catch (err) {
    const code = errorCodeOf(err);
    // ClearML's own words for an unreachable backend are a plain 5xx; keep the envelope so the SDK can read it.
    if (code === 'SOURCE_TIMEOUT') return clearmlError(504, 0, `Switchyard: source "${o.source}" did not answer in time`, env);
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return clearmlError(502, 0, `Switchyard: source "${o.source}" rejected Switchyard's credential`, env);
    return clearmlError(503, 0, `Switchyard: source "${o.source}" is unavailable`, env);
  }
  const action = endpoint?.split('.')[1] ?? '';
  // A write that failed may still have been applied (a 500 after save): drop the caches either way.
  if (!READ_ACTION.test(action)) await o.invalidate().catch(() => undefined);
  return { status: res.status, headers: res.headers, body: res.body };
}
