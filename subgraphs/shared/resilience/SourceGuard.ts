/**
 * Every backend call of one source instance passes here (STYLE: the connector composes withTimeout,
 * withRetry and withBreaker in one place): the timeout is resolved per operation, reads are retried
 * within the retry budget, each attempt goes through the source's circuit breaker, and each attempt
 * is measured (`switchyard_source_request_duration_seconds`, `switchyard_source_errors_total`).
 * Thrown failures leave as registry errors naming the source; answers (any status) are returned for
 * the connector to map, so each tracker keeps its own reading of its 4xx envelopes.
 */
import type { Clock } from '../clock.js';
import { errorCodeOf, httpStatusErrorCode } from '../errors.js';
import { transportError } from '../httpClient.js';
import { backendLogger } from '../log.js';
import { sourceErrors, sourceRequestDuration } from '../metrics.js';
import { type Answered, isFailedAnswer, isFailedError, isTransient, statusOf } from './availability.js';
import { type BreakerSettings, SourceBreaker } from './SourceBreaker.js';
import { RetryBudget, type RetryBudgetSettings } from './RetryBudget.js';
import { type OperationContext, resolveTimeout, type TimeoutPolicy } from './timeouts.js';
import { withRetry } from './withRetry.js';

export interface SourceGuardOptions {
  /** Source instance name (errors, metrics). */
  readonly source: string;
  /** Times the breaker's cool-down and the retry budget's window. */
  readonly clock: Clock;
  /** The source's timeout for calls no other layer names (`sources[].timeoutMs`). */
  readonly timeoutMs: number;
  /** Configured per-operation timeouts (`sources[].timeouts`); they win over the connector's defaults. */
  readonly timeouts?: TimeoutPolicy | undefined;
  /** `sources[].breaker`. @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** @default DEFAULT_RETRY_BUDGET */
  readonly retryBudget?: Partial<RetryBudgetSettings> | undefined;
  /** Extra attempts of a read after a transient failure. @default 1 */
  readonly retries?: number | undefined;
}

export interface GuardedCall {
  /** The tracker's name for the call (see `OperationContext.operation`). */
  readonly operation: string;
  /** Reads may be retried; writes and passthroughs never are. */
  readonly kind: OperationContext['kind'];
  /** The connector's own default for this operation (e.g. MLConnector's image build); below configured timeouts. */
  readonly timeoutMs?: number | undefined;
  /**
   * false for calls to another host than the tracker (a deployment's inference container): they get
   * timeouts and metrics but neither pass nor feed the source's breaker. @default true
   */
  readonly breaker?: boolean | undefined;
  /**
   * 5xx statuses that are this operation's documented refusal, not a failure of the tracker (MLConnector
   * answers 500 to deleting a deployment that has operations): they neither feed the breaker nor count
   * as source errors; the connector names them.
   */
  readonly refusals?: readonly number[] | undefined;
}

export class SourceGuard {
  readonly source: string;
  readonly breaker: SourceBreaker;
  readonly budget: RetryBudget;
  readonly #o: SourceGuardOptions;
  /** Answers that were an operation's documented refusal (see `GuardedCall.refusals`). */
  readonly #refused = new WeakSet<object>();

  constructor(o: SourceGuardOptions) {
    this.source = o.source;
    this.#o = o;
    this.breaker = new SourceBreaker({ source: o.source, clock: o.clock, settings: o.breaker, isFailedError, isFailedAnswer: (answer) => !this.#refused.has(answer as object) && isFailedAnswer(answer) });
    this.budget = new RetryBudget(o.clock, o.retryBudget);
  }

  /** The timeout a call gets: configured for its operation, else the connector's default for it, else the source's. */
  timeoutFor(call: GuardedCall): number {
    const ctx: OperationContext = { source: this.source, operation: call.operation, kind: call.kind };
    return resolveTimeout(ctx, [this.#o.timeouts, call.timeoutMs], this.#o.timeoutMs);
  }

  /** Run one backend call (`attempt` gets its timeout in ms and sends it once). */
  async call<R extends Answered>(call: GuardedCall, attempt: (timeoutMs: number) => Promise<R>): Promise<R> {
    const timeoutMs = this.timeoutFor(call);
    const once = async () => {
      const answer = await this.#measured(call.operation, () => attempt(timeoutMs), call.refusals);
      if (call.refusals?.includes(statusOf(answer))) this.#refused.add(answer);
      return answer;
    };
    const guarded = call.breaker === false ? once : () => this.breaker.execute(once);
    return withRetry({ kind: call.kind, budget: this.budget, retries: this.#o.retries ?? 1, isTransient }, guarded);
  }

  async #measured<R extends Answered>(operation: string, attempt: () => Promise<R>, refusals: readonly number[] = []): Promise<R> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1_000;
    try {
      const answer = await attempt();
      const status = statusOf(answer);
      // An answer is the tracker working; only a 5xx is its failure. 4xx codes are the connector's to name.
      const outcome = status >= 500 && !refusals.includes(status) ? httpStatusErrorCode(status) : 'ok';
      sourceRequestDuration.observe({ source: this.source, outcome }, seconds());
      if (outcome !== 'ok') sourceErrors.inc({ source: this.source, code: outcome });
      backendLogger().debug({ source: this.source, operation, status, ms: Math.round(seconds() * 1_000) }, 'backend call');
      return answer;
    } catch (err) {
      const error = errorCodeOf(err) ? err : transportError(this.source, err);
      const code = errorCodeOf(error) ?? 'SOURCE_ERROR';
      sourceRequestDuration.observe({ source: this.source, outcome: code }, seconds());
      sourceErrors.inc({ source: this.source, code });
      backendLogger().debug({ source: this.source, operation, code, ms: Math.round(seconds() * 1_000) }, 'backend call failed');
      throw error;
    }
  }
}

export function createSourceGuard(options: SourceGuardOptions): SourceGuard {
  return new SourceGuard(options);
}
