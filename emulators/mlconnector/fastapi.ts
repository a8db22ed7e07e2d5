/**
 * FastAPI 0.110 / pydantic 2.11 answer shapes for MLConnector: `{"detail": …}` errors, 422 lists
 * (`{"detail":[{type, loc, msg, input, ctx?}]}`, no `url` key), uvicorn's plain-text 500, a small pydantic-v2
 * validator for the request schemas (the shapes shared with CMF live in emulators/shared/fastapi.ts).
 */
import { detail, type Json, type JsonObject, parseIntLax, unprocessable, type ValidationError } from '../shared/fastapi.js';
import type { EmulatorRequest, EmulatorResponse } from '../shared/index.js';

export { detail, internalError, type Json, type JsonObject, notFound, parseIntLax, unprocessable, type ValidationError } from '../shared/fastapi.js';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const methodNotAllowed = (): EmulatorResponse => detail(405, 'Method Not Allowed');
export const missing = (loc: readonly (string | number)[], input: Json): ValidationError => ({ type: 'missing', loc, msg: 'Field required', input });

export const intParsing = (loc: readonly (string | number)[], input: Json): ValidationError => ({
  type: 'int_parsing',
  loc,
  msg: 'Input should be a valid integer, unable to parse string as an integer',
  input,
});

/** A query integer with a default (skip/limit). */
export function queryInt(query: URLSearchParams, name: string, fallback: number, errors: ValidationError[]): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const n = parseIntLax(raw);
  if (n === undefined) errors.push(intParsing(['query', name], raw));
  return n ?? fallback;
}

