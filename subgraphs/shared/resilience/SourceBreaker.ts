/**
 * The circuit breaker of one source instance (DESIGN §7), on cockatiel's `CircuitBreakerPolicy` with
 * a `ConsecutiveBreaker`: it opens after `failures` availability failures in a row, answers at once
 * while open, lets one trial call through after `coolDownMs` (half-open; calls arriving meanwhile wait
 * for the trial's verdict), closes on the trial's success and re-opens on its failure.
 *
 * Clock: cockatiel 3.2.1 times the open state with `Date.now()` and has no clock option. It does read
 * the cool-down from a backoff object (`halfOpenAfter`) on every call while open, as
 * `Date.now() - openedAt < backoff.duration`. `CoolDown` below is that backoff, timed on the injected
 * `Clock`: its duration is +Infinity until `coolDownMs` have passed on that clock, then -Infinity, so
 * cockatiel's own wall-clock comparison never decides. The state machine is cockatiel's; its timing
 * is ours. Which outcomes count as failures is the caller's choice (`isFailedError`, `isFailedAnswer`;
 * availability.ts: never a 4xx answer). A call that ran across a state change does not count (`execute`).
 */
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, type CircuitBreakerPolicy, type IBackoff, type IHalfOpenAfterBackoffContext, isBrokenCircuitError } from 'cockatiel';
import type { GraphQLError } from 'graphql';
import type { Clock } from '../clock.js';
import { switchyardError } from '../errors.js';
import { BREAKER_STATE, type BreakerStateName, breakerState } from '../metrics.js';

export interface BreakerSettings {
  /** Consecutive availability failures that open the circuit. @default 5 */
  readonly failures: number;
  /** How long the circuit stays open before one trial call, on the injected clock. @default 30_000 */
  readonly coolDownMs: number;
}

export const DEFAULT_BREAKER: BreakerSettings = { failures: 5, coolDownMs: 30_000 };

export interface SourceBreakerOptions {
  readonly source: string;
  readonly clock: Clock;
  readonly settings?: Partial<BreakerSettings> | undefined;
  /** Whether a thrown error counts against the source (timeouts, connection failures). */
  readonly isFailedError: (err: unknown) => boolean;
  /** Whether an answer counts against the source (a 5xx). */
  readonly isFailedAnswer: (answer: unknown) => boolean;
}

/** The cool-down as a cockatiel backoff read on the injected clock (see the header). */
class CoolDown implements IBackoff<IHalfOpenAfterBackoffContext> {
  readonly #clock: Clock;
  readonly #ms: number;
  readonly #openedAt: number;

  constructor(clock: Clock, ms: number, openedAt: number) {
    this.#clock = clock;
    this.#ms = ms;
    this.#openedAt = openedAt;
  }

  get duration(): number {
    return this.#clock.now() - this.#openedAt >= this.#ms ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** Called by cockatiel each time the circuit opens (again): the cool-down starts now. */
  next(): CoolDown {
    return new CoolDown(this.#clock, this.#ms, this.#clock.now());
  }
}

const STATE_NAMES: Readonly<Record<CircuitState, BreakerStateName>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'halfOpen',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

export class SourceBreaker {
  readonly source: string;
  readonly settings: BreakerSettings;
  readonly #policy: CircuitBreakerPolicy;
  /** Moves on every transition: an outcome is stale when the circuit moved while its call ran. */
  #epoch = 0;

  constructor(o: SourceBreakerOptions) {
    this.source = o.source;
    this.settings = { ...DEFAULT_BREAKER, ...o.settings };
    const { failures, coolDownMs } = this.settings;
    if (!Number.isInteger(failures) || failures < 1) throw new TypeError(`Breaker failures must be a positive integer, got ${String(failures)}.`);
    if (!(coolDownMs > 0)) throw new TypeError(`Breaker coolDownMs must be positive, got ${String(coolDownMs)}.`);
    // Stale outcomes (see `execute`) are neither failures nor errors cockatiel handles.
    const failedError = (err: Error) => !(err instanceof StaleOutcome) && o.isFailedError(err);
    const failedAnswer = (r: unknown) => r instanceof Fresh && o.isFailedAnswer(r.value);
    this.#policy = circuitBreaker(handleWhen(failedError).orWhenResult(failedAnswer), {
      breaker: new ConsecutiveBreaker(failures),
      halfOpenAfter: new CoolDown(o.clock, coolDownMs, o.clock.now()),
    });
    const record = (state: CircuitState) => breakerState.set({ source: o.source }, BREAKER_STATE[STATE_NAMES[state]]);
    record(CircuitState.Closed);
    this.#policy.onStateChange(record);
    // A new epoch on opening, closing, and just before the trial call starts (onHalfOpen fires before
    // cockatiel runs it; its state change only after), so the trial itself is always current.
    const nextEpoch = () => {
      this.#epoch += 1;
    };
    this.#policy.onBreak(nextEpoch);
    this.#policy.onReset(nextEpoch);
    this.#policy.onHalfOpen(nextEpoch);
  }

  /** closed, halfOpen (a trial is running) or open (until the next call after the cool-down). */
  get state(): BreakerStateName {
    return STATE_NAMES[this.#policy.state];
  }

  /**
   * Run `fn` through the breaker; while open, throw `circuitOpenError` without running it. A call that
   * started before the circuit changed state (a slow call sent while closed, ending during the
   * half-open trial) does not count: cockatiel would let its failure re-open the circuit over the
   * trial's head.
   */
  async execute<R>(fn: () => Promise<R>): Promise<R> {
    let outcome: Fresh<R> | Stale<R>;
    try {
      outcome = await this.#policy.execute(async () => {
        const epoch = this.#epoch;
        try {
          const value = await fn();
          return epoch === this.#epoch ? new Fresh(value) : new Stale(value);
        } catch (err) {
          throw epoch === this.#epoch ? err : new StaleOutcome(err);
        }
      });
    } catch (err) {
      if (isBrokenCircuitError(err)) throw circuitOpenError(this.source);
      if (err instanceof StaleOutcome) throw err.error;
      throw err;
    }
    return outcome.value;
  }
}

/** An answer of a call that ran within one breaker state. */
class Fresh<R> {
  constructor(readonly value: R) {}
}

/** An answer of a call during which the breaker changed state. */
class Stale<R> {
  constructor(readonly value: R) {}
}

/** A failure of a call during which the breaker changed state (rethrown unwrapped to the caller). */
class StaleOutcome extends Error {
  constructor(readonly error: unknown) {
    super('stale outcome');
  }
}

/** The answer of an open breaker: SOURCE_UNAVAILABLE with reason `circuit-open` (outcome CIRCUIT_OPEN in lists). */
export function circuitOpenError(source: string): GraphQLError {
  return switchyardError('SOURCE_UNAVAILABLE', `Source "${source}" was not called: circuit open after repeated failures.`, { source, reason: 'circuit-open' });
}
