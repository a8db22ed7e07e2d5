/**
 * Request parameters, read the way Comet's clients send them: JSON bodies for POST writes (possibly gzipped by the
 * Python SDK), query strings for reads and for the GET-style writes. Values arrive untyped (the Java SDK sends
 * numbers as strings, R and Python as JSON numbers), so every getter is a guard that accepts both spellings.
 */
import { gunzipSync } from 'node:zlib';
import type { EmulatorRequest } from '../shared/index.js';
import { CometError, cometErrors } from './errors.js';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a request body as a JSON object; an empty body is `{}`. Throws a 400 CometError otherwise. */
export function parseJsonObjectBody(req: EmulatorRequest): JsonObject {
  let body = req.body;
  if (body.length === 0) return {};
  if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
    try {
      body = gunzipSync(body);
    } catch {
      throw new CometError(400, 'Request body is not valid gzip');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new CometError(400, 'Request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) throw new CometError(400, 'Request body must be a JSON object');
  return parsed;
}

/** Typed access to one request's parameters (query merged with JSON body; the body wins). */
export class Input {
  readonly #fields: JsonObject;

  constructor(fields: JsonObject) {
    this.#fields = fields;
  }

  /** Query parameters only (GET requests and multipart uploads). */
  static fromQuery(query: URLSearchParams): Input {
    const fields: JsonObject = {};
    for (const [k, v] of query) if (!(k in fields)) fields[k] = v;
    return new Input(fields);
  }

  /** Query parameters overlaid by the JSON body. */
  static fromRequest(req: EmulatorRequest): Input {
    const fields = Input.fromQuery(req.query).#fields;
    return new Input({ ...fields, ...parseJsonObjectBody(req) });
  }

  /** The raw value, `undefined` when absent. JSON `null` counts as absent: clients send null for "not given". */
  raw(name: string): unknown {
    const v = this.#fields[name];
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** A string parameter; numbers are accepted and stringified. */
  string(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw cometErrors.badField(name, 'a string');
  }

  /** A non-empty string, or the given error. */
  requiredString(name: string, missing: () => CometError = () => cometErrors.missingField(name)): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw missing();
    return v;
  }

  /** A number given as a JSON number or a numeric string (Java sends `"12"`). */
  number(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw cometErrors.badField(name, 'a number');
    return n;
  }

  /** A whole number (steps, epochs, epoch-ms timestamps, offsets). */
  integer(name: string): number | undefined {
    const n = this.number(name);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) throw cometErrors.badField(name, 'an integer');
    return n;
  }

  /** A boolean given as JSON, `"true"`/`"false"`, or 1/0. */
  boolean(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1' || v === 1) return true;
    if (v === 'false' || v === '0' || v === 0) return false;
    throw cometErrors.badField(name, 'a boolean');
  }

  /** An array of strings (a single string is accepted as a one-element array). */
  stringArray(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return [...v];
    throw cometErrors.badField(name, 'an array of strings');
  }

  /** The parameter as an array of objects, or undefined. */
  objectArray(name: string): JsonObject[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every(isJsonObject)) return v;
    throw cometErrors.badField(name, 'an array of objects');
  }

  /** Every field (for partial-update endpoints such as system-details). */
  entries(): [string, unknown][] {
    return Object.entries(this.#fields);
  }
}

/** Stringifies a logged value the way Comet returns it on the read side: always a string. */
export function valueToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
