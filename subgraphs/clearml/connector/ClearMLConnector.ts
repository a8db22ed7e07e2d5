/**
 * Talks to one ClearML server instance with one backend credential: logs in once (auth.login → JWT),
 * refreshes the token before it expires or on a 401, and calls `service.action` endpoints with JSON
 * bodies. Every HTTP call goes through the instance's `SourceGuard` (timeout per endpoint, breaker;
 * reads may retry, writes never do). Also forwards raw requests for the REST passthrough.
 */
import type { Got, Response } from 'got';
import type { Clock } from '../../shared/clock.js';
import { type CallKind, createHttpClient } from '../../shared/httpClient.js';
import { switchyardError } from '../../shared/errors.js';
import { type BreakerSettings, createSourceGuard, type SourceGuard, type TimeoutPolicy } from '../../shared/resilience/index.js';
import type { RawRequest, RawResponse } from '../../shared/passthrough.js';
import { clearmlError } from './errors.js';
import { type ClearMLEnvelope, isEnvelope, isRecord } from './wire.js';

export interface ClearMLCredentials {
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface ClearMLConnectorOptions {
  readonly instance: string;
  readonly baseUrl: string;
  readonly credentials: ClearMLCredentials;
  readonly clock: Clock;
  /** @default 10_000 */
  readonly timeoutMs?: number;
  /** Per-endpoint timeouts (`tasks.get_all` → ms), over `timeoutMs`. */
  readonly timeouts?: TimeoutPolicy | undefined;
  /** This instance's circuit breaker. @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** The API version prefix sent on every call. @default '2.23' (what the SDK sends) */
  readonly apiVersion?: string;
}

/** Refresh this long before the token's own expiry, as the SDK does (token_expiration_threshold_sec). */
const REFRESH_MARGIN_MS = 360_000;
/** Headers a passthrough forwards to ClearML; everything else (the caller's credential first) stays behind. */
const FORWARDED_HEADERS = ['content-type', 'x-clearml-trx', 'x-trains-trx', 'x-clearml-worker', 'x-trains-worker', 'x-clearml-client', 'x-trains-client', 'x-clearml-async', 'x-trains-async'];

export class ClearMLConnector {
  readonly instance: string;
  readonly #http: Got;
  readonly #guard: SourceGuard;
  readonly #options: ClearMLConnectorOptions;
  #token: { value: string; expiresAt: number } | undefined;
  #login: Promise<string> | undefined;

  constructor(options: ClearMLConnectorOptions) {
    this.instance = options.instance;
    this.#options = options;
    this.#http = createHttpClient({ source: options.instance, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000 });
    this.#guard = createSourceGuard({ source: options.instance, clock: options.clock, timeoutMs: options.timeoutMs ?? 10_000, timeouts: options.timeouts, breaker: options.breaker });
  }

  /** The instance's breaker, retry budget and timeouts (tests and metrics read its state). */
  get guard(): SourceGuard {
    return this.#guard;
  }

  /** Call `service.action` and return its `data`; ClearML errors become registry errors naming the source. */
  async call(endpoint: string, body: Readonly<Record<string, unknown>>, kind: CallKind, id?: string): Promise<unknown> {
    return this.#post(endpoint, { json: body }, kind, id);
  }

  /** Send a `application/json-lines` body (events.add_batch): one JSON object per line. Never retried. */
  async callJsonLines(endpoint: string, lines: readonly unknown[], id?: string): Promise<unknown> {
    const body = lines.map((line) => JSON.stringify(line)).join('\n');
    return this.#post(endpoint, { body, headers: { 'content-type': 'application/json-lines' } }, 'write', id);
  }

