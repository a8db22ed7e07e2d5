/**
 * Talks to one CMF Server (no auth: CMF has none). Modelled calls are the pull of one pipeline (the
 * generation's form, detected once: layout.ts), the newer servers' global delta pull, `/pipelines`
 * and `mlmd_push`; at most eight in flight, each through the instance's `SourceGuard` (operations
 * `probe`, `pipelines`, `mlmd_pull`, `mlmd_pull (delta)`, `mlmd_push` for per-operation timeouts).
 * `forward` is the raw REST passthrough.
 */
import type { Got } from 'got';
import type { Clock } from '../../shared/clock.js';
import { switchyardError } from '../../shared/errors.js';
import { type CallKind, createHttpClient } from '../../shared/httpClient.js';
import { type BreakerSettings, createSourceGuard, type SourceGuard, type TimeoutPolicy } from '../../shared/resilience/index.js';
import { forwardRaw, type RawRequest, type RawResponse } from '../../shared/passthrough.js';
import { cmfError, detailOf, isRouteMissing } from './errors.js';
import { type CmfGeneration, type CmfLayout, detectLayout } from './layout.js';
import { Limiter, MAX_IN_FLIGHT } from '../../shared/limit.js';
import { type MlmdDocumentWire, parseMlmdDocument, pipelineNames } from './wire.js';

export interface CmfConnectorOptions {
  /** Source instance name, for errors. */
  readonly instance: string;
  /** The server's root (http://cmf:8080) or its `/api` prefix behind CMF's nginx (http://cmf/api). */
  readonly baseUrl: string;
  readonly clock: Clock;
  /** Pulls and pushes carry whole pipelines. @default 120_000 */
  readonly timeoutMs?: number | undefined;
  /** Probes and `/pipelines`. @default 10_000 (never more than `timeoutMs`) */
  readonly probeTimeoutMs?: number | undefined;
  /** Per-operation timeouts (`mlmd_push` → ms), over the defaults above. */
  readonly timeouts?: TimeoutPolicy | undefined;
  /** This instance's circuit breaker. @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Skip the generation probe. */
  readonly generation?: CmfGeneration | undefined;
  /** @default 8 */
  readonly maxInFlight?: number | undefined;
}

/** What `mlmd_push` answered with 200 (`pipeline_not_exist` also stands for generation A0's 404). */
export type PushStatus = 'success' | 'exists' | 'pipeline_not_exist' | (string & {});

/** The passthrough keeps the body's type; CMF reads nothing else (no auth, no versioning header). */
const FORWARDED_HEADERS = ['content-type', 'accept'];
const RETURNED_HEADERS = ['content-type', 'content-disposition'];

interface Answer {
  readonly status: number;
  readonly text: string;
}

export class CmfConnector {
  readonly instance: string;
  readonly #http: Got;
  readonly #o: CmfConnectorOptions;
  readonly #gate: Limiter;
  readonly #guard: SourceGuard;
  #layout: Promise<CmfLayout> | undefined;

  constructor(options: CmfConnectorOptions) {
    this.instance = options.instance;
    this.#o = options;
    this.#gate = new Limiter(options.maxInFlight ?? MAX_IN_FLIGHT);
    this.#http = createHttpClient({ source: options.instance, baseUrl: options.baseUrl, timeoutMs: options.timeoutMs ?? 120_000 });
    this.#guard = createSourceGuard({ source: options.instance, clock: options.clock, timeoutMs: options.timeoutMs ?? 120_000, timeouts: options.timeouts, breaker: options.breaker });
  }

  /** The instance's breaker, retry budget and timeouts. */
  get guard(): SourceGuard {
    return this.#guard;
  }

  /** Calls this connector runs at once, at most. */
  get maxInFlight(): number {
    return this.#gate.max;
  }

