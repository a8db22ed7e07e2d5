/**
 * Talks to one MLConnector (no auth: it has none). Modelled calls: the model list (paged with
 * skip/limit, an empty list is upstream's 404), Northbound's deployment list and one deployment's
 * status, operations by owner, model and deployment creation and deletion, and a deployment's own
 * inference container (`POST /prediction`, not an MLConnector route). `forward` is the REST passthrough.
 * At most eight calls in flight, each through the instance's `SourceGuard`; operations are named
 * `METHOD /route` (`POST /deployment/add`, which builds and pushes an image inside the request and so
 * gets its own long timeout by default).
 */
import type { Got } from 'got';
import { switchyardError } from '../../shared/errors.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { type CallKind, createHttpClient } from '../../shared/httpClient.js';
import { type BreakerSettings, createSourceGuard, type SourceGuard, type TimeoutPolicy } from '../../shared/resilience/index.js';
import { Limiter, MAX_IN_FLIGHT } from '../../shared/limit.js';
import { forwardRaw, type RawRequest, type RawResponse } from '../../shared/passthrough.js';
import { isUpstreamNotFound, mlconnectorError } from './errors.js';
import { isRecord, type MLDeploymentCreateWire, type MLDeploymentOposWire, type MLDeploymentReturnWire, type MLModelCreateWire, type MLModelWire, type PredictionWire } from './wire.js';


/** POST /deployment/add builds and pushes an image inside the request: minutes, not seconds. */
export const MLCONNECTOR_DEPLOY_TIMEOUT_MS = 600_000;
export interface MLConnectorConnectorOptions {
  /** Source instance name, for errors. */
  readonly instance: string;
  /** MLConnector's root, e.g. http://mlconnector:8090. */
  readonly baseUrl: string;
  /** Per call. @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** POST /deployment/add (docker build + push inside the request). @default 600_000 */
  readonly deployTimeoutMs?: number | undefined;
  /** Calls to a deployment's inference container. @default 30_000 */
  readonly predictTimeoutMs?: number | undefined;
  /** Per-operation timeouts (`POST /deployment/add` → ms), over the defaults above. */
  readonly timeouts?: TimeoutPolicy | undefined;
  /** This instance's circuit breaker. @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Times the breaker's cool-down and the retry budget. @default systemClock */
  readonly clock?: Clock | undefined;
  /** Models read per GET /model/all page. @default 500 */
  readonly pageSize?: number | undefined;
  /** @default 8 */
  readonly maxInFlight?: number | undefined;
}

