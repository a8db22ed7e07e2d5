/**
 * Turns a `get_all` request into a document predicate, following `GetMixin._prepare_query_no_company`:
 * pattern fields, `filters` (get_all_ex), list fields, range fields, exact fields, datetime fields and
 * the `_any_`/`_all_` multi-field conditions, all AND-ed. Keys that are none of these are ignored.
 */
import { errors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { parseDateTime } from '../time.js';
import { type DocPredicate, listFieldPredicate, listFilterPredicate } from './listFilters.js';
import { matchingKeys, type QueryOptions } from './options.js';
import { compareToBound, compilePythonRegex, DATE_FIELDS, jsonEqual, pathValues } from './values.js';

function regexFor(field: string, pattern: string, ignoreCase: boolean): RegExp {
  try {
    return compilePythonRegex(pattern, ignoreCase);
  } catch (e) {
    throw errors.fieldsValue('failed parsing query field', { error: (e as Error).message, field });
  }
}

function regexPredicate(field: string, re: RegExp): DocPredicate {
  return (d) => pathValues(d, field).values.some((v) => typeof v === 'string' && re.test(v));
}

/** `[min, max]`, both inclusive; a null min also matches a missing/null value. */
export function rangePredicate(field: string, data: Json): DocPredicate {
  if (!Array.isArray(data) || data.length !== 2) {
    throw errors.validation(`Min and max values should be specified for range field ${field}`);
  }
  const [min = null, max = null] = data;
  if (min === null && max === null) {
    throw errors.validation(`At least one of min or max values should be provided for field ${field}`);
  }
  const asDate = DATE_FIELDS.has(field);
  const inRange = (v: Json): boolean => {
    if (min !== null) {
      const c = compareToBound(v, min, asDate);
      if (c === undefined || c < 0) return false;
    }
    if (max !== null) {
      const c = compareToBound(v, max, asDate);
      if (c === undefined || c > 0) return false;
    }
    return true;
  };
  return (d) => {
    const { exists, values } = pathValues(d, field);
    if (min === null && (!exists || values.every((v) => v === null))) return true;
    return values.some(inRange);
  };
}

const DATE_CONSTRAINT = /^(>=|>|<=|<)?(.*)$/s;

/** `status_changed: [">=2025-01-01", "<2025-02-01"]`, or a plain 2-element inclusive range. */
export function datetimePredicate(field: string, data: Json): DocPredicate {
  const items = Array.isArray(data) ? data : [data];
  const hasPrefix = items.some((d) => typeof d === 'string' && /^(>=|>|<=|<)/.test(d));
  if (items.length === 2 && !hasPrefix) return rangePredicate(field, items);
  // Later constraints with the same operator replace earlier ones (a dict keyed by field__op).
  const constraints = new Map<string, number>();
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const m = DATE_CONSTRAINT.exec(item);
    const when = m?.[2] !== undefined ? parseDateTime(m[2]) : undefined;
    if (when === undefined) continue; // unparseable values are skipped, as with dateutil errors
    constraints.set(m?.[1] ?? '=', when);
  }
  return (d) =>
    pathValues(d, field).values.some((v) => {
      const t = typeof v === 'string' ? parseDateTime(v) : undefined;
      if (t === undefined) return false;
      for (const [op, bound] of constraints) {
        const ok = op === '>=' ? t >= bound : op === '>' ? t > bound : op === '<=' ? t <= bound : op === '<' ? t < bound : t === bound;
        if (!ok) return false;
      }
      return true;
    });
}

function multiFieldPredicate(key: string, value: Json, options: QueryOptions, any: boolean): DocPredicate | undefined {
  if (!isObject(value)) throw errors.fieldsValue('failed parsing query field', { error: 'incorrect field format', field: key });
  const fields = Array.isArray(value['fields']) ? value['fields'].filter((f): f is string => typeof f === 'string') : [];
  const pattern = value['pattern'];
  const datetime = value['datetime'];
  const hasPattern = pattern !== undefined && pattern !== null;
  const hasDatetime = datetime !== undefined && datetime !== null;
  if (hasPattern === hasDatetime) {
    throw errors.fieldsValue('failed parsing query field', { error: 'incorrect field format', field: key });
  }
  if (fields.length === 0) return undefined;
  let preds: DocPredicate[];
  if (hasPattern) {
    const re = regexFor(key, String(pattern), true);
    preds = fields.map((f) => regexPredicate(f, re));
  } else {
    const dateFields = fields.filter((f) => options.datetime.includes(f));
    if (dateFields.length === 0) return undefined;
    preds = dateFields.map((f) => datetimePredicate(f, datetime ?? null));
  }
  return any ? (d) => preds.some((p) => p(d)) : (d) => preds.every((p) => p(d));
}

/** Build the predicate for `params` (the request body); throws ClearML errors for malformed filters. */
export function buildPredicate(params: JsonObject, options: QueryOptions): DocPredicate {
  const p: JsonObject = {};
  for (const [k, v] of Object.entries(params)) {
    // `last_metrics.*` values are compared as numbers (`_get_fixed_field_value`).
    p[k] = k.startsWith('last_metrics.') ? toNumeric(v) : v;
  }
  const preds: DocPredicate[] = [];
  const filters = p['filters'] ?? {};
  delete p['filters'];
  if (!isObject(filters)) {
    throw errors.fieldsValue('invalid value type, string expected', { field: JSON.stringify(filters), value: JSON.stringify(filters) });
  }
  for (const field of options.pattern) {
    const pattern = p[field];
    delete p[field];
    if (typeof pattern === 'string' && pattern) preds.push(regexPredicate(field, regexFor(field, pattern, false)));
  }
  for (const field of matchingKeys(options.list, Object.keys(filters))) {
    const data = filters[field];
    delete p[field];
    if (data !== undefined && data !== null) preds.push(listFilterPredicate(field, data));
  }
  const take = (patterns: readonly string[]): [string, Json][] =>
    matchingKeys(patterns, Object.keys(p)).flatMap((k) => {
      const v = p[k];
      delete p[k];
      return v === undefined || v === null ? [] : [[k, v] as [string, Json]];
    });
  for (const [field, data] of take(options.list)) preds.push(listFieldPredicate(field, data));
  for (const [field, data] of take(options.range)) preds.push(rangePredicate(field, data));
  for (const [field, data] of take(options.exact)) preds.push((d) => pathValues(d, field).values.some((v) => jsonEqual(v, data)));
  for (const field of options.datetime) {
    const data = p[field];
    delete p[field];
    if (data !== undefined && data !== null) preds.push(datetimePredicate(field, data));
  }
  for (const [key, value] of Object.entries(p)) {
    const any = key === '_any_' || key === '_or_';
    if (!any && key !== '_all_' && key !== '_and_') continue;
    const pred = multiFieldPredicate(key, value, options, any);
    if (pred) preds.push(pred);
  }
  return (d) => preds.every((pred) => pred(d));
}

function toNumeric(value: Json): Json {
  const conv = (v: Json): Json => {
    if (typeof v !== 'string') return v;
    const n = Number(v);
    return v.trim() !== '' && Number.isFinite(n) ? n : v;
  };
  return Array.isArray(value) ? value.map(conv) : conv(value);
}
