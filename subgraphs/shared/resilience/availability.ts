/**
 * Which outcomes of a backend call say the tracker is unavailable, as opposed to the tracker answering
 * "no" (DESIGN §7). Only these feed the breaker, and only the transient ones are retried: a 4xx, a
 * NOT_FOUND or a BAD_USER_INPUT is the tracker working as designed.
 */
import { errorCodeOf, reasonOf } from '../errors.js';

/** A tracker's answer as the guard sees it: got's response or a passthrough's raw answer. */
export type Answered = { readonly statusCode: number } | { readonly status: number };

export function statusOf(answer: Answered): number {
  return 'statusCode' in answer ? answer.statusCode : answer.status;
}

/** A 5xx answer: the tracker (or a proxy before it) failed. */
export function isFailedAnswer(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const status = 'statusCode' in answer ? answer.statusCode : 'status' in answer ? answer.status : undefined;
  return typeof status === 'number' && status >= 500;
}

/** A timeout or a connection failure (registry errors from `transportError`); never a refusal by our own breaker. */
export function isFailedError(err: unknown): boolean {
  const code = errorCodeOf(err);
  return (code === 'SOURCE_TIMEOUT' || code === 'SOURCE_UNAVAILABLE') && reasonOf(err) === undefined;
}

/**
 * Worth one more try for a read: the connection failed (refused, reset) or a gateway in front of the
 * tracker said 502/503/504. Not a timeout: the call already spent the whole timeout once.
 */
export function isTransient(outcome: { readonly error: unknown } | { readonly value: Answered }): boolean {
  if ('error' in outcome) return errorCodeOf(outcome.error) === 'SOURCE_UNAVAILABLE' && reasonOf(outcome.error) === undefined;
  const status = statusOf(outcome.value);
  return status === 502 || status === 503 || status === 504;
}
