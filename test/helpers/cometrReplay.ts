/**
 * Replays the requests cometr 0.4.0 really sent (test/fixtures/clients/cometr-0.4.0.experiment-flow.jsonl)
 * against any Comet REST v2 root — the emulator, or the gateway's /comet mount: same method, path, query,
 * Authorization, User-Agent, content type and body, with the recorded experiment key swapped for the
 * one the server returned. Shared by the contract tests and the REST-layer tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { got } from 'got';
import { repoRoot } from '../../schema/repoRoot.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonRecord = { [k: string]: Json };

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly ctype: string;
  readonly auth: string;
  readonly ua: string;
  readonly body: Json;
  readonly resp: Json;
}

export interface ReplayedAnswer {
  readonly call: RecordedCall;
  readonly status: number;
  readonly body: JsonRecord;
}

function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asRecordedCall(v: JsonRecord): RecordedCall {
  const { method, path, query, ctype, auth, ua } = v;
  if (typeof method !== 'string' || typeof path !== 'string' || typeof ctype !== 'string' || typeof auth !== 'string' || typeof ua !== 'string' || !isRecord(query)) {
    throw new Error(`malformed recorded call: ${JSON.stringify(v).slice(0, 200)}`);
  }
  const q: Record<string, string[]> = {};
  for (const [k, vs] of Object.entries(query)) {
    if (!Array.isArray(vs) || !vs.every((x): x is string => typeof x === 'string')) throw new Error(`bad query ${k}`);
    q[k] = vs;
  }
  return { method, path, query: q, ctype, auth, ua, body: v['body'] ?? null, resp: v['resp'] ?? null };
}

export const COMETR_FLOW: readonly RecordedCall[] = readFileSync(join(repoRoot(), 'test/fixtures/clients/cometr-0.4.0.experiment-flow.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const v: unknown = JSON.parse(l);
    if (!isRecord(v)) throw new Error('recorded call is not an object');
    return asRecordedCall(v);
  });

export const COMETR_CREATE_PATH = '/api/rest/v2/write/experiment/create';

export const COMETR_RECORDED_KEY = (() => {
  const resp = COMETR_FLOW.find((c) => c.path === COMETR_CREATE_PATH)?.resp;
  const key = isRecord(resp) ? resp['experimentKey'] : undefined;
  if (typeof key !== 'string') throw new Error('the recording has no create response');
  return key;
})();

export interface CometrReplayOptions {
  /** Replaces the recorded Authorization value (the recorded key is `TESTKEY`). */
  readonly auth?: string;
  /** Called after each call (tests advance a manual clock here). */
  readonly afterEach?: () => void;
}

/** Send the recorded flow to `baseUrl` (the root that `/api/rest/v2/…` hangs off). */
export async function replayCometrFlow(baseUrl: string, options: CometrReplayOptions = {}): Promise<{ answers: ReplayedAnswer[]; key: string }> {
  const answers: ReplayedAnswer[] = [];
  let key = '';
  for (const c of COMETR_FLOW) {
    const swap = (s: string): string => (key === '' ? s : s.split(COMETR_RECORDED_KEY).join(key));
    const searchParams = new URLSearchParams();
    for (const [k, vs] of Object.entries(c.query)) for (const v of vs) searchParams.append(k, swap(v));
    const headers: Record<string, string> = { authorization: options.auth ?? c.auth, 'user-agent': c.ua };
    if (c.ctype !== '') headers['content-type'] = c.ctype;
    const res = await got(`${baseUrl}${c.path}`, {
      method: c.method === 'POST' ? 'POST' : 'GET',
      headers,
      searchParams,
      ...(c.body === null ? {} : { body: swap(JSON.stringify(c.body)) }),
      throwHttpErrors: false,
      retry: { limit: 0 },
    });
    const parsed: unknown = JSON.parse(res.body);
    if (!isRecord(parsed)) throw new Error(`${c.path}: answer is not an object`);
    answers.push({ call: c, status: res.statusCode, body: parsed });
    if (c.path === COMETR_CREATE_PATH && typeof parsed['experimentKey'] === 'string') key = parsed['experimentKey'];
    options.afterEach?.();
  }
  return { answers, key };
}
