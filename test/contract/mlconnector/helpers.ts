/**
 * Helpers for the MLConnector contract tests: fixtures (from test/fixtures/mlconnector, never /work/shared), an HTTP
 * caller that never throws on HTTP errors, multipart bodies, and a small checker of bodies against openapi.json.
 */
import { readFileSync } from 'node:fs';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type MLConnectorEmulator, type MLConnectorEmulatorOptions, startMLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import { type Answer, call, type Json, type JsonRecord, isRecord } from '../../helpers/rawHttp.js';

export { type Answer, call, type CallOptions, isRecord, type Json, type JsonRecord } from '../../helpers/rawHttp.js';

export function fixture(relative: string): Json {
  return JSON.parse(readFileSync(new URL(`../../fixtures/mlconnector/${relative}`, import.meta.url), 'utf8')) as Json;
}

export interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly query?: Record<string, string | number>; readonly json?: Json; readonly raw_body?: string; readonly form?: Record<string, string>; readonly files?: Record<string, { filename: string; content_type: string }> };
  readonly response: { readonly status: number; readonly content_type: string; readonly body: Json };
}

export const EXCHANGES = fixture('exchanges.json') as unknown as Record<string, Exchange>;
export const CONTAINER = fixture('inference-container.exchanges.json') as unknown as Record<string, JsonRecord>;
export const OPENAPI = fixture('openapi.json') as JsonRecord;

/** The ids the recorded exchanges use. */
export const REC_MODEL_ID = 'b2078e0e-e2f3-4870-840c-7f9fbf2ab76d';
export const REC_DEPLOYMENT_ID = '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface FormFile {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string | Buffer;
}

/** A multipart/form-data body as `requests` builds it for `files=` + `data=`. */
export function multipart(fields: Record<string, string>, files: Record<string, FormFile> = {}): { body: Buffer; headers: Record<string, string> } {
  const boundary = '5f1e8c1a0b2d4e6f8a9b0c1d2e3f4a5b';
  const chunks: Buffer[] = [];
  for (const [name, f] of Object.entries(files)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${f.filename}"\r\nContent-Type: ${f.contentType}\r\n\r\n`), Buffer.from(f.content), Buffer.from('\r\n'));
  }
  for (const [name, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Sends a recorded request (ids rewritten by `rewrite`), files with placeholder content. */
export function replay(base: string, ex: Exchange, rewrite: (s: string) => string = (s) => s): Promise<Answer> {
  const r = ex.request;
  const query = r.query ? `?${new URLSearchParams(Object.entries(r.query).map(([k, v]) => [k, String(v)])).toString()}` : '';
  const path = rewrite(r.path) + query;
  if (r.form !== undefined) {
    const files = Object.fromEntries(Object.entries(r.files ?? {}).map(([k, f]) => [k, { filename: f.filename, contentType: f.content_type, content: 'emulated bytes' }]));
    const mp = multipart(r.form, files);
    return call(base, path, { method: r.method, body: mp.body, headers: mp.headers });
  }
  if (r.raw_body !== undefined) return call(base, path, { method: r.method, body: r.raw_body, headers: { 'content-type': 'application/json' } });
  if (r.json !== undefined) return call(base, path, { method: r.method, json: JSON.parse(rewrite(JSON.stringify(r.json))) });
  return call(base, path, { method: r.method });
}

// ------------------------------------------------------------------------------------------------------------
// openapi.json shape checks (the subset of JSON Schema the spec uses: $ref, type, properties, required, items, anyOf)

type Schema = JsonRecord;

function resolve(schema: Schema): Schema {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  const schemas = (OPENAPI['components'] as JsonRecord)['schemas'] as JsonRecord;
  return schemas[name] as Schema;
}

/** Problems of `value` against `schema` (empty when it conforms). */
export function conforms(value: Json, schema: Schema, at = '$'): string[] {
  const s = resolve(schema);
  if (Array.isArray(s['anyOf'])) {
    const ok = s['anyOf'].some((alt) => conforms(value, alt as Schema, at).length === 0);
    return ok ? [] : [`${at}: matches no anyOf alternative`];
  }
  if (Array.isArray(s['enum']) && !s['enum'].includes(value)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  const type = s['type'];
  const problems: string[] = [];
  switch (type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected string`];
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? [] : [`${at}: expected integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected boolean`];
    case 'null':
      return value === null ? [] : [`${at}: expected null`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected array`];
      value.forEach((v, i) => problems.push(...conforms(v, (s['items'] ?? {}) as Schema, `${at}[${i}]`)));
      return problems;
    case 'object': {
      if (!isRecord(value)) return [`${at}: expected object`];
      for (const k of (s['required'] ?? []) as string[]) if (!(k in value)) problems.push(`${at}.${k}: required`);
      const props = (s['properties'] ?? {}) as JsonRecord;
      for (const [k, v] of Object.entries(value)) {
        const p = props[k];
        if (p === undefined) problems.push(`${at}.${k}: not declared`);
        else problems.push(...conforms(v, p as Schema, `${at}.${k}`));
      }
      return problems;
    }
    default:
      return [];
  }
}

/** The response schema openapi.json declares for `method path-template` and status. */
export function responseSchema(method: string, template: string, status: number): Schema {
  const op = ((OPENAPI['paths'] as JsonRecord)[template] as JsonRecord)[method.toLowerCase()] as JsonRecord;
  const res = (op['responses'] as JsonRecord)[String(status)] as JsonRecord | undefined;
  if (!res) return {};
  return ((res['content'] as JsonRecord)['application/json'] as JsonRecord)['schema'] as Schema;
}

export const TEST_CLOCK_START = Date.UTC(2025, 6, 1, 10, 15, 42, 123);

export async function startEmpty(options: MLConnectorEmulatorOptions = {}): Promise<{ em: MLConnectorEmulator; clock: ManualClock }> {
  const clock = new ManualClock(TEST_CLOCK_START);
  const em = await startMLConnectorEmulator({ seed: false, clock, ...options });
  return { em, clock };
}
