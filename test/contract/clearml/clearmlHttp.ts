/** Helpers for the ClearML contract tests: HTTP calls with got, fixture loading, shape comparison. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { got } from 'got';
import { CLEARML_DEMO_CREDENTIALS } from '../../../emulators/clearml/index.js';

export const FIXTURES = join(process.cwd(), 'test/fixtures/clearml');

export const BASIC_AUTH = `Basic ${Buffer.from(`${CLEARML_DEMO_CREDENTIALS.accessKey}:${CLEARML_DEMO_CREDENTIALS.secretKey}`).toString('base64')}`;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readJson(relative: string): Obj {
  const v: unknown = JSON.parse(readFileSync(join(FIXTURES, relative), 'utf8'));
  if (!isObj(v)) throw new Error(`${relative}: not a JSON object`);
  return v;
}

export function readLines(relative: string): Obj[] {
  return readFileSync(join(FIXTURES, relative), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const v: unknown = JSON.parse(l);
      if (!isObj(v)) throw new Error(`${relative}: line is not an object`);
      return v;
    });
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Obj;
  readonly meta: Obj;
  readonly data: Obj;
}

export interface SendOptions {
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body; for json-lines pass `lines`. */
  readonly json?: unknown;
  readonly lines?: readonly unknown[];
}

/** Send one request to the emulator over HTTP (no retries, no throwing on 4xx/5xx). */
export async function send(baseUrl: string, path: string, opts: SendOptions = {}): Promise<HttpResult> {
  const method = opts.method ?? 'POST';
  const headers: Record<string, string> = { authorization: BASIC_AUTH, ...opts.headers };
  let body: string | undefined;
  if (opts.lines) {
    headers['content-type'] = 'application/json-lines';
    body = `${opts.lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
  } else if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  }
  const res = await got(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    allowGetBody: true,
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  const parsed: unknown = JSON.parse(res.body);
  if (!isObj(parsed)) throw new Error(`non-object body: ${res.body}`);
  return {
    status: res.statusCode,
    headers: res.headers,
    body: parsed,
    meta: isObj(parsed['meta']) ? parsed['meta'] : {},
    data: isObj(parsed['data']) ? parsed['data'] : {},
  };
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export interface ShapeRules {
  /** Paths (with `[]` for list items, `*` for map entries) whose keys are data, not schema: entries are compared by shape. */
  readonly maps?: readonly string[];
  /** Paths present in the sample but legitimately absent from the emulator's answer (each with its reason). */
  readonly sampleOnly?: Readonly<Record<string, string>>;
  /** Paths the emulator returns that the sample lacks (each with its reason). */
  readonly emulatorOnly?: Readonly<Record<string, string>>;
}

/**
 * Compare key sets and value types of a sample and an answer, recursively (values themselves — ids,
 * times, numbers — are not compared). Returns the list of differences ([] = same shape).
 */
export function shapeDiff(sample: unknown, actual: unknown, rules: ShapeRules = {}, path = ''): string[] {
  if (kind(sample) !== kind(actual)) return [`${path || '<root>'}: sample is ${kind(sample)}, emulator gives ${kind(actual)}`];
  if (Array.isArray(sample) && Array.isArray(actual)) {
    if (sample.length === 0 || actual.length === 0) return [];
    return actual.flatMap((item, i) => shapeDiff(sample[Math.min(i, sample.length - 1)], item, rules, `${path}[]`));
  }
  if (!isObj(sample) || !isObj(actual)) return [];
  if ((rules.maps ?? []).includes(path)) {
    const first = Object.values(sample)[0];
    if (first === undefined) return [];
    return Object.values(actual).flatMap((v) => shapeDiff(first, v, rules, `${path}.*`));
  }
  const out: string[] = [];
  for (const key of new Set([...Object.keys(sample), ...Object.keys(actual)])) {
    const p = path ? `${path}.${key}` : key;
    if (!(key in actual)) {
      if (!(p in (rules.sampleOnly ?? {}))) out.push(`${p}: missing from the emulator's answer`);
      continue;
    }
    if (!(key in sample)) {
      if (!(p in (rules.emulatorOnly ?? {}))) out.push(`${p}: not in the sample`);
      continue;
    }
    out.push(...shapeDiff(sample[key], actual[key], rules, p));
  }
  return out;
}

/** Replace every occurrence of the recorded ids in a JSON value. */
export function substitute<T>(value: T, ids: ReadonlyMap<string, string>): T {
  let text = JSON.stringify(value);
  for (const [from, to] of ids) text = text.split(from).join(to);
  return JSON.parse(text) as T;
}
