/**
 * `order_by` the way Mongo + `GetMixin` sort: `-` for descending, dotted paths, `id` appended as a
 * tie-breaker (`validate_order_by`), BSON type order (missing/null < numbers < strings < objects <
 * arrays < booleans), arrays by their smallest (ascending) or largest (descending) element, and for
 * the first ascending key the documents with an empty value are put last
 * (`_get_many_override_none_ordering`). Keys under `hyperparams.`/`last_metrics.` switch on the
 * numeric string collation (`"10" > "9"`).
 */
import { errors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import type { QueryOptions } from './options.js';
import { isEmptyValue, pathValues } from './values.js';

/** The effective order: the requested keys plus the `id` tie-breaker. Empty when none requested. */
export function validateOrderBy(params: JsonObject): string[] {
  const raw = params['order_by'];
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) return [];
  const list = (Array.isArray(raw) ? raw : [raw]).map((x) => (x === '@text_score' ? '$text_score' : String(x)));
  const searchText = params['search_text'];
  if (!searchText && list.includes('$text_score')) {
    throw errors.fieldsValue('text score cannot be used in order_by when search text is not used');
  }
  if (!list.includes('id') && !list.includes('-id')) list.push('id');
  return list;
}

function typeRank(v: Json | undefined): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (isObject(v)) return 4;
  if (Array.isArray(v)) return 5;
  return 6; // boolean
}

type StringCompare = (a: string, b: string) => number;

const binaryCompare: StringCompare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const numericCollator = new Intl.Collator('en-US', { numeric: true });
const numericCompare: StringCompare = (a, b) => numericCollator.compare(a, b);

function compareValues(a: Json | undefined, b: Json | undefined, cmp: StringCompare): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return cmp(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return cmp(JSON.stringify(a), JSON.stringify(b));
}

/** The value a document sorts by for one key (arrays: min when ascending, max when descending). */
function sortValue(doc: JsonObject, path: string, descending: boolean, cmp: StringCompare): Json | undefined {
  const { exists, values } = pathValues(doc, path);
  if (!exists) return undefined;
  const scalars = values.filter((v) => !Array.isArray(v));
  if (scalars.length === 0) return values.length > 0 ? null : undefined;
  return scalars.reduce((best, v) => {
    const c = compareValues(v, best, cmp);
    return (descending ? c > 0 : c < 0) ? v : best;
  });
}

/** Sort documents in place-free fashion (returns a new array); insertion order when no keys. */
export function sortDocs(docs: readonly JsonObject[], orderBy: readonly string[], options: QueryOptions, queryKeys: readonly string[]): JsonObject[] {
  if (orderBy.length === 0) return [...docs];
  const keys = orderBy
    .filter((k) => !k.startsWith('$'))
    .map((k) => ({ path: k.replace(/^-/, ''), desc: k.startsWith('-') }));
  const collated = [...queryKeys, ...orderBy.slice(0, 1)].some((k) =>
    options.numericCollation.some((prefix) => k.replace(/^-/, '').startsWith(prefix)),
  );
  const cmp = collated ? numericCompare : binaryCompare;
  const first = orderBy.find((k) => !k.startsWith('$'));
  const emptiesLast = first !== undefined && !first.startsWith('-') && !first.includes('[');
  const decorated = docs.map((doc, index) => ({
    doc,
    index,
    empty: emptiesLast && first !== undefined && isEmptyValue(firstValue(doc, first)),
    values: keys.map((k) => sortValue(doc, k.path, k.desc, cmp)),
  }));
  decorated.sort((a, b) => {
    if (a.empty !== b.empty) return a.empty ? 1 : -1;
    for (const [i, k] of keys.entries()) {
      const c = compareValues(a.values[i], b.values[i], cmp);
      if (c !== 0) return k.desc ? -c : c;
    }
    return a.index - b.index;
  });
  return decorated.map((d) => d.doc);
}

function firstValue(doc: JsonObject, path: string): Json | undefined {
  const { exists, values } = pathValues(doc, path);
  if (!exists) return undefined;
  return values.length === 1 ? values[0] : values.find((v) => Array.isArray(v)) ?? values[0];
}
