/**
 * FastAPI / Starlette / pydantic v2 answer shapes: `{"detail": "..."}` errors, 422 validation lists
 * (`{"detail":[{type, loc, msg, input, ctx?}]}`), the plain-text 500 of an unhandled exception, HTML and plain-text
 * responses, and query-parameter parsing with pydantic's messages.
 */
import { parseIntLax, unprocessable, type ValidationError } from '../shared/fastapi.js';
import { type EmulatorRequest, type EmulatorResponse, json } from '../shared/index.js';
import { decodeUtf8, parseJsonCooperative } from './coopJson.js';
import type { Json } from './pyjson.js';

export { detail, internalError, notFound, parseIntLax, unprocessable, type ValidationError } from '../shared/fastapi.js';

export const methodNotAllowed = (allow: readonly string[]): EmulatorResponse => json(405, { detail: 'Method Not Allowed' }, { allow: allow.join(', ') });
export const html = (text: string): EmulatorResponse => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: text });
export const plain = (text: string | Buffer): EmulatorResponse => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });

export const missing = (where: 'query' | 'body', name?: string, input: Json = null): ValidationError => ({
  type: 'missing',
  loc: name === undefined ? [where] : [where, name],
  msg: 'Field required',
  input,
});

export const stringType = (loc: readonly (string | number)[], input: Json): ValidationError => ({ type: 'string_type', loc, msg: 'Input should be a valid string', input });

/** A pydantic "after" model validator's ValueError. */
export const valueError = (message: string, input: Json): ValidationError => ({ type: 'value_error', loc: ['body'], msg: `Value error, ${message}`, input, ctx: { error: {} } });


/** Reads query parameters, collecting pydantic errors in declaration order. */
export class QueryReader {
  readonly errors: ValidationError[] = [];
  constructor(private readonly query: URLSearchParams) {}

  /** A required (no default) or optional string parameter. */
  str(name: string, fallback?: string): string {
    const v = this.query.get(name);
    if (v !== null) return v;
    if (fallback === undefined) this.errors.push(missing('query', name));
    return fallback ?? '';
  }

  optional(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  int(name: string, fallback: number | undefined, bounds: { gt?: number; le?: number } = {}): number {
    const raw = this.query.get(name);
    if (raw === null) {
      if (fallback === undefined) this.errors.push(missing('query', name));
      return fallback ?? 0;
    }
    const n = parseIntLax(raw);
    if (n === undefined) {
      this.errors.push({ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
    } else if (bounds.gt !== undefined && !(n > bounds.gt)) {
      this.errors.push({ type: 'greater_than', loc: ['query', name], msg: `Input should be greater than ${bounds.gt}`, input: raw, ctx: { gt: bounds.gt } });
    } else if (bounds.le !== undefined && !(n <= bounds.le)) {
      this.errors.push({ type: 'less_than_equal', loc: ['query', name], msg: `Input should be less than or equal to ${bounds.le}`, input: raw, ctx: { le: bounds.le } });
    }
    return n ?? 0;
  }

  /** The 422 answer when anything failed. */
  failure(): EmulatorResponse | undefined {
    return this.errors.length > 0 ? unprocessable(this.errors) : undefined;
  }
}

/** FastAPI's reading of a JSON body parameter: the value, or the 422 (`missing` for no body, `json_invalid`). */
export async function readJsonBody(req: EmulatorRequest): Promise<{ readonly value: Json } | { readonly error: EmulatorResponse }> {
  if (req.body.length === 0) return { error: unprocessable([missing('body')]) };
  const text = await decodeUtf8(req.body);
  try {
    return { value: await parseJsonCooperative(text) };
  } catch (err) {
    const pos = /position (\d+)/.exec(String(err))?.[1];
    return { error: unprocessable([{ type: 'json_invalid', loc: ['body', pos === undefined ? 0 : Number(pos)], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }]) };
  }
}

/** pydantic's error for a body that is JSON but not an object. */
export const notAnObject = (input: Json): ValidationError => ({
  type: 'model_attributes_type',
  loc: ['body'],
  msg: 'Input should be a valid dictionary or object to extract fields from',
  input,
});
