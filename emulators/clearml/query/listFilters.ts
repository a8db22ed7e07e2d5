/**
 * List-field conditions of `get_all` (`GetMixin.get_list_field_query` / `NewListFieldBucketHelper`)
 * and the structured `filters` of `get_all_ex` (`GetMixin.ListQueryFilter`).
 */
import { errors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { jsonEqual, pathValues } from './values.js';

/** A predicate over a stored document. */
export type DocPredicate = (doc: JsonObject) => boolean;

type Action = 'in' | 'nin' | 'all';

function containsAny(doc: JsonObject, field: string, values: readonly Json[]): boolean {
  const found = pathValues(doc, field).values;
  return values.some((v) => found.some((f) => jsonEqual(f, v)));
}

function containsAll(doc: JsonObject, field: string, values: readonly Json[]): boolean {
  const found = pathValues(doc, field).values;
  return values.every((v) => found.some((f) => jsonEqual(f, v)));
}

function isEmptyList(doc: JsonObject, field: string): boolean {
  const { exists, values } = pathValues(doc, field);
  return !exists || values.every((v) => v === null || (Array.isArray(v) && v.length === 0));
}

function actionPredicate(field: string, action: Action, values: readonly Json[]): DocPredicate {
  if (action === 'in') return (d) => containsAny(d, field, values);
  if (action === 'nin') return (d) => !containsAny(d, field, values);
  return (d) => containsAll(d, field, values);
}

/**
 * `tags: ["a", "-b", "__$all", "c", "__$not", "d", null]`: values OR-ed by default, a leading `-`
 * excludes (legacy syntax, on until the first operator), `__$not` excludes the next value,
 * `__$all`/`__$and` and `__$any`/`__$or` switch the context, `__$nop` resets it, `null` also matches
 * an empty or missing field.
 */
export function listFieldPredicate(field: string, data: Json): DocPredicate {
  const items = Array.isArray(data) ? data : [data];
  const actions = new Map<Action, Json[]>();
  let globalAnd: boolean | undefined;
  let contextAnd = false;
  let legacy = true;
  let allowEmpty = false;
  let pendingNot = false;
  const add = (include: boolean, value: string): void => {
    const action: Action = include ? (contextAnd ? 'all' : 'in') : 'nin';
    const list = actions.get(action) ?? [];
    if (!list.includes(value)) list.push(value);
    actions.set(action, list);
  };
  for (const value of items) {
    if (value === null) {
      pendingNot = false;
      globalAnd ??= true;
      allowEmpty = true;
      continue;
    }
    if (typeof value !== 'string') {
      throw errors.fieldsValue('invalid value type, string expected', { field, value: String(value) });
    }
    if (value === '__$nop') {
      pendingNot = false;
      globalAnd ??= true;
      contextAnd = false;
      legacy = true;
      continue;
    }
    if (value.startsWith('__$')) {
      if (pendingNot) throw errors.fieldsValue('Value is expected after', { field, operator: '__$not' });
      if (value === '__$not') {
        pendingNot = true;
        continue;
      }
      const isAnd = value === '__$all' || value === '__$and';
      if (!isAnd && value !== '__$any' && value !== '__$or') {
        throw errors.fieldsValue('Unsupported operator', { field, operator: value });
      }
      contextAnd = isAnd;
      legacy = false;
      globalAnd ??= isAnd;
      continue;
    }
    globalAnd ??= true;
    if (!pendingNot && legacy && value.startsWith('-')) {
      const stripped = value.slice(1);
      if (!stripped) throw errors.fieldsValue('Missing value after the exclude prefix -', { field, value: stripped });
      add(false, stripped);
      continue;
    }
    add(!pendingNot, value);
    pendingNot = false;
  }
  if (pendingNot) throw errors.fieldsValue('Value is expected after', { operator: '__$not' });
  const preds = [...actions.entries()].map(([a, v]) => actionPredicate(field, a, v));
  const and = globalAnd ?? true;
  const main: DocPredicate | undefined =
    preds.length === 0 ? undefined : and ? (d) => preds.every((p) => p(d)) : (d) => preds.some((p) => p(d));
  if (!allowEmpty) return main ?? (() => true);
  // `q | field missing | field == [] | field == None`; an empty q drops out of the OR.
  return main ? (d) => main(d) || isEmptyList(d, field) : (d) => isEmptyList(d, field);
}

interface ListPart {
  include: Json[];
  exclude: Json[];
}

function parsePart(field: string, value: Json | undefined): ListPart | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw errors.validation(undefined, { field, value: `invalid list filter: ${JSON.stringify(value)}` });
  const inc = value['include'] ?? [];
  const exc = value['exclude'] ?? [];
  if (!Array.isArray(inc) || !Array.isArray(exc)) {
    throw errors.validation(undefined, { field, value: 'include and exclude must be lists' });
  }
  return { include: inc, exclude: exc };
}

/**
 * `filters: {tags: {any: {include, exclude}, all: {include, exclude}, op: "and"|"or"}}`:
 * any-include → `in`, any-exclude → `not all`, all-include → `all`, all-exclude → `nin`; a null
 * value means "empty list". The any-part ORs its conditions, the all-part ANDs them; `op` joins parts.
 */
export function listFilterPredicate(field: string, data: Json): DocPredicate {
  if (!isObject(data)) {
    throw errors.validation('invalid filter for field, dictionary expected', { field, value: JSON.stringify(data) });
  }
  const op = data['op'] ?? 'and';
  if (op !== 'and' && op !== 'or') {
    throw errors.validation(undefined, { field, value: `Invalid list query filter operator: ${String(op)}. Should be one of ['and', 'or']` });
  }
  const parts: DocPredicate[] = [];
  for (const [key, isAll] of [['any', false], ['all', true]] as const) {
    const part = parsePart(field, data[key]);
    if (!part) continue;
    const conds: DocPredicate[] = [];
    for (const [vals, include] of [[part.include, true], [part.exclude, false]] as const) {
      if (vals.length === 0) continue;
      const unique = [...new Set(vals.filter((v) => v !== null))];
      if (vals.includes(null)) conds.push(include ? (d) => isEmptyArray(d, field) : (d) => !isEmptyArray(d, field));
      if (unique.length === 0) continue;
      if (!isAll) conds.push(include ? (d) => containsAny(d, field, unique) : (d) => !containsAll(d, field, unique));
      else conds.push(include ? (d) => containsAll(d, field, unique) : (d) => !containsAny(d, field, unique));
    }
    if (conds.length === 0) continue;
    parts.push(isAll ? (d) => conds.every((c) => c(d)) : (d) => conds.some((c) => c(d)));
  }
  if (parts.length === 0) return () => true;
  return op === 'and' ? (d) => parts.every((p) => p(d)) : (d) => parts.some((p) => p(d));
}

/** Mongo `$size: 0`: the field is an array with no items (a missing field does not match). */
function isEmptyArray(doc: JsonObject, field: string): boolean {
  const { exists, values } = pathValues(doc, field);
  return exists && values.some((v) => Array.isArray(v) && v.length === 0);
}
