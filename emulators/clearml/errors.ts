/**
 * Errors the way clearml-server builds them (`apiserver/apierrors/base.py`):
 * `"<Default msg capitalized>[ (<extra>)][: k1=v1, k2=v2]"`, with the keyword arguments in
 * `meta.error_data`. Handlers throw {@link ClearMLApiError}; the envelope turns it into a response.
 */
import { CLEARML_ERROR_TABLE } from './errorTable.js';
import { isObject, type Json, type JsonObject } from './json.js';

/** An error that becomes a ClearML envelope with `result_code`/`result_subcode`/`result_msg`. */
export class ClearMLApiError extends Error {
  readonly code: number;
  readonly subcode: number;
  readonly errorData: JsonObject;
  constructor(code: number, subcode: number, msg: string, errorData: JsonObject = {}) {
    super(msg);
    this.name = 'ClearMLApiError';
    this.code = code;
    this.subcode = subcode;
    this.errorData = errorData;
  }
}

const DEFAULT_MESSAGES = new Map<string, string>(CLEARML_ERROR_TABLE.map(([c, s, , msg]) => [`${c}/${s}`, msg]));

/**
 * Python's `str.capitalize()`: first character upper-cased, the rest lower-cased. The error classes
 * are generated with it, which is why e.g. 400/408 reads "... location. use projects.move instead".
 */
export function pyCapitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

/** Python `repr()` of a JSON value (validation messages quote values this way). */
export function pyRepr(value: Json | undefined): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** Python `str()` of a JSON value: strings unquoted, everything else as `repr()`. */
export function pyStr(value: Json | undefined): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyNumber(n: number): string {
  // JSON has no int/float distinction: integral values print as Python ints.
  return String(n);
}

/** `BaseError._format_kwarg`: collections become `(a, b)` (dicts iterate their keys). */
export function formatKwarg(value: Json): string {
  if (Array.isArray(value)) return `(${value.map((v) => pyStr(v)).join(', ')})`;
  if (isObject(value)) return `(${Object.keys(value).join(', ')})`;
  return pyStr(value);
}

/**
 * Build the error for a registry code/subcode.
 * @param extra text put in parentheses after the default message
 * @param kwargs keyword arguments, appended as `k=v` and returned in `error_data`
 */
export function apiError(code: number, subcode: number, extra?: string, kwargs: JsonObject = {}, replacementMsg?: string): ClearMLApiError {
  const base = DEFAULT_MESSAGES.get(`${code}/${subcode}`);
  if (base === undefined) throw new Error(`unknown ClearML error ${code}/${subcode}`);
  // `replacement_msg` is used as given (not capitalised), like BaseError does.
  let msg = replacementMsg ?? pyCapitalize(base);
  if (extra) msg += ` (${extra})`;
  const entries = Object.entries(kwargs);
  if (entries.length > 0) msg += `: ${entries.map(([k, v]) => `${k}=${formatKwarg(v)}`).join(', ')}`;
  return new ClearMLApiError(code, subcode, msg, kwargs);
}

// Shorthands for the errors the handlers raise most; the subcodes are errors.conf's.
export const errors = {
  missingRequiredFields: (extra?: string, kw?: JsonObject) => apiError(400, 11, extra, kw),
  validation: (extra?: string, kw?: JsonObject) => apiError(400, 12, extra, kw),
  fieldsValue: (extra?: string, kw?: JsonObject) => apiError(400, 16, extra, kw),
  batchNoItems: () => apiError(400, 17),
  invalidRegex: (extra?: string, kw?: JsonObject) => apiError(400, 21, extra, kw),
  invalidTaskId: (kw: JsonObject, extra?: string) => apiError(400, 101, extra, kw),
  invalidTaskStatus: (extra: string, kw: JsonObject) => apiError(400, 110, extra, kw),
  taskInProgress: (extra: string, kw: JsonObject) => apiError(400, 112, extra, kw),
  taskPublished: (extra: string, kw: JsonObject) => apiError(400, 113, extra, kw),
  eventsNotAdded: (kw: JsonObject) => apiError(400, 131, undefined, kw),
  invalidModelId: (kw: JsonObject, extra?: string) => apiError(400, 201, extra, kw),
  invalidProjectId: (kw: JsonObject, extra?: string) => apiError(400, 401, extra, kw),
  invalidProjectName: (extra: string, kw?: JsonObject) => apiError(400, 407, extra, kw),
  expectedUniqueData: (replacement: string, kw: JsonObject) => apiError(400, 801, undefined, kw, replacement),
  taskCannotBeDeleted: (extra: string, kw: JsonObject) => apiError(400, 123, extra, kw),
  invalidScrollId: (kw: JsonObject) => apiError(400, 1104, undefined, kw),
  badAuthType: () => apiError(401, 10),
  noCredentials: () => apiError(401, 20),
  badCredentials: (extra: string) => apiError(401, 21, extra),
  invalidCredentials: (extra: string) => apiError(401, 22, extra),
  invalidToken: (extra: string, kw?: JsonObject) => apiError(401, 30, extra, kw),
  roleNotAllowed: (kw: JsonObject) => apiError(403, 20, undefined, kw),
} as const;
