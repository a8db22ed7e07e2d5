/**
 * Request decoding as `apiserver/server_init/request_handlers.py` and `ServiceRepo.parse_endpoint_path`
 * do it: the `/[vX.Y/]service.action[/]` path, the JSON body (parsed whatever the method and content
 * type), query-string arguments merged on top, and `application/json-lines` batch bodies.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ClearMLApiError } from './errors.js';
import { isObject, type Json, type JsonObject, setPath } from './json.js';

/** Path regex when `apiserver.version.required` is false (the default). */
const ENDPOINT_PATH = /^\/?(?:v(\d+\.?\d+)\/)?([a-zA-Z_]\w+\.[a-zA-Z_]\w+)\/?$/;

export interface ParsedPath {
  /** The version in the path (`"2.23"`), undefined when absent. */
  readonly version: string | undefined;
  readonly name: string;
}

/** Parse an endpoint path; undefined when it does not match ("Invalid request path ..."). */
export function parseEndpointPath(path: string): ParsedPath | undefined {
  const m = ENDPOINT_PATH.exec(path);
  if (!m?.[2]) return undefined;
  return { version: m[1], name: m[2] };
}

/** `_apply_multi_dict.convert_value`: digit strings → numbers, true/false spellings → booleans. */
function convertQueryValue(v: string): Json {
  if (/^\d+$/.test(v.replace('.', ''))) return v.includes('.') ? Number.parseFloat(v) : Number.parseInt(v, 10);
  if (v === 'true' || v === 'True' || v === 'TRUE') return true;
  if (v === 'false' || v === 'False' || v === 'FALSE') return false;
  return v;
}

/** Merge query-string arguments into the body: `a.b=1` nests, repeated keys or `key[]` make lists. */
export function applyQueryArgs(body: JsonObject, query: URLSearchParams): void {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of query) {
    const list = grouped.get(k) ?? [];
    list.push(v);
    grouped.set(k, list);
  }
  for (const [key, values] of grouped) {
    const value: Json = values.length > 1 || key.endsWith('[]') ? values.map(convertQueryValue) : convertQueryValue(values[0] ?? '');
    setPath(body, key.replace(/[[\]]+$/, '').split('.'), value);
  }
}

function mediaType(headers: IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Python's name for the type of a parsed JSON value (error messages quote it). */
function pyTypeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return 'dict';
}

const badRequest = (msg: string): ClearMLApiError => new ClearMLApiError(400, 0, msg);

export interface CallData {
  readonly data: JsonObject;
  /** Items of a json-lines body; undefined for ordinary bodies. */
  readonly batch: JsonObject[] | undefined;
}

/** Decode the body (and query) of a call. Throws 400/0 for undecodable bodies. */
export function decodeCallData(headers: IncomingHttpHeaders, body: Buffer, query: URLSearchParams): CallData {
  const text = body.toString('utf8');
  if (mediaType(headers) === 'application/json-lines') {
    const lines = text.split(/\r\n|\n|\r/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const items = lines.map((line, i) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (e) {
        throw badRequest(`Failed to decode JSON object: ${(e as Error).message} in batch item #${i}`);
      }
      if (!isObject(parsed)) throw badRequest(`json lines must contain objects, found: ${pyTypeName(parsed)}`);
      return parsed;
    });
    return { data: {}, batch: items };
  }
  let parsed: unknown = null;
  if (body.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw badRequest(`Failed to decode JSON object: ${(e as Error).message}`);
    }
  }
  // `get_json() or {}`: falsy JSON (null, 0, "", [], false) counts as no body.
  const falsy = parsed === null || parsed === 0 || parsed === '' || parsed === false || (Array.isArray(parsed) && parsed.length === 0);
  if (!falsy && !isObject(parsed)) throw new ClearMLApiError(500, 0, 'Data should be a dict');
  const data: JsonObject = isObject(parsed) ? parsed : {};
  applyQueryArgs(data, query);
  return { data, batch: undefined };
}

/** First value of a header given in its two spellings (`X-ClearML-…` / `X-Trains-…`). */
export function clearmlHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const prefix of ['x-clearml-', 'x-trains-']) {
    const v = headers[`${prefix}${name}`];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}
