/** Narrowing of MLMD values, shared by the CMF mappers. Pure. */
import { isRecord } from '../connector/wire.js';

/** `obj[key]` when `obj` is an object. */
export function field(obj: unknown, key: string): unknown {
  return isRecord(obj) ? obj[key] : undefined;
}

/** A non-empty string, or null. */
export function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A finite number, or a string holding one (CMF stringifies some values), or null. */
export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** A safe integer (MLMD ids), or null. */
export function int(v: unknown): number | null {
  const n = num(v);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

/** An MLMD property map (`properties`, `custom_properties`) as a plain record; {} when absent. */
export function props(node: unknown, key: 'properties' | 'custom_properties'): Record<string, unknown> {
  const p = field(node, key);
  return isRecord(p) ? p : {};
}

/** A property value as CMF's listings render it: strings as is, numbers in JS notation, else null. */
export function valueText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

/** Largest epoch ms a JavaScript Date represents. */
const MAX_DATE_MS = 8_640_000_000_000_000;

/** Epoch ms (a number, or a string of digits as CMF stamps `original_create_time_since_epoch`), or null for 0/absent. */
export function epochMs(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_DATE_MS) return null;
  return Math.trunc(n);
}

/** ISO-8601 UTC with milliseconds, or null. The one place CMF times are normalised. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * When a node was created (DESIGN §4): the `original_create_time_since_epoch` custom property the
 * server stamps on push (the client's own time, which survives the server re-stamping
 * `create_time_since_epoch`), else `create_time_since_epoch`.
 */
export function createdMs(node: unknown): number | null {
  return epochMs(props(node, 'custom_properties')['original_create_time_since_epoch']) ?? epochMs(field(node, 'create_time_since_epoch'));
}

/** `md5:<hex>` when the value is a 32-hex DVC md5, else null. */
export function md5Hash(v: unknown): string | null {
  return typeof v === 'string' && /^[0-9a-fA-F]{32}$/.test(v) ? `md5:${v.toLowerCase()}` : null;
}