/** FastAPI's reading of a JSON body: the value, or the 422 (`missing` for no body, `json_invalid`). */
export function readJsonBody(req: EmulatorRequest): { readonly value: Json } | { readonly error: EmulatorResponse } {
  if (req.body.length === 0) return { error: unprocessable([missing(['body'], null)]) };
  const text = req.body.toString('utf8');
  try {
    return { value: JSON.parse(text) as Json };
  } catch (err) {
    const message = String(err);
    const pos = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const error = /property name/i.test(message) ? 'Expecting property name enclosed in double quotes' : 'Expecting value';
    return { error: unprocessable([{ type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error } }]) };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A pydantic-v2 (lax, JSON input) validator for the few shapes MLConnector declares.

export type Spec =
  | { readonly kind: 'str' }
  | { readonly kind: 'int' }
  | { readonly kind: 'datetime' }
  /** `documented` fidelity: a float (the API reference's thresholds). */
  | { readonly kind: 'number' }
  | { readonly kind: 'bool' }
  /** `documented` fidelity: a string or a boolean (the API reference's `continuum: true`). */
  | { readonly kind: 'strOrBool' }
  | { readonly kind: 'list'; readonly item: Spec }
  | { readonly kind: 'obj'; readonly name: string; readonly fields: readonly FieldSpec[] };

export interface FieldSpec {
  readonly name: string;
  readonly spec: Spec;
  /** req: key required; reqNullable: key required, null allowed; opt: may be omitted (default below). */
  readonly presence: 'req' | 'reqNullable' | 'opt';
  /** Whether an explicit null is accepted (Optional[X]). */
  readonly nullable: boolean;
  /** Default when omitted (opt only). @default null */
  readonly fallback?: Json;
}

const typeError = (spec: Spec, loc: readonly (string | number)[], input: Json): ValidationError => {
  switch (spec.kind) {
    case 'str':
      return { type: 'string_type', loc, msg: 'Input should be a valid string', input };
    case 'int':
      return { type: 'int_type', loc, msg: 'Input should be a valid integer', input };
    case 'datetime':
      return { type: 'datetime_type', loc, msg: 'Input should be a valid datetime', input };
    case 'bool':
      return { type: 'bool_type', loc, msg: 'Input should be a valid boolean', input };
    case 'number':
      return { type: 'float_type', loc, msg: 'Input should be a valid number', input };
    case 'strOrBool':
      return { type: 'string_type', loc, msg: 'Input should be a valid string', input };
    case 'list':
      return { type: 'list_type', loc, msg: 'Input should be a valid list', input };
    case 'obj':
      return { type: 'model_type', loc, msg: `Input should be a valid dictionary or instance of ${spec.name}`, input, ctx: { class_name: spec.name } };
  }
};

/** Validates `value` against `spec`, pushing errors; returns the coerced value (fields in declaration order). */
export function validate(spec: Spec, value: Json, loc: readonly (string | number)[], errors: ValidationError[]): Json {
  switch (spec.kind) {
    case 'str':
      if (typeof value === 'string') return value;
      errors.push(typeError(spec, loc, value));
      return null;
    case 'int':
      if (typeof value === 'number') {
        if (Number.isInteger(value)) return value;
        errors.push({ type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input: value });
        return null;
      }
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string') {
        const n = parseIntLax(value);
        if (n === undefined) errors.push(intParsing(loc, value));
        return n ?? null;
      }
      errors.push(typeError(spec, loc, value));
      return null;
    case 'number':
      if (typeof value === 'number') return value;
      errors.push(typeError(spec, loc, value));
      return null;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string' && /^(true|false|yes|no|on|off|t|f|y|n|1|0)$/i.test(value)) return /^(true|yes|on|t|y|1)$/i.test(value);
      errors.push(typeof value === 'string' ? { type: 'bool_parsing', loc, msg: 'Input should be a valid boolean, unable to interpret input', input: value } : typeError(spec, loc, value));
      return null;
    case 'strOrBool':
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      errors.push(typeError(spec, loc, value));
      return null;
    case 'datetime': {
      if (typeof value === 'string') {
        const ms = parseIsoUtc(value);
        if (ms !== undefined) return value;
        errors.push({ type: 'datetime_from_date_parsing', loc, msg: 'Input should be a valid datetime or date, invalid character in year', input: value, ctx: { error: 'invalid character in year' } });
        return null;
      }
      if (typeof value === 'number') return value;
      errors.push(typeError(spec, loc, value));
      return null;
    }
    case 'list':
      if (!Array.isArray(value)) {
        errors.push(typeError(spec, loc, value));
        return null;
      }
      return value.map((v, i) => validate(spec.item, v, [...loc, i], errors));
    case 'obj': {
      if (!isObject(value)) {
        errors.push(typeError(spec, loc, value));
        return null;
      }
      const out: JsonObject = {};
      for (const f of spec.fields) {
        const floc = [...loc, f.name];
        if (!(f.name in value)) {
          if (f.presence === 'opt') out[f.name] = f.fallback ?? null;
          else errors.push(missing(floc, value));
          continue;
        }
        const v = value[f.name] as Json;
        if (v === null) {
          if (f.nullable) out[f.name] = null;
          else errors.push(typeError(f.spec, floc, null));
          continue;
        }
        out[f.name] = validate(f.spec, v, floc, errors);
      }
      return out;
    }
  }
}

/** Validates a whole JSON body (FastAPI: a non-object body gets `model_attributes_type` at ['body']). */
export function validateBody(spec: Extract<Spec, { kind: 'obj' }>, value: Json): { readonly value: JsonObject } | { readonly error: EmulatorResponse } {
  if (!isObject(value)) {
    return { error: unprocessable([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: value }]) };
  }
  const errors: ValidationError[] = [];
  const out = validate(spec, value, ['body'], errors);
  return errors.length > 0 || !isObject(out) ? { error: unprocessable(errors) } : { value: out };
}

/** Epoch ms of an ISO 8601 date-time (naive = UTC), or undefined. */
export function parseIsoUtc(raw: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (!m) return undefined;
  const zone = m[8] === undefined || m[8] === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
  const frac = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}.${frac}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---------------------------------------------------------------------------------------------------------------
// Python str()/repr() of the values the inference container and Northbound stringify.

export function pyFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

export function pyStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** Python repr of a dict/list/str/float/int/bool/None built from JSON (numbers flagged as floats are printed with `.0`). */
export function pyRepr(v: Json, floats = false): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return floats ? pyFloat(v) : String(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x, floats)).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x, floats)}`).join(', ')}}`;
}

/** Python `str(datetime)` of a naive UTC time: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
export function pyDatetime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = ms % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac}`;
}

/** pydantic v2's JSON of a UTC datetime: `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`. */
export function pydanticDatetime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = ms % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${frac}Z`;
}
