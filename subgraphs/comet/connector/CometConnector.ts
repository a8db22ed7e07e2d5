/**
 * Talks to one Comet server with one backend API key: JSON reads and writes under `/api/rest/v2`
 * (through the instance's `SourceGuard`: timeout per path, breaker; reads may retry, writes never do),
 * at most eight calls in flight, and a raw forward for the REST passthrough. Comet has no token
 * exchange: the raw key goes in `Authorization` on every call.
 */
import type { Got, Response } from 'got';
import { type Clock, systemClock } from '../../shared/clock.js';
import { type CallKind, createHttpClient } from '../../shared/httpClient.js';
import { switchyardError } from '../../shared/errors.js';
import { type BreakerSettings, createSourceGuard, type SourceGuard, type TimeoutPolicy } from '../../shared/resilience/index.js';
import { cometError } from './errors.js';
import { Limiter, MAX_IN_FLIGHT, mapBounded } from '../../shared/limit.js';
import { forwardRaw, type RawRequest, type RawResponse } from '../../shared/passthrough.js';

export interface CometConnectorOptions {
  /** Source instance name, for errors. */
  readonly instance: string;
  /** Server base URL without the API prefix (e.g. http://comet:8080). */
  readonly baseUrl: string;
  /** Switchyard's backend key on that server. */
  readonly apiKey: string;
  /** @default 10_000 */
  readonly timeoutMs?: number;
  /** Per-path timeouts (`experiments` → ms), over `timeoutMs`. */
  readonly timeouts?: TimeoutPolicy | undefined;
  /** This instance's circuit breaker. @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Times the breaker's cool-down and the retry budget. @default systemClock */
  readonly clock?: Clock | undefined;
  /** Most calls in flight towards this server. @default 8 */
  readonly maxInFlight?: number;
}

/** Query values; undefined ones are left out. */
export type CometQuery = Readonly<Record<string, string | number | boolean | undefined>>;

/** The REST v2 prefix every modelled call goes under (reference/comet.md §1). */
export const COMET_API_PREFIX = 'api/rest/v2';
/**
 * Headers a passthrough forwards: the body's type and encoding (the Python SDK gzips batch posts) and
 * the client's identity. The caller's `Authorization`/`Comet-Sdk-Api` never leaves: Switchyard's key replaces it.
 */
const FORWARDED_HEADERS = ['content-type', 'content-encoding', 'user-agent'];
/** The SDK's debug headers are harmless and help the backend's own logs (reference §2). */
const FORWARDED_PREFIX = 'x-comet-debug-';
const RETURNED_HEADERS = ['content-type', 'content-disposition'];

export class CometConnector {
  readonly instance: string;
  readonly #http: Got;
  readonly #apiKey: string;
  readonly #limiter: Limiter;
  readonly #guard: SourceGuard;

  constructor(options: CometConnectorOptions) {
    this.instance = options.instance;
    this.#apiKey = options.apiKey;
    this.#limiter = new Limiter(options.maxInFlight ?? MAX_IN_FLIGHT);
    this.#http = createHttpClient({ source: options.instance, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000 });
    this.#guard = createSourceGuard({ source: options.instance, clock: options.clock ?? systemClock, timeoutMs: options.timeoutMs ?? 10_000, timeouts: options.timeouts, breaker: options.breaker });
  }

  /** The instance's breaker, retry budget and timeouts. */
  get guard(): SourceGuard {
    return this.#guard;
  }

  /** Most calls this connector runs at once. */
  get maxInFlight(): number {
    return this.#limiter.max;
  }

  /**
   * `GET /api/rest/v2/<path>` → parsed JSON (GET-style writes too, reference §7); Comet errors become
   * registry errors naming the source (and `id`). A write's non-JSON success body reads as undefined.
   */
  async get(path: string, query: CometQuery, kind: CallKind, id?: string): Promise<unknown> {
    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) searchParams[k] = String(v);
    return this.#send(path, kind, id, (timeoutMs) => this.#http.get(`${COMET_API_PREFIX}/${path}`, { searchParams, headers: this.#auth(), timeout: { request: timeoutMs } }));
  }

  /** `POST /api/rest/v2/<path>` with a JSON body → parsed JSON. Writes are never retried. */
  async post(path: string, body: Readonly<Record<string, unknown>>, kind: CallKind, id?: string): Promise<unknown> {
    return this.#send(path, kind, id, (timeoutMs) => this.#http.post(`${COMET_API_PREFIX}/${path}`, { json: body, headers: this.#auth(), timeout: { request: timeoutMs } }));
  }

  /** `fn` over `items` with at most `maxInFlight` in flight, in input order; stops starting calls after a failure. */
  async each<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return mapBounded(items, this.#limiter.max, fn);
  }

  /**
   * Forward a caller's request as is, with Switchyard's backend key instead of the caller's. No retry
   * (SDKs retry themselves) and never cached (SDKs poll for read-your-writes). Not bounded by the
   * limiter either: a long snapshot rebuild must not stall a client's own calls.
   */
  async forward(req: RawRequest): Promise<RawResponse> {
    return this.#forwardWith(req, this.#auth());
  }

  /**
   * Forward a caller's request with the caller's own API key (README "passthroughCredentials"): Comet
   * authenticates it, and its 401s reach the caller as they are.
   */
  async forwardAsCaller(req: RawRequest): Promise<RawResponse> {
    const key = req.headers['authorization'] ?? req.headers['comet-sdk-api'];
    return this.#forwardWith(req, key === undefined ? {} : { authorization: key });
  }

  async #forwardWith(req: RawRequest, auth: Readonly<Record<string, string>>): Promise<RawResponse> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      const lower = name.toLowerCase();
      if (FORWARDED_HEADERS.includes(lower) || lower.startsWith(FORWARDED_PREFIX)) headers[lower] = value;
    }
    const path = req.path.replace(/^\/+/, '');
    return this.#guard.call({ operation: path.replace(/^api\/rest\/v2\//, ''), kind: 'passthrough' }, (timeoutMs) =>
      forwardRaw(this.#http, {
        source: this.instance,
        target: `${path}${req.search}`,
        method: req.method,
        headers: { ...headers, ...auth },
        body: req.body,
        returned: [...RETURNED_HEADERS, 'content-encoding'],
        timeoutMs,
      }),
    );
  }

  #auth(): Record<string, string> {
    return { authorization: this.#apiKey };
  }

  async #send(path: string, kind: CallKind, id: string | undefined, call: (timeoutMs: number) => Promise<Response<string>>): Promise<unknown> {
    // The breaker answers before the queue: an open circuit never waits for a slot.
    const res = await this.#guard.call({ operation: path, kind }, (timeoutMs) => this.#limiter.run(() => call(timeoutMs)));
    const body = parseJson(res.body);
    if (res.statusCode < 200 || res.statusCode > 299) throw cometError(this.instance, res.statusCode, body, path, id);
    // Several writes answer with an empty or plain-text body (restore, delete, artifact state: reference §3): success is the status.
    if (body === undefined && kind === 'write') return undefined;
    if (body === undefined) throw switchyardError('SOURCE_ERROR', `Source "${this.instance}" answered ${path} with a body that is not JSON.`, { source: this.instance });
    return body;
  }
}

/** The parsed body, or undefined when it is not JSON (an HTML error page from a proxy, an empty body). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
