/**
 * Replays what cmflib's `cmf metadata push` / `pull` and CMF's mcp read client really sent
 * (test/fixtures/clients/*.jsonl) against any CMF root — the emulator, or the gateway's /cmf mount. The
 * recording elides the payload string and the upload contents; they are rebuilt from the export fixture
 * and the recorded `content_head`.
 */
import { expect } from '@jest/globals';
import { type Answer, call, fixtureText, isRecord, type Json, type JsonRecord, TEST_ENV_PAYLOAD } from '../contract/cmf/helpers.js';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly ctype: string;
  readonly body: Json;
}

export const recorded = (file: string): Recorded[] =>
  fixtureText(`clients/${file}`)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Recorded);

/** The request body the client sent, rebuilt from the recording. */
export function bodyOf(r: Recorded): { body?: string | Buffer; headers: Record<string, string> } {
  if (!isRecord(r.body)) return { headers: {} };
  const parts = r.body['multipart'];
  if (Array.isArray(parts)) {
    const boundary = /boundary=(\S+)/.exec(r.ctype)?.[1] ?? 'b';
    const chunks = parts.filter(isRecord).map((p) => Buffer.from(`--${boundary}\r\n${String(p['headers'])}\r\n\r\n${String(p['content_head']).replace(/\r\n$/, '')}\r\n`));
    return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': r.ctype } };
  }
  const json: JsonRecord = { ...r.body };
  if (typeof json['json_payload'] === 'string') {
    expect(json['json_payload']).toBe(`<str ${TEST_ENV_PAYLOAD.length} chars, json.loads ok=True>`);
    json['json_payload'] = TEST_ENV_PAYLOAD;
  }
  return { body: JSON.stringify(json), headers: { 'content-type': r.ctype } };
}

export async function replay(base: string, calls: readonly Recorded[], rewrite: (path: string) => string): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const r of calls) answers.push(await call(base, rewrite(r.path), { method: r.method, ...bodyOf(r) }));
  return answers;
}

