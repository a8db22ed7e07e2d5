/**
 * Datetimes as clearml-server writes them: python-rapidjson with `DM_ISO8601 | DM_NAIVE_IS_UTC` over
 * Mongo's millisecond-precision naive UTC datetimes → `2025-01-13T10:00:05.123000+00:00`, and
 * `2025-01-13T10:00:05+00:00` when the microseconds are zero (rapidjson drops a zero fraction).
 * Because every stored datetime uses this one format, comparing the strings compares the instants.
 */

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Format epoch milliseconds the way the server serialises a datetime. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const base =
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const ms = d.getUTCMilliseconds();
  return ms > 0 ? `${base}.${pad(ms * 1000, 6)}+00:00` : `${base}+00:00`;
}

/** Elasticsearch `@timestamp` format (`2025-01-13T10:00:13.112Z`). */
export function formatEsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parse a datetime the way the filters do (`dateutil.parser.parse`, naive = UTC) for the ISO forms
 * clients send: a date, a date and time, optional fraction and offset. Undefined when unparseable.
 */
export function parseDateTime(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', tz] = m;
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(t)) return undefined;
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/** Parse a stored datetime string back to epoch ms (stored values always parse). */
export function storedTime(text: string): number {
  return parseDateTime(text.replace(/\+00:00$/, 'Z')) ?? Number.NaN;
}