  async #post(endpoint: string, payload: { json?: unknown; body?: string; headers?: Record<string, string> }, kind: CallKind, id: string | undefined): Promise<unknown> {
    const version = versionFor(endpoint, this.#options.apiVersion ?? '2.23');
    const send = (token: string) =>
      this.#guard.call({ operation: endpoint, kind }, (timeoutMs) =>
        this.#http.post(`v${version}/${endpoint}`, {
          ...(payload.json !== undefined ? { json: payload.json } : { body: payload.body ?? '' }),
          headers: { ...payload.headers, authorization: `Bearer ${token}` },
          timeout: { request: timeoutMs },
        }),
      );
    const res = await this.#withToken(send);
    const envelope = parseEnvelope(res, this.instance, endpoint);
    if (envelope.meta.result_code !== 200) throw clearmlError(this.instance, envelope, endpoint, id);
    return envelope.data;
  }

  /** Forward a caller's request as is, with Switchyard's backend credential instead of the caller's. */
  async forward(req: RawRequest): Promise<RawResponse> {
    return rawAnswer(await this.#withToken((token) => this.#forwardWith(req, `Bearer ${token}`)));
  }

  /**
   * Forward a caller's request with the caller's own `Authorization` (README "passthroughCredentials"):
   * the tracker authenticates it, and its 401s reach the caller as they are.
   */
  async forwardAsCaller(req: RawRequest): Promise<RawResponse> {
    return rawAnswer(await this.#forwardWith(req, req.headers['authorization']));
  }

  #forwardWith(req: RawRequest, authorization: string | undefined): Promise<Response<Buffer>> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const v = req.headers[name];
      if (v !== undefined) headers[name] = v;
    }
    if (authorization !== undefined) headers['authorization'] = authorization;
    // Passthrough reads are never retried or cached here: the SDK polls and retries itself.
    const operation = /([a-z_]+\.[a-z_]+)\/?$/.exec(req.path)?.[1] ?? 'passthrough';
    return this.#guard.call({ operation, kind: 'passthrough' }, (timeoutMs) =>
      this.#http(`${req.path.replace(/^\/+/, '')}${req.search}`, {
        method: req.method as 'GET',
        headers,
        ...(req.body.length > 0 ? { body: req.body } : {}),
        responseType: 'buffer',
        timeout: { request: timeoutMs },
      }),
    );
  }

  /** Send with the current token; on a 401 the server may have revoked or rotated it: log in again, once. */
  async #withToken<R extends { statusCode: number }>(send: (token: string) => Promise<R>): Promise<R> {
    const res = await send(await this.#validToken());
    if (res.statusCode !== 401) return res;
    this.#token = undefined;
    return send(await this.#validToken());
  }

  async #validToken(): Promise<string> {
    const now = this.#options.clock.now();
    if (this.#token && this.#token.expiresAt - REFRESH_MARGIN_MS > now) return this.#token.value;
    // One login in flight per connector, however many calls wait for it.
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #doLogin(): Promise<string> {
    const { accessKey, secretKey } = this.#options.credentials;
    const res = await this.#guard.call({ operation: 'auth.login', kind: 'read' }, (timeoutMs) =>
      this.#http.get('auth.login', {
        headers: { authorization: `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}` },
        timeout: { request: timeoutMs },
      }),
    );
    const envelope = parseEnvelope(res, this.instance, 'auth.login');
    if (envelope.meta.result_code !== 200) throw clearmlError(this.instance, envelope, 'auth.login');
    const token = isRecord(envelope.data) ? envelope.data['token'] : undefined;
    if (typeof token !== 'string') throw switchyardError('SOURCE_ERROR', `Source "${this.instance}" answered auth.login without a token.`, { source: this.instance });
    this.#token = { value: token, expiresAt: jwtExpiry(token) ?? this.#options.clock.now() + 3_600_000 };
    return token;
  }
}

/**
 * Endpoints newer than the version the SDK speaks: a call at a lower version would be a 404 ("Unable to
 * find endpoint for name … and version …"), so these go out at their minimum version (reference §5).
 */
const MIN_VERSIONS: Readonly<Record<string, string>> = {
  'serving.get_endpoints': '2.31',
  'serving.get_endpoint_details': '2.31',
  'tasks.update_tags': '2.27',
  'models.update_tags': '2.27',
};

function versionFor(endpoint: string, base: string): string {
  const min = MIN_VERSIONS[endpoint];
  if (!min) return base;
  const [bMajor = 0, bMinor = 0] = base.split('.').map(Number);
  const [mMajor = 0, mMinor = 0] = min.split('.').map(Number);
  return bMajor > mMajor || (bMajor === mMajor && bMinor >= mMinor) ? base : min;
}

/**
 * The envelope of a ClearML answer. An answer without one did not come from the API server itself: a
 * 5xx (a proxy's error page, a crashed server) means the tracker is unavailable, anything else that it
 * answered something Switchyard cannot read.
 */
function parseEnvelope(res: { readonly statusCode: number; readonly body: string }, source: string, endpoint: string): ClearMLEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    parsed = undefined;
  }
  if (isEnvelope(parsed)) return parsed;
  if (res.statusCode >= 500) throw switchyardError('SOURCE_UNAVAILABLE', `Source "${source}" answered ${endpoint} with HTTP ${res.statusCode}.`, { source });
  throw switchyardError('SOURCE_ERROR', `Source "${source}" answered ${endpoint} ${parsed === undefined ? 'with a body that is not JSON' : 'without the ClearML envelope'}.`, { source });
}

/** `exp` of a JWT in epoch ms, read without verifying (we are its audience, not its issuer). */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return isRecord(claims) && typeof claims['exp'] === 'number' ? claims['exp'] * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The tracker's answer as the passthrough hands it back: status, the headers that matter, the bytes. */
function rawAnswer(res: Response<Buffer>): RawResponse {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-disposition']) {
    const v = res.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  return { status: res.statusCode, headers, body: res.rawBody };
}
