/**
 * The only way to reach a source's contract (DESIGN §2; the catalog and the REST layer use it): JSON calls to its source-contract routes,
 * forwarding the caller's principal token and request id, with a per-source timeout. Failures come
 * back as registry errors naming the source, so callers can turn them into SourceResult outcomes.
 */
import type { Got } from 'got';
import { createHttpClient, transportError } from './httpClient.js';
import { isErrorCode, isErrorReason, switchyardError } from './errors.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER } from './principalToken.js';
import {
  type CapabilitiesResponse,
  type DetailsRequest,
  type DetailsResponse,
  type GetByIdsRequest,
  type GetByIdsResponse,
  type EdgesRequest,
  type EdgesResponse,
  type ListRequest,
  type ListResponse,
  type MatchRequest,
  type MatchResponse,
  type SeriesRequest,
  type SeriesResponse,
  type WriteRequest,
  type WriteResponse,
  SOURCE_CONTRACT_PREFIX,
} from './sourceContract.js';

/** Omit over each member of a union (the built-in Omit flattens unions). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface SourceClientConfig {
  /** Instance name. */
  readonly name: string;
  /** Base URL of the subgraph serving the instance. */
  readonly subgraphUrl: string;
  /** @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** Budget for a write, which may make the source's longest tracker call. @default timeoutMs */
  readonly writeTimeoutMs?: number | undefined;
}

export interface CallerContext {
  readonly principalToken: string;
  readonly requestId: string;
}

export class SourceClient {
  readonly config: SourceClientConfig;
  readonly #http: Got;

  constructor(config: SourceClientConfig) {
    this.config = config;
    this.#http = createHttpClient({ source: config.name, baseUrl: `${config.subgraphUrl.replace(/\/+$/, '')}${SOURCE_CONTRACT_PREFIX}`, timeoutMs: config.timeoutMs ?? 10_000 });
  }

  list(req: Omit<ListRequest, 'instance'>, caller: CallerContext): Promise<ListResponse> {
    return this.#call('list', { ...req, instance: this.config.name }, caller);
  }

  getByIds(req: Omit<GetByIdsRequest, 'instance'>, caller: CallerContext): Promise<GetByIdsResponse> {
    return this.#call('getByIds', { ...req, instance: this.config.name }, caller);
  }

  details(req: Omit<DetailsRequest, 'instance'>, caller: CallerContext): Promise<DetailsResponse> {
    return this.#call('details', { ...req, instance: this.config.name }, caller);
  }

  capabilities(caller: CallerContext): Promise<CapabilitiesResponse> {
    return this.#call('capabilities', {}, caller);
  }

  series(req: Omit<SeriesRequest, 'instance'>, caller: CallerContext): Promise<SeriesResponse> {
    return this.#call('series', { ...req, instance: this.config.name }, caller);
  }

  edges(req: Omit<EdgesRequest, 'instance'>, caller: CallerContext): Promise<EdgesResponse> {
    return this.#call('edges', { ...req, instance: this.config.name }, caller);
  }

  match(req: Omit<MatchRequest, 'instance'>, caller: CallerContext): Promise<MatchResponse> {
    return this.#call('match', { ...req, instance: this.config.name }, caller);
  }

  /** A write; the instance is set here, so the request names only the operation and its arguments. */
  write(req: DistributiveOmit<WriteRequest, 'instance'>, caller: CallerContext): Promise<WriteResponse> {
    return this.#call('write', { ...req, instance: this.config.name }, caller, this.config.writeTimeoutMs);
  }

  /** Drop what the source caches for this instance (after a write that bypassed its connector's cache). */
  async invalidate(caller: CallerContext): Promise<void> {
    await this.#call('invalidate', { instance: this.config.name }, caller);
  }

  async #call<T>(op: string, body: unknown, caller: CallerContext, timeoutMs?: number): Promise<T> {
    let res;
    try {
      res = await this.#http.post(op, { json: body, headers: { [PRINCIPAL_HEADER]: caller.principalToken, [REQUEST_ID_HEADER]: caller.requestId }, ...(timeoutMs !== undefined ? { timeout: { request: timeoutMs } } : {}) });
    } catch (err) {
      throw transportError(this.config.name, err);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      throw switchyardError(res.statusCode >= 500 ? 'SOURCE_UNAVAILABLE' : 'SOURCE_ERROR', `Source "${this.config.name}" answered HTTP ${res.statusCode}.`, { source: this.config.name });
    }
    if (res.statusCode === 200) return parsed as T;
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: { code?: unknown; message?: unknown; reason?: unknown } }).error : undefined;
    const code = isErrorCode(error?.code) ? error.code : 'SOURCE_ERROR';
    const message = typeof error?.message === 'string' ? error.message : `Source "${this.config.name}" answered HTTP ${res.statusCode}.`;
    // `reason` (e.g. circuit-open) crosses the process boundary so the catalog can report it as an outcome.
    throw switchyardError(code, message, { source: this.config.name, reason: isErrorReason(error?.reason) ? error.reason : undefined });
  }
}
