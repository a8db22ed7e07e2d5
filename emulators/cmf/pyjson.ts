/**
 * Python spellings of values: `json.dumps` with its default separators (`", "`, `": "`) and `ensure_ascii`, `str()`
 * of a scalar, `repr` of a float, and Python truthiness. The CMF server answers `mlmd_pull` with the text of
 * `json.dumps(...)`, and stores `str(create_time_since_epoch)` as `original_create_time_since_epoch`.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `repr(float)`: the shortest round-trip digits, fixed between 1e-4 and 1e16, else `d.ddde±XX`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) {
    const [mant = '', exp = '0'] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * A JSON number as Python prints it after `json.loads`: integral values below 1e16 as ints (JSON text parsed by
 * JavaScript cannot tell 1.0 from 1), anything else as a float (beyond 2^53 JavaScript holds floats anyway).
 */
export function pyNumber(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? String(x) : pyFloat(x);
}

/** `str(v)` for the scalars a payload can carry (lists and dicts: their JSON text, close to Python's repr). */
export function pyStr(v: Json | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return v;
  return pyDumps(v);
}

/** Python truthiness: None, False, 0, "", [] and {} are false. */
export function pyFalsy(v: Json | undefined): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

const NON_ASCII = /[\u007f-\uffff]/g;

/** `json.dumps(s)` of a string: JSON escapes plus `\uXXXX` for everything outside printable ASCII. */
export function pyString(s: string): string {
  const out = JSON.stringify(s);
  return out.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `json.dumps(v)` with Python's default separators and `ensure_ascii=True`. */
export function pyDumps(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyDumps).join(', ')}]`;
  const parts: string[] = [];
  for (const [k, val] of Object.entries(v)) parts.push(`${pyString(k)}: ${pyDumps(val)}`);
  return `{${parts.join(', ')}}`;
}
