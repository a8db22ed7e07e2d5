/**
 * Cross-source cursors (DESIGN §5.2, docs/adr/0003): opaque, HMAC-signed with a secret shared by all
 * replicas, bound to a hash of (filter, order, resolved source set, schema version), forward-only,
 * holding every source's keyset position and the sources that failed earlier in the traversal.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { switchyardError } from '../../shared/errors.js';
import type { SourcePosition } from '../../shared/sourceContract.js';

/** Per source: a position, 'start' (nothing consumed yet) or 'done' (exhausted). */
export type SourceState = SourcePosition | 'start' | 'done';

export interface CursorState {
  readonly positions: Readonly<Record<string, SourceState>>;
  /** Sources that failed on an earlier page: they stay out of the rest of the traversal. */
  readonly failed: readonly string[];
}

interface CursorPayload {
  readonly v: 1;
  readonly b: string;
  readonly p: Readonly<Record<string, SourceState>>;
  readonly f: readonly string[];
}

/** A stable hash of what a traversal is about; a cursor only continues the same traversal. */
export function bindingOf(parts: unknown): string {
  return createHash('sha256').update(stableStringify(parts)).digest('base64url').slice(0, 22);
}

export function encodeCursor(state: CursorState, binding: string, secret: string): string {
  const payload: CursorPayload = { v: 1, b: binding, p: state.positions, f: state.failed };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

/** The state in a cursor; BAD_USER_INPUT when it was tampered with or belongs to another traversal. */
export function decodeCursor(cursor: string, binding: string, secret: string): CursorState {
  const bad = (why: string) => switchyardError('BAD_USER_INPUT', `Invalid cursor: ${why}.`);
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined) throw bad('malformed');
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad('signature does not match (tampered, or issued by another deployment)');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw bad('malformed');
  }
  if (!isPayload(payload)) throw bad('malformed');
  if (payload.b !== binding) throw bad('it belongs to a different filter, order or source set');
  return { positions: payload.p, failed: payload.f };
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url').slice(0, 32);
}

function isPayload(v: unknown): v is CursorPayload {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const p = o['p'];
  return o['v'] === 1 && typeof o['b'] === 'string' && typeof p === 'object' && p !== null && Array.isArray(o['f']) && Object.values(p).every(isSourceState);
}

function isSourceState(v: unknown): v is SourceState {
  if (v === 'start' || v === 'done') return true;
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const k = o['sortKey'];
  return typeof o['id'] === 'string' && (k === null || typeof k === 'number' || typeof k === 'string');
}

/** JSON with object keys sorted, so equal values always hash the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