/** FastAPI reads the body's type and nothing else (no auth, no versioning header). */
const FORWARDED_HEADERS = ['content-type', 'accept'];
const RETURNED_HEADERS = ['content-type', 'content-disposition'];
const DEPLOY = 'POST /deployment/add';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export class MLConnectorConnector {
  readonly instance: string;
  readonly #http: Got;
  readonly #o: MLConnectorConnectorOptions;
  readonly #gate: Limiter;
  readonly #guard: SourceGuard;

  constructor(options: MLConnectorConnectorOptions) {
    this.instance = options.instance;
    this.#o = options;
    this.#gate = new Limiter(options.maxInFlight ?? MAX_IN_FLIGHT);
    this.#http = createHttpClient({ source: options.instance, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 10_000 });
    this.#guard = createSourceGuard({ source: options.instance, clock: options.clock ?? systemClock, timeoutMs: options.timeoutMs ?? 10_000, timeouts: options.timeouts, breaker: options.breaker });
  }

  /** The instance's breaker, retry budget and timeouts. */
  get guard(): SourceGuard {
    return this.#guard;
  }

  get maxInFlight(): number {
    return this.#gate.max;
  }

  /** Every model (GET /model/all, paged; upstream's 404 for an empty list is `[]`). */
  async models(): Promise<MLModelWire[]> {
    const limit = this.#o.pageSize ?? 500;
    const out: MLModelWire[] = [];
    for (let skip = 0; ; skip += limit) {
      const res = await this.#send('GET', `model/all?skip=${skip}&limit=${limit}`, undefined, 'read', 'GET /model/all');
      if (isUpstreamNotFound(res.status, res.body)) return out;
      if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'GET /model/all');
      if (!Array.isArray(res.body)) throw this.#unreadable('GET /model/all');
      const page = res.body.filter((m): m is MLModelWire => isRecord(m) && typeof m['modelid'] === 'string');
      out.push(...page);
      if (res.body.length < limit) return out;
    }
  }

  /** Models carrying `tag` (GET /model/search, tags overlap; upstream's 404 for none is `[]`): one fresh read. */
  async modelsTagged(tag: string): Promise<MLModelWire[]> {
    const res = await this.#send('GET', `model/search?${new URLSearchParams({ tags: tag }).toString()}`, undefined, 'read', 'GET /model/search');
    if (isUpstreamNotFound(res.status, res.body)) return [];
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'GET /model/search');
    if (!Array.isArray(res.body)) throw this.#unreadable('GET /model/search');
    return res.body.filter((m): m is MLModelWire => isRecord(m) && typeof m['modelid'] === 'string');
  }

  /** Northbound's deployment list via GET /deployment/all: deployment id → status value. */
  async deploymentStatuses(): Promise<Map<string, string>> {
    const res = await this.#send('GET', 'deployment/all', undefined, 'read', 'GET /deployment/all');
    if (isUpstreamNotFound(res.status, res.body)) return new Map();
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'GET /deployment/all');
    if (!isRecord(res.body)) throw this.#unreadable('GET /deployment/all');
    const all = res.body['System_status'];
    // `{"status": "No data in the system."}` is Northbound's empty list.
    if (!isRecord(all)) return new Map();
    return new Map(Object.entries(all).map(([id, v]) => [id, typeof v === 'string' ? v : JSON.stringify(v)]));
  }

  /** GET /deployment/get/status/{id}'s `response` string; undefined when MLConnector answers 404. */
  async deploymentStatus(id: string): Promise<string | undefined> {
    const res = await this.#send('GET', `deployment/get/status/${encodeURIComponent(id)}`, undefined, 'read', 'GET /deployment/get/status');
    if (isUpstreamNotFound(res.status, res.body)) return undefined;
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'GET /deployment/get/status', id);
    const response = isRecord(res.body) ? res.body['response'] : undefined;
    if (typeof response !== 'string') throw this.#unreadable('GET /deployment/get/status');
    return response;
  }

  /** The inference operations recorded for an owner (`[]` for upstream's 404). */
  async operationsByOwner(ownerId: string): Promise<MLDeploymentOposWire[]> {
    const res = await this.#send('GET', `deployment/get/opos/${encodeURIComponent(ownerId)}`, undefined, 'read', 'GET /deployment/get/opos');
    if (isUpstreamNotFound(res.status, res.body)) return [];
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'GET /deployment/get/opos');
    if (!Array.isArray(res.body)) throw this.#unreadable('GET /deployment/get/opos');
    return res.body.filter((o): o is MLDeploymentOposWire => isRecord(o) && typeof o['operationid'] === 'string');
  }

  /** POST /model/add (never retried). */
  async addModel(body: MLModelCreateWire): Promise<MLModelWire> {
    const res = await this.#send('POST', 'model/add', body, 'write', 'POST /model/add');
    if (res.status !== 201 && res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'POST /model/add');
    if (!isRecord(res.body) || typeof res.body['modelid'] !== 'string') throw this.#unreadable('POST /model/add');
    return res.body as unknown as MLModelWire;
  }

  /** POST /deployment/add with the long timeout (never retried). */
  async addDeployment(body: MLDeploymentCreateWire): Promise<MLDeploymentReturnWire> {
    const res = await this.#send('POST', 'deployment/add', body, 'write', DEPLOY, this.#deployTimeout());
    if (res.status !== 201 && res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'POST /deployment/add', body.deployment_id || undefined);
    if (!isRecord(res.body) || typeof res.body['deployment_id'] !== 'string') throw this.#unreadable('POST /deployment/add');
    return res.body as unknown as MLDeploymentReturnWire;
  }

  /** DELETE /deployment/{id}: false when MLConnector has no such deployment; CONFLICT when operations reference it. */
  async deleteDeployment(id: string): Promise<boolean> {
    // Its 500 is the refusal below, not MLConnector failing: it must not open the breaker.
    const res = await this.#send('DELETE', `deployment/${encodeURIComponent(id)}`, undefined, 'write', 'DELETE /deployment', undefined, [500]);
    if (isUpstreamNotFound(res.status, res.body)) return false;
    // The row is referenced by inference operations (a foreign key without cascade): upstream's 500.
    if (res.status === 500) throw switchyardError('CONFLICT', `Source "${this.instance}" cannot delete deployment ${id}: it has inference operations (MLConnector answers 500).`, { source: this.instance, id });
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'DELETE /deployment', id);
    return true;
  }

  /**
   * POST `<endpoint>/prediction` on a deployment's inference container (not MLConnector: its own
   * base URL). The container answers errors as 200 `{error}`; those are SOURCE_ERROR here. The
   * container is another host: its failures do not count against MLConnector's breaker.
   */
  async predict(endpoint: string, body: { readonly data?: unknown; readonly data_link?: string; readonly explanation: boolean }): Promise<PredictionWire> {
    const url = `${endpoint.replace(/\/+$/, '')}/prediction`;
    const r = await this.#guard.call({ operation: 'POST /prediction', kind: 'write', timeoutMs: this.#o.predictTimeoutMs ?? 30_000, breaker: false }, (request) =>
      this.#gate.run(() => this.#http(url, { prefixUrl: '', method: 'POST', json: body, timeout: { request } })),
    );
    const res = { status: r.statusCode, body: parseJson(r.body) };
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'POST /prediction');
    if (!isRecord(res.body)) throw this.#unreadable('POST /prediction');
    if (typeof res.body['error'] === 'string') {
      throw switchyardError('SOURCE_ERROR', `Source "${this.instance}": the deployment's inference container failed to predict.`, { source: this.instance });
    }
    return res.body as PredictionWire;
  }

  /** `documented` fidelity only: POST /deployment/{id}/predict `{data, explain}` (404 on a real server). */
  async documentedPredict(id: string, body: { readonly data: unknown; readonly explain: boolean }): Promise<Record<string, unknown>> {
    const res = await this.#send('POST', `deployment/${encodeURIComponent(id)}/predict`, body, 'write', 'POST /deployment/{id}/predict', this.#o.predictTimeoutMs ?? 30_000);
    if (res.status !== 200) throw mlconnectorError(this.instance, res.status, res.body, 'POST /deployment/{id}/predict', id);
    if (!isRecord(res.body)) throw this.#unreadable('POST /deployment/{id}/predict');
    return res.body;
  }

  /**
   * Forward a caller's request as is (path relative to MLConnector's root, `content-type` and body
   * kept); status, `content-type` and bytes come back as sent. No retry, no cache, not gated.
   * POST /deployment/add gets the deployment timeout. (Filling an empty `deployment_id` is the mount's
   * job, DESIGN §6: see `chooseDeploymentId`.)
   */
  async forward(req: RawRequest): Promise<RawResponse> {
    const path = req.path.replace(/^\/+/, '');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (FORWARDED_HEADERS.includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
    const deploy = req.method.toUpperCase() === 'POST' && /^deployment\/add\/?$/.test(path);
    const call = deploy ? { operation: DEPLOY, kind: 'passthrough' as const, timeoutMs: this.#deployTimeout() } : { operation: `${req.method.toUpperCase()} /${path}`, kind: 'passthrough' as const };
    return this.#guard.call(call, (timeoutMs) =>
      forwardRaw(this.#http, { source: this.instance, target: `${path}${req.search}`, method: req.method, headers, body: req.body, returned: RETURNED_HEADERS, timeoutMs }),
    );
  }

  #deployTimeout(): number {
    return this.#o.deployTimeoutMs ?? MLCONNECTOR_DEPLOY_TIMEOUT_MS;
  }

  /** One call through the guard (`timeoutMs`: this operation's default) and then the gate. */
  async #send(method: 'GET' | 'POST' | 'DELETE', path: string, json: unknown, kind: CallKind, operation: string, timeoutMs?: number, refusals?: readonly number[]): Promise<Answer> {
    const res = await this.#guard.call({ operation, kind, timeoutMs, refusals }, (request) =>
      this.#gate.run(() => this.#http(path, { method, ...(json !== undefined ? { json } : {}), timeout: { request } })),
    );
    return { status: res.statusCode, body: parseJson(res.body) };
  }

  #unreadable(endpoint: string) {
    return switchyardError('SOURCE_ERROR', `Source "${this.instance}" answered ${endpoint} with a body Switchyard cannot read.`, { source: this.instance });
  }
}

/** The parsed body, or undefined when it is not JSON (the plain-text 500, an empty body). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