  /** The detected prefix and generation (probed once; a failed probe is retried on the next call). */
  layout(): Promise<CmfLayout> {
    this.#layout ??= detectLayout(
      async (method, path, json) => {
        const res = await this.#send(method, path, json, 'read', 'probe', this.#probeTimeout());
        return { status: res.status, body: parseJson(res.text) };
      },
      { source: this.instance, baseHasApi: /\/api\/*$/.test(this.#o.baseUrl), generation: this.#o.generation, now: this.#o.clock.now() },
    ).catch((err: unknown) => {
      this.#layout = undefined;
      throw err;
    });
    return this.#layout;
  }

  /** `GET /pipelines`: every pipeline name. */
  async pipelines(): Promise<string[]> {
    const { prefix } = await this.layout();
    const res = await this.#send('GET', `${prefix}pipelines`, undefined, 'read', 'pipelines', this.#probeTimeout());
    const body = parseJson(res.text);
    if (res.status !== 200) throw cmfError(this.instance, res.status, body, { endpoint: 'pipelines' });
    const names = pipelineNames(body);
    if (!names) throw this.#unreadable('pipelines');
    return names;
  }

  /** The whole pipeline (`GET mlmd_pull/{p}` in A, `POST mlmd_pull` in B/C); NOT_FOUND when CMF has no such pipeline. */
  async pull(pipeline: string): Promise<MlmdDocumentWire> {
    const { prefix, generation } = await this.layout();
    const res =
      generation === 'A'
        ? await this.#send('GET', `${prefix}mlmd_pull/${encodeURIComponent(pipeline)}`, undefined, 'read', 'mlmd_pull')
        : await this.#send('POST', `${prefix}mlmd_pull`, { pipeline_name: pipeline, exec_uuid: null }, 'read', 'mlmd_pull');
    if (res.status !== 200) throw cmfError(this.instance, res.status, parseJson(res.text), { endpoint: 'mlmd_pull', pipelineNotFound: true });
    return parseMlmdDocument(res.text) ?? this.#throwUnreadable('mlmd_pull');
  }

  /**
   * What changed on the server after `since` (epoch ms, server time), as an MLMD document of every
   * pipeline touched (B/C's global delta pull); undefined on generation A, which has none.
   */
  async changedSince(since: number): Promise<MlmdDocumentWire | undefined> {
    const { prefix, generation } = await this.layout();
    if (generation === 'A') return undefined;
    const res = await this.#send('POST', `${prefix}mlmd_pull`, { pipeline_name: null, exec_uuid: null, last_sync_time: since }, 'read', 'mlmd_pull (delta)');
    if (res.status !== 200) throw cmfError(this.instance, res.status, parseJson(res.text), { endpoint: 'mlmd_pull (delta)' });
    return parseMlmdDocument(res.text) ?? this.#throwUnreadable('mlmd_pull (delta)');
  }

  /** `POST mlmd_push` with the document as a JSON string (as cmflib sends it); never retried. */
  async push(pipeline: string, jsonPayload: string): Promise<PushStatus> {
    const { prefix } = await this.layout();
    const res = await this.#send('POST', `${prefix}mlmd_push`, { exec_uuid: null, json_payload: jsonPayload, pipeline_name: pipeline }, 'write', 'mlmd_push');
    const body = parseJson(res.text);
    // Generation A0 answers a payload without that pipeline with 404 instead of `pipeline_not_exist`.
    if (res.status === 404 && !isRouteMissing(res.status, body) && detailOf(body)?.startsWith('Pipeline name')) return 'pipeline_not_exist';
    if (res.status !== 200) throw cmfError(this.instance, res.status, body, { endpoint: 'mlmd_push' });
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    if (typeof status !== 'string') throw this.#unreadable('mlmd_push');
    return status;
  }

  /**
   * Forward a caller's request as is: the path is taken relative to the CMF API (a leading `/api` is
   * dropped and the detected prefix used, so `/cmf/…` and `/cmf/api/…` both reach it), `content-type`
   * and the body kept; status, `content-type`, `content-disposition` and the bytes come back as sent.
   * No retry, no cache, not bounded by the gate.
   */
  async forward(req: RawRequest): Promise<RawResponse> {
    const prefix = await this.layout().then(
      (l) => l.prefix,
      () => '',
    );
    const path = req.path.replace(/^\/api(?=\/|$)/, '').replace(/^\/+/, '');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (FORWARDED_HEADERS.includes(name.toLowerCase())) headers[name.toLowerCase()] = value;
    const operation = path.replace(/\/.*$/, '') || 'passthrough';
    return this.#guard.call({ operation, kind: 'passthrough' }, (timeoutMs) =>
      forwardRaw(this.#http, { source: this.instance, target: `${prefix}${path}${req.search}`, method: req.method, headers, body: req.body, returned: RETURNED_HEADERS, timeoutMs }),
    );
  }

  #probeTimeout(): number {
    return Math.min(this.#o.probeTimeoutMs ?? 10_000, this.#o.timeoutMs ?? 120_000);
  }

  /** One call through the guard (`timeoutMs`: this operation's default) and then the gate. */
  async #send(method: 'GET' | 'POST', path: string, json: unknown, kind: CallKind, operation: string, timeoutMs?: number): Promise<Answer> {
    const res = await this.#guard.call({ operation, kind, timeoutMs }, (request) =>
      this.#gate.run(() => this.#http(path, { method, ...(json !== undefined ? { json } : {}), timeout: { request } })),
    );
    return { status: res.statusCode, text: res.body };
  }

  #unreadable(endpoint: string) {
    return switchyardError('SOURCE_ERROR', `Source "${this.instance}" answered ${endpoint} with a body Switchyard cannot read.`, { source: this.instance });
  }

  #throwUnreadable(endpoint: string): never {
    throw this.#unreadable(endpoint);
  }
}

/** The parsed body, or undefined when it is not JSON (an HTML page, `no_exec_uuid`, an empty body). */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
