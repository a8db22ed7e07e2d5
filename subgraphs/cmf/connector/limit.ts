/**
 * At most eight pulls in flight towards one CMF server (DESIGN §5.1): a whole-pipeline dump is the
 * heaviest call CMF answers, and a listing pulls every pipeline. `Gate` bounds a connector across
 * concurrent requests, so a listing's fan-out over every pipeline waits its turn.
 */

/** Most backend calls one connector has in flight. */
export const MAX_IN_FLIGHT = 8;

/** A counting semaphore. */
export class Gate {
  readonly size: number;
  #busy = 0;
  readonly #queue: (() => void)[] = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new TypeError(`Gate size must be a positive integer, got ${String(size)}.`);
    this.size = size;
  }

  /** Calls running now. */
  get busy(): number {
    return this.#busy;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.#busy >= this.size) await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#busy += 1;
    try {
      return await task();
    } finally {
      this.#busy -= 1;
      this.#queue.shift()?.();
    }
  }
}
