/**
 * Per-minute, per-user, per-data-type budgets (reference §6.4, Comet's "limits and performance" page): Comet does not
 * reject logging beyond them with a 429; it keeps the write's 200, drops the excess and marks the experiment
 * throttled (`throttle: true` in its metadata, a `throttled` log-other). Windows are calendar minutes of the injected
 * clock (`floor(now / 60 000)`), so a ManualClock drives them; every API key belongs to the one emulated user, so the
 * budget is shared by all experiments.
 */
import type { Clock } from '../shared/index.js';

/** The data types Comet budgets separately. `other` is everything that is not a metric, parameter or stdout. */
export type ThrottleCategory = 'metrics' | 'parameters' | 'output' | 'other';

/** Messages per minute per user, by data type. */
export interface CometThrottleBudgets {
  readonly metrics: number;
  readonly parameters: number;
  readonly output: number;
  readonly other: number;
}

/** The documented budgets: metrics 12,000/min, parameters 10,000/min, output 12,000/min, everything else 8,000/min. */
export const COMET_THROTTLE_BUDGETS: CometThrottleBudgets = { metrics: 12_000, parameters: 10_000, output: 12_000, other: 8_000 };

export const THROTTLE_WINDOW_MILLIS = 60_000;

/** What the emulator puts in `throttleMessage` (the real text is not recorded anywhere). */
export const THROTTLE_MESSAGE = 'Experiment was throttled: data beyond the per-minute rate limits was dropped';

const LABELS: Readonly<Record<ThrottleCategory, string>> = {
  metrics: 'metrics',
  parameters: 'parameters',
  output: 'output lines',
  other: 'other messages',
};

/** The `throttleReasons` entry for a category (emulator wording). */
export function throttleReason(category: ThrottleCategory, budget: number): string {
  return `${LABELS[category]} rate limit exceeded: ${budget} per minute`;
}

/** Counts messages per category in the current minute and says how many of a batch fit. */
export class Throttler {
  readonly budgets: CometThrottleBudgets;
  readonly #clock: Clock;
  readonly #used = new Map<ThrottleCategory, { window: number; count: number }>();

  constructor(clock: Clock, budgets: Partial<CometThrottleBudgets> = {}) {
    this.#clock = clock;
    this.budgets = { ...COMET_THROTTLE_BUDGETS, ...budgets };
  }

  /** Takes up to `n` messages from the category's budget; returns how many were admitted (the rest is dropped). */
  admit(category: ThrottleCategory, n = 1): number {
    const window = Math.floor(this.#clock.now() / THROTTLE_WINDOW_MILLIS);
    let used = this.#used.get(category);
    if (!used || used.window !== window) {
      used = { window, count: 0 };
      this.#used.set(category, used);
    }
    const admitted = Math.max(0, Math.min(n, this.budgets[category] - used.count));
    used.count += admitted;
    return admitted;
  }
}
