/**
 * An HTTP caller for contract and REST tests: it never follows redirects and never throws on an HTTP error, so a
 * test sees exactly the status, content type and body the server sent.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonRecord = { [k: string]: Json };

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly headers: Headers;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Json | undefined;
}

export interface CallOptions {
  readonly method?: string;
  /** Sent as JSON with `content-type: application/json` unless a content type is given. */
  readonly json?: unknown;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
}

/** One request; GET without a body, POST with one, unless `method` says otherwise. */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  const payload = body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) };
  const res = await fetch(`${base}${path}`, { method, headers, redirect: 'manual', ...payload });
  const text = await res.text();
  let json: Json | undefined;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, headers: res.headers, json };
}
