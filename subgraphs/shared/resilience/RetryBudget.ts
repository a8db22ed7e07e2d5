/**
 * A retry budget per source instance (the idea of Finagle's RetryBudget and gRPC's retry throttling):
 * retries may add at most `ratio` of the calls made over a sliding window, plus a small reserve per
 * second so a quiet source can still retry a blip. A tracker that is down then sees at most that many
 * extra calls instead of one retry per call. Time is the injected clock, so tests need no waiting.
 */
import type { Clock } from '../clock.js';

export interface RetryBudgetSettings {
  /** Retries allowed per call made in the window. @default 0.1 */
  readonly ratio: number;
  /** Retries allowed per second of the window whatever the traffic. @default 3 */
  readonly minPerSecond: number;
  /** The sliding window. @default 10_000 */
  readonly windowMs: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetSettings = { ratio: 0.1, minPerSecond: 3, windowMs: 10_000 };

interface Bucket {
  /** Start of the bucket's second, in clock ms. */
  readonly at: number;
  calls: number;
  retries: number;
}

export class RetryBudget {
  readonly settings: RetryBudgetSettings;
  readonly #clock: Clock;
  /** One bucket per second with traffic, oldest first; at most windowMs / 1000 of them. */
  #buckets: Bucket[] = [];

  constructor(clock: Clock, settings: Partial<RetryBudgetSettings> = {}) {
    this.settings = { ...DEFAULT_RETRY_BUDGET, ...settings };
    const { ratio, minPerSecond, windowMs } = this.settings;
    if (!(ratio >= 0) || !(minPerSecond >= 0) || !(windowMs >= 1_000)) throw new TypeError(`Invalid retry budget ${JSON.stringify(this.settings)}: ratio and minPerSecond ≥ 0, windowMs ≥ 1000.`);
    this.#clock = clock;
  }

  /** Count a first attempt (it earns `ratio` of a retry). */
  recordCall(): void {
    this.#current().calls += 1;
  }

  /** Take one retry from the budget; false when the window's retries are spent. */
  tryRetry(): boolean {
    const bucket = this.#current();
    let calls = 0;
    let retries = 0;
    for (const b of this.#buckets) {
      calls += b.calls;
      retries += b.retries;
    }
    const allowed = Math.floor(this.settings.minPerSecond * (this.settings.windowMs / 1_000) + this.settings.ratio * calls);
    if (retries >= allowed) return false;
    bucket.retries += 1;
    return true;
  }

  /** The bucket of this second, after dropping the ones that left the window. */
  #current(): Bucket {
    const now = this.#clock.now();
    const at = now - (now % 1_000);
    this.#buckets = this.#buckets.filter((b) => b.at > now - this.settings.windowMs);
    const last = this.#buckets.at(-1);
    if (last && last.at === at) return last;
    const bucket: Bucket = { at, calls: 0, retries: 0 };
    this.#buckets.push(bucket);
    return bucket;
  }
}
