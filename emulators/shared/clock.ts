/** A source of "now" in epoch milliseconds, injectable so tests never wait for real time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for deterministic seeds and TTL tests. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(epochMs: number): void {
    this.#now = epochMs;
  }
}
