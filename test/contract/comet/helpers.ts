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
