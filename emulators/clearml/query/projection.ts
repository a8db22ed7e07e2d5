/**
 * `only_fields` projections (`apiserver/utilities/dicts.py` `project_dict` /
 * `exclude_fields_from_dict`): dotted include paths copy just those sub-fields (through lists,
 * element by element), `id` is always returned, a leading `-` excludes a path, and fields marked
 * `exclude_by_default` are dropped unless explicitly included.
 */
import { clone, isObject, type Json, type JsonObject } from '../json.js';

/** Split `only_fields` into include and exclude lists (exclusions minus explicit inclusions). */
export function splitProjection(onlyFields: Json | undefined, excludedByDefault: readonly string[]): { include: string[]; exclude: string[] } {
  const list = Array.isArray(onlyFields) ? onlyFields.filter((f): f is string => typeof f === 'string') : [];
  const include = list.filter((f) => !f.startsWith('-'));
  const explicitExclude = list.filter((f) => f.startsWith('-')).map((f) => f.slice(1));
  const exclude = [...new Set([...excludedByDefault, ...explicitExclude])].filter((f) => !include.includes(f));
  return { include, exclude };
}

function copyPath(parts: readonly string[], src: JsonObject, dst: JsonObject): void {
  const [head = '', ...rest] = parts;
  if (!(head in src)) return;
  const value = src[head];
  if (value === undefined) return;
  if (rest.length === 0) {
    dst[head] = clone(value);
    return;
  }
  if (isObject(value)) {
    const target = isObject(dst[head]) ? dst[head] : {};
    dst[head] = target;
    copyPath(rest, value, target);
  } else if (Array.isArray(value)) {
    const existing = dst[head];
    const target: Json[] = Array.isArray(existing) && existing.length === value.length ? existing : value.map(() => ({}));
    dst[head] = target;
    value.forEach((item, i) => {
      const t = target[i];
      if (isObject(item) && isObject(t)) copyPath(rest, item, t);
    });
  }
}

function removePath(parts: readonly string[], doc: JsonObject): void {
  const [head = '', ...rest] = parts;
  if (rest.length === 0) {
    delete doc[head];
    return;
  }
  const value = doc[head];
  if (isObject(value)) removePath(rest, value);
  else if (Array.isArray(value)) for (const item of value) if (isObject(item)) removePath(rest, item);
}

/** Apply a projection to a (stored) document, returning a new object. */
export function projectDoc(doc: JsonObject, include: readonly string[], exclude: readonly string[]): JsonObject {
  let out: JsonObject;
  if (include.length > 0) {
    out = {};
    for (const path of ['id', ...include]) copyPath(path.split('.'), doc, out);
  } else {
    out = clone(doc);
  }
  for (const path of exclude) removePath(path.split('.'), out);
  return out;
}
