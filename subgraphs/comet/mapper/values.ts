/** Narrowing of loosely typed Comet values, shared by the mappers. Pure. */
import { isRecord } from '../connector/wire.js';

/** A non-empty string, or null. */
export function text(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A safe integer (or a string of digits, as Comet sometimes writes numbers), or null. */
export function safeInt(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** The strings of a list (anything else dropped); null when it is not a list. */
export function stringList(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : null;
}

/** `obj[key]` when `obj` is an object. */
export function field(obj: unknown, key: string): unknown {
  return isRecord(obj) ? obj[key] : undefined;
}

/** A JSON-encoded string parsed (Comet sends asset metadata so), an object kept, anything else null. */
export function jsonValue(v: unknown): unknown {
  if (typeof v !== 'string') return isRecord(v) || Array.isArray(v) ? v : null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return null;
  }
}

/** `https://www.comet.com/<workspace>/<project>/<experimentKey>` (reference §5.1), or null without the parts. */
export function experimentLink(webUrl: string | undefined, workspace: string | null, project: string | null, key: string): string | null {
  if (!webUrl || !workspace || !project) return null;
  return `${webUrl.replace(/\/+$/, '')}/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}/${encodeURIComponent(key)}`;
}
