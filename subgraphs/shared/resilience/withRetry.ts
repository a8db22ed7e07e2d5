/**
 * Retry for idempotent calls only (reads), bounded per call (`retries`) and per source (the budget);
 * writes and passthroughs are never retried here. The retry is immediate: it is for blips such as a
 * keep-alive connection the tracker closed, and a real wait would be a real-time wait in every test.
 */
import type { CallKind } from '../httpClient.js';
import { reasonOf } from '../errors.js';
import type { Answered } from './availability.js';
import type { RetryBudget } from './RetryBudget.js';

export type Outcome<R> = { readonly value: R } | { readonly error: unknown };

export interface RetryOptions {
  readonly kind: CallKind | 'passthrough';
  readonly budget: RetryBudget;
  /** Extra attempts at most. @default 1 */
  readonly retries?: number;
  readonly isTransient: (outcome: Outcome<Answered>) => boolean;
}

export async function withRetry<R extends Answered>(o: RetryOptions, attempt: () => Promise<R>): Promise<R> {
  o.budget.recordCall();
  let last = await settle(attempt);
  for (let n = 0; o.kind === 'read' && n < (o.retries ?? 1) && o.isTransient(last) && o.budget.tryRetry(); n += 1) {
    const next = await settle(attempt);
    // The first failure opened the breaker: report that failure, not the refusal of its retry.
    if ('error' in next && reasonOf(next.error) === 'circuit-open') break;
    last = next;
  }
  if ('error' in last) throw last.error;
  return last.value;
}

async function settle<R>(attempt: () => Promise<R>): Promise<Outcome<R>> {
  try {
    return { value: await attempt() };
  } catch (error) {
    return { error };
  }
}
