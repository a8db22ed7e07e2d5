/**
 * Helpers for the Comet contract tests: fixture loading (from test/fixtures, never /work/shared), a got client
 * that never retries and never throws on HTTP errors, and shape comparison (key sets + JSON value types).
 */
import { readFileSync } from 'node:fs';
import { got, type Response } from 'got';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonRecord = { [k: string]: Json };

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text and checks it is an object. */
export function parseRecord(text: string): JsonRecord {
  const v: unknown = JSON.parse(text);
  if (!isRecord(v)) throw new Error(`expected a JSON object, got: ${text.slice(0, 200)}`);
  return v;
}

/** A fixture file of test/fixtures (path relative to it, e.g. `comet/cometr-get-projects.json`). */
export function fixtureText(relative: string): string {
  return readFileSync(new URL(`../../fixtures/${relative}`, import.meta.url), 'utf8');
}

export function fixture(relative: string): JsonRecord {
  return parseRecord(fixtureText(relative));
}

/** Property `key` of a record that must be an array of records. */
export function records(v: Json | undefined): JsonRecord[] {
  if (!Array.isArray(v) || !v.every(isRecord)) throw new Error(`expected an array of objects, got ${JSON.stringify(v)}`);
  return v;
}

export function first(v: Json | undefined): JsonRecord {
  const r = records(v)[0];
  if (!r) throw new Error('expected a non-empty array');
  return r;
}

/** The JSON type of a value, arrays and null included. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Compares an emulator object with a fixture object: same key set, and per key the same JSON type. A key listed in
 * `nullable` may be null on one side and the given type on the other (reference marks these fields nullable).
 */
export function shapeDiff(fixtureObj: JsonRecord, actual: JsonRecord, nullable: Readonly<Record<string, string>> = {}): string[] {
  const problems: string[] = [];
  const fk = Object.keys(fixtureObj).sort();
  const ak = Object.keys(actual).sort();
  if (fk.join(',') !== ak.join(',')) problems.push(`keys differ: fixture [${fk.join(',')}] vs emulator [${ak.join(',')}]`);
  for (const k of fk) {
    if (!(k in actual)) continue;
    const ft = jsonType(fixtureObj[k]);
    const at = jsonType(actual[k]);
    if (ft === at) continue;
    const allowed = nullable[k];
    if (allowed !== undefined && ((ft === 'null' && at === allowed) || (at === 'null' && ft === allowed))) continue;
    problems.push(`${k}: fixture ${ft} vs emulator ${at}`);
  }
  return problems;
}

/** Every key of `recorded` (recursively into objects and array elements) exists in `actual`. */
export function missingKeys(recorded: Json | undefined, actual: Json | undefined, path = '$'): string[] {
  if (isRecord(recorded)) {
    if (!isRecord(actual)) return [`${path}: expected an object`];
    return Object.keys(recorded).flatMap((k) =>
      k in actual ? missingKeys(recorded[k], actual[k], `${path}.${k}`) : [`${path}.${k}`],
    );
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    return recorded.flatMap((r, i) => (i < actual.length ? missingKeys(r, actual[i], `${path}[${i}]`) : []));
  }
  return [];
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly key?: string | null;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One HTTP call with got: no retries, no throw on 4xx/5xx. `key: null` sends no key. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Response<string>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['authorization'] = options.key ?? 'TESTKEY';
  return got(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.query ? { searchParams: options.query } : {}),
    ...(options.json !== undefined ? { json: options.json } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
}

/** `call` + parse the body as a JSON object. */
export async function callJson(baseUrl: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: JsonRecord; contentType: string }> {
  const res = await call(baseUrl, path, options);
  return { status: res.statusCode, body: parseRecord(res.body), contentType: String(res.headers['content-type'] ?? '') };
}

/**
 * `shapeDiff` applied recursively: objects key for key, arrays element by element against the fixture's first element
 * (an empty fixture array checks nothing). `nullable` applies at every depth.
 */
export function deepShapeDiff(fixtureObj: Json | undefined, actual: Json | undefined, nullable: Readonly<Record<string, string>> = {}, path = '$'): string[] {
  if (isRecord(fixtureObj)) {
    if (!isRecord(actual)) return [`${path}: expected an object, got ${jsonType(actual)}`];
    const top = shapeDiff(fixtureObj, actual, nullable).map((p) => `${path}: ${p}`);
    const nested = Object.keys(fixtureObj).flatMap((k) =>
      k in actual && jsonType(fixtureObj[k]) === jsonType(actual[k]) ? deepShapeDiff(fixtureObj[k], actual[k], nullable, `${path}.${k}`) : [],
    );
    return [...top, ...nested];
  }
  if (Array.isArray(fixtureObj)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    const model = fixtureObj[0];
    if (model === undefined) return [];
    return actual.flatMap((a, i) => (jsonType(a) === jsonType(model) ? deepShapeDiff(model, a, nullable, `${path}[${i}]`) : [`${path}[${i}]: ${jsonType(model)} vs ${jsonType(a)}`]));
  }
  return [];
}

/** A `multipart/form-data` body with the given parts (what the SDKs send to `upload-asset`). */
export function multipartBody(parts: readonly { name: string; filename?: string; content: string | Buffer }[], boundary = 'switchyardBoundary9x'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `Content-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\n${disposition}\r\n${p.filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
