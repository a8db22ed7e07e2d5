/**
 * JSON value types and guards. Request bodies arrive as unknown JSON; everything the emulator stores
 * and returns is plain JSON documents (like the Mongo documents of the real server), so dotted-path
 * filters, ordering and projections work the same on every kind of object.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object (a "document"). */
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isArray(value: unknown): value is Json[] {
  return Array.isArray(value);
}

/** A string field or undefined (no coercion: ClearML validates types before handlers run). */
export function str(doc: JsonObject, key: string): string | undefined {
  const v = doc[key];
  return typeof v === 'string' ? v : undefined;
}

export function num(doc: JsonObject, key: string): number | undefined {
  const v = doc[key];
  return typeof v === 'number' ? v : undefined;
}

export function bool(doc: JsonObject, key: string): boolean | undefined {
  const v = doc[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function obj(doc: JsonObject, key: string): JsonObject | undefined {
  const v = doc[key];
  return isObject(v) ? v : undefined;
}

export function arr(doc: JsonObject, key: string): Json[] | undefined {
  const v = doc[key];
  return Array.isArray(v) ? v : undefined;
}

/** The string items of a list field (non-strings dropped). */
export function strings(doc: JsonObject, key: string): string[] {
  return (arr(doc, key) ?? []).filter((v): v is string => typeof v === 'string');
}

/** Deep copy of a JSON value; the store never hands out its own objects. */
export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Value at a dotted path (`a.b.c`); arrays are not traversed. */
export function getPath(doc: JsonObject, path: string): Json | undefined {
  let cur: Json | undefined = doc;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Set a value at a dotted path, creating intermediate objects. */
export function setPath(doc: JsonObject, path: readonly string[], value: Json): void {
  let cur: JsonObject = doc;
  for (const [i, part] of path.entries()) {
    if (i === path.length - 1) {
      cur[part] = value;
      return;
    }
    const next = cur[part];
    if (isObject(next)) {
      cur = next;
    } else {
      const created: JsonObject = {};
      cur[part] = created;
      cur = created;
    }
  }
}

/** Sorted unique strings: ClearML stores tags as sorted lists (`SafeSortedListField`). */
export function sortedTags(values: readonly Json[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort();
}
