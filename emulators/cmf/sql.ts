/**
 * PostgreSQL spellings the listing queries (`server/app/db/dbqueries.py`) produce: `ILIKE '%v%'` matching,
 * property values cast to text, `json_agg(json_build_object(...))` text, and `to_char` date tokens.
 */
import { pyFloat } from './pyjson.js';
import type { ExecutionRec, MlmdValue, Props } from './types.js';

/** `text ILIKE '%' || v || '%'`: case-insensitive, `%` any run, `_` any one character, `\` escapes. */
export function ilikeContains(filter: string): (text: string) => boolean {
  let re = '';
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i] as string;
    if (c === '\\' && i + 1 < filter.length) re += (filter[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(re, 'iu');
  return (text) => rx.test(text);
}

/** A property value as `coalesce(string_value, cast(double_value as text), cast(int_value as text))` gives it. */
export function sqlText(v: MlmdValue): string {
  return typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : pyFloat(v);
}

export interface NameValue {
  readonly name: string;
  readonly value: string | null;
}

/** Properties then custom properties as `{name, value}` rows (MLMD keeps both in one property table). */
export function propertyRows(properties: Props, customProperties: Props): NameValue[] {
  return [...Object.entries(properties), ...Object.entries(customProperties)].map(([name, v]) => ({ name, value: sqlText(v) }));
}

/** The text of `json_agg(json_build_object('name', …, 'value', …))`. */
export function jsonAggText(rows: readonly NameValue[]): string {
  return `[${rows.map((r) => `{"name" : ${JSON.stringify(r.name)}, "value" : ${r.value === null ? 'null' : JSON.stringify(r.value)}}`).join(', \n ')}]`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `to_char(ts, 'YYYY-MM-DD HH24:MI:SS')`, `'FMMM/FMDD/YYYY'`, `'YYYY'`, `'FMMM'`, `'FMDD'` of epoch ms (UTC), concatenated. */
export function dateTokens(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const y = String(d.getUTCFullYear());
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return `${y}-${pad(m)}-${pad(day)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${m}/${day}/${y}${y}${m}${day}`;
}

/** The `original_create_time_since_epoch` custom property as a number (executions are sorted by it). */
export function originalCreateTime(e: ExecutionRec): number | undefined {
  const v = e.customProperties['original_create_time_since_epoch'];
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `LIMIT record_per_page OFFSET (active_page - 1) * record_per_page` with `count(*) OVER ()`: the total is read
 * from the first row, so a page past the end reports `total_items: 0`.
 */
export function page<T>(rows: readonly T[], activePage: number, perPage: number): { total_items: number; rows: T[] } {
  const from = (activePage - 1) * perPage;
  const slice = rows.slice(from, from + perPage);
  return { total_items: slice.length > 0 ? rows.length : 0, rows: slice };
}
