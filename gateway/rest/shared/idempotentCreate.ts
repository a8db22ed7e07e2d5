/**
 * REST creates with an `Idempotency-Key` header (issue 9 item 1, docs/adr/0014): the same ledger as the
 * GraphQL creates — one attempt at a time per key, a key reused for a different body is a 409 in the
 * tracker's shape — and the same rule that the key lives in the created object: each mount's adapter
 * writes it there (a ClearML system tag, an MLConnector model tag or deployment id) and finds the
 * earlier object by it, answering what the tracker's create would have answered.
 */
import { createHash } from 'node:crypto';
import { errorCodeOf, switchyardError } from '../../../subgraphs/shared/errors.js';
import type { IdempotencyLedger } from '../../../subgraphs/shared/idempotency.js';
import type { RestRequest, RestResponse } from './types.js';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** What a mount knows about one of its create endpoints. */
export interface CreateAdapter {
  /** The operation's name in the ledger (e.g. `tasks.create`). */
  readonly op: string;
  /** The earlier object's answer, shaped as the tracker's create answers, if the key already made one. */
  find(key: string): Promise<RestResponse | undefined>;
  /** Send the create with the key stored in the object. */
  create(key: string): Promise<RestResponse>;
}

export interface IdempotentCreateOptions {
  readonly ledger: IdempotencyLedger;
  readonly source: string;
  /** How long a create may take (the lock outlives it). */
  readonly timeoutMs: number;
  /** The tracker's own error body for a status and message. */
  readonly error: (status: number, message: string) => RestResponse;
}

/** The caller's key, or undefined when the request carries none. */
export function idempotencyKeyOf(req: Pick<RestRequest, 'headers'>): string | undefined {
  const key = req.headers[IDEMPOTENCY_HEADER];
  return key === undefined ? undefined : key.trim();
}

/** Run `adapter` for `req` under its Idempotency-Key. */
export async function idempotentCreate(req: RestRequest, key: string, adapter: CreateAdapter, o: IdempotentCreateOptions): Promise<RestResponse> {
  if (key === '' || key.length > 255) return o.error(400, 'Idempotency-Key must be 1 to 255 characters');
  const fingerprint = createHash('sha256').update(req.method).update('\u0000').update(req.path).update('\u0000').update(req.body).digest('hex');
  try {
    return await o.ledger.run(
      { source: o.source, op: adapter.op, key, fingerprint, timeoutMs: o.timeoutMs },
      async () => (await adapter.find(key)) ?? adapter.create(key),
      // The tracker refusing the create (a 4xx: nothing written) frees the key for a corrected request.
      (res) => res.status >= 400 && res.status < 500,
    );
  } catch (err) {
    if (errorCodeOf(err) === 'CONFLICT') return o.error(409, err instanceof Error ? err.message : 'Idempotency-Key conflict');
    throw err;
  }
}

/** A request or answer body that is a JSON object, or undefined (callers then send it as it came). */
export function jsonObjectBody(raw: Buffer | string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw.toString());
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A look-up of the earlier create that answered neither "found" nor "none". A 4xx is the tracker refusing
 * the caller (its credential, its request) and goes back as it is; a 5xx must not be read as "none": the
 * create that followed would make a second object, so the request fails (the mount answers 503) and
 * the client retries.
 */
export function lookupFailure(res: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: Buffer }): RestResponse {
  if (res.status < 500) return { status: res.status, headers: res.headers, body: res.body };
  // SOURCE_ERROR, not UNAVAILABLE: nothing was sent that could still land, so the key's lock need not settle.
  throw switchyardError('SOURCE_ERROR', `The look-up of an earlier create with this Idempotency-Key failed (HTTP ${res.status}).`);
}
