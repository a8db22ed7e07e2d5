/**
 * Bounded concurrency towards trackers that need one call per object (Comet's per-experiment reads,
 * CMF's per-pipeline pulls, ClearML's per-task series): DESIGN §5.1 caps fan-outs at eight calls in
 * flight, per connector across concurrent requests with `Limiter`, and per fan-out with `mapBounded`,
 * which also stops starting new calls once one has failed.
 */

/** Most backend calls one connector has in flight. */
export const MAX_IN_FLIGHT = 8;

/** A counting semaphore: `run` waits for a free slot, so at most `max` tasks run at once. */
export class Limiter {
  readonly max: number;
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`Limiter max must be a positive integer, got ${String(max)}.`);
    this.max = max;
  }

  /** Tasks running now (for tests and metrics). */
  get active(): number {
    return this.#active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.max) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never drops below a queued demand.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}

/**
 * `fn` over `items` with at most `limit` calls in flight, results in input order. The first failure
 * rejects the whole call and no further item is started (calls already running finish on their own).
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next;
      next += 1;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
