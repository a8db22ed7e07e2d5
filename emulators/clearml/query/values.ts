/**
 * Mongo-style value access and comparison for the in-memory documents: a dotted path walks through
 * arrays (so `models.input.model` reaches every input model), a list field matches when any element
 * matches, and values of different BSON types never compare equal.
 */
import { isObject, type Json, type JsonObject } from '../json.js';
import { parseDateTime } from '../time.js';

/** Every value a dotted path reaches; arrays at the end are expanded into their elements too. */
export function pathValues(doc: JsonObject, path: string): { exists: boolean; values: Json[] } {
  const out: Json[] = [];
  let exists = false;
  const walk = (cur: Json, parts: readonly string[]): void => {
    if (parts.length === 0) {
      exists = true;
      if (Array.isArray(cur)) out.push(...cur, cur);
      else out.push(cur);
      return;
    }
    if (Array.isArray(cur)) {
      for (const item of cur) walk(item, parts);
      return;
    }
    if (!isObject(cur)) return;
    const [head = '', ...rest] = parts;
    const next = cur[head];
    if (next !== undefined) walk(next, rest);
  };
  walk(doc, path.split('.'));
  return { exists, values: out };
}

/** Deep JSON equality. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** True when the field is missing, null, an empty string or an empty list ("empty" for ordering). */
export function isEmptyValue(value: Json | undefined): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Compare a stored value with a range bound: numbers with numbers, datetimes as instants
 * (bounds are parsed like `dateutil` would), other strings as strings. Undefined = not comparable.
 */
export function compareToBound(stored: Json, bound: Json, asDate: boolean): number | undefined {
  if (asDate) {
    if (typeof stored !== 'string') return undefined;
    const s = parseDateTime(stored);
    const b = typeof bound === 'string' ? parseDateTime(bound) : undefined;
    if (s === undefined || b === undefined) return undefined;
    return s - b;
  }
  if (typeof stored === 'number' && typeof bound === 'number') return stored - bound;
  if (typeof stored === 'string' && typeof bound === 'string') return stored < bound ? -1 : stored > bound ? 1 : 0;
  return undefined;
}

/** Datetime-typed fields of the stored documents. */
export const DATE_FIELDS: ReadonlySet<string> = new Set([
  'created',
  'started',
  'completed',
  'published',
  'last_update',
  'last_change',
  'status_changed',
  'last_worker_report',
]);

/**
 * Compile a Python regular expression for JavaScript: named groups and a leading inline
 * case-insensitive flag are translated; everything else is shared syntax.
 */
export function compilePythonRegex(pattern: string, ignoreCase: boolean): RegExp {
  let src = pattern.replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
  let flags = ignoreCase ? 'i' : '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline?.[1]) {
    if (inline[1].includes('i') && !flags.includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    if (inline[1].includes('m')) flags += 'm';
    src = src.slice(inline[0].length);
  }
  return new RegExp(src.replace(/\\Z/g, '$'), flags);
}
