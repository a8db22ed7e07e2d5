/**
 * Replays the requests the ClearML Python SDK 1.17.0 recorded (test/fixtures/clearml/clients/*.jsonl)
 * against any ClearML endpoint — the emulator, or the gateway's /clearml mount — with the recorded
 * project/task ids and token swapped for the ones the server returns. Used by the contract tests and
 * the REST-layer tests alike, so both judge by the same client behaviour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { got } from 'got';
import { repoRoot } from '../../schema/repoRoot.js';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ReplayedCall {
  readonly seq: unknown;
  readonly endpoint: string;
  readonly status: number;
  readonly meta: Obj;
  readonly data: Obj;
  /** Keys the recording server answered with (`resp_data_keys`). */
  readonly recordedKeys: readonly string[];
}

export interface ReplayResult {
  readonly calls: readonly ReplayedCall[];
  readonly taskId: string | undefined;
  readonly projectId: string | undefined;
}

export function readRecording(file: string): Obj[] {
  return readFileSync(join(repoRoot(), 'test/fixtures/clearml/clients', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Obj);
}

export function basicAuth(accessKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`;
}

/** Decode a JWT's payload without verifying it, as the SDK does. */
export function jwtClaims(token: string): Obj {
  const v: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return isObj(v) ? v : {};
}

/**
 * Send every recorded request in order to `baseUrl` (which replaces the recorded server's root; the
 * recorded paths keep their `/v2.23/` prefixes), stopping at nothing: the caller asserts on the calls.
 */
export async function replaySdkFlow(baseUrl: string, file: string, auth: string): Promise<ReplayResult> {
  const records = readRecording(file);
  const ids = new Map<string, string>();
  const calls: ReplayedCall[] = [];
  let token = '';
  let taskId: string | undefined;
  let projectId: string | undefined;
  const recordedCreate = records.find((r) => r['endpoint'] === 'tasks.create');
  const recordedProject = isObj(recordedCreate?.['body']) ? String(recordedCreate['body']['project']) : '';
  let recordedTask: string | undefined;
  for (const rec of records) {
    const endpoint = String(rec['endpoint']);
    if (recordedTask === undefined && taskId !== undefined && isObj(rec['body']) && typeof rec['body']['task'] === 'string') {
      recordedTask = rec['body']['task'];
      ids.set(recordedTask, taskId);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(isObj(rec['hdr']) ? rec['hdr'] : {})) headers[k] = String(v);
    headers['authorization'] = String(rec['auth']).startsWith('Basic') ? auth : `Bearer ${token}`;
    const ctype = String(rec['ctype'] ?? '');
    if (ctype) headers['content-type'] = ctype;
    const body = substitute(rec['body'], ids);
    const text = body === null ? undefined : ctype === 'application/json-lines' ? `${(Array.isArray(body) ? body : [body]).map((l) => JSON.stringify(l)).join('\n')}\n` : JSON.stringify(body);
    const res = await got(`${baseUrl}${String(rec['path'])}`, {
      method: String(rec['method']) === 'POST' ? 'POST' : 'GET',
      headers,
      ...(text !== undefined ? { body: text } : {}),
      allowGetBody: true,
      throwHttpErrors: false,
      retry: { limit: 0 },
    });
    const parsed: unknown = JSON.parse(res.body);
    const meta = isObj(parsed) && isObj(parsed['meta']) ? parsed['meta'] : {};
    const data = isObj(parsed) && isObj(parsed['data']) ? parsed['data'] : {};
    calls.push({ seq: rec['seq'], endpoint, status: res.statusCode, meta, data, recordedKeys: (Array.isArray(rec['resp_data_keys']) ? rec['resp_data_keys'] : []).map(String) });
    if (endpoint === 'auth.login') token = String(data['token']);
    if (endpoint === 'projects.get_all' && Array.isArray(data['projects']) && isObj(data['projects'][0])) {
      projectId = String(data['projects'][0]['id']);
      ids.set(recordedProject, projectId);
    }
    if (endpoint === 'projects.create') {
      projectId = String(data['id']);
      ids.set(recordedProject, projectId);
    }
    if (endpoint === 'tasks.create') taskId = String(data['id']);
  }
  return { calls, taskId, projectId };
}

function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (value === null || value === undefined) return null;
  let text = JSON.stringify(value);
  for (const [from, to] of ids) if (from && to) text = text.split(from).join(to);
  return JSON.parse(text) as unknown;
}
