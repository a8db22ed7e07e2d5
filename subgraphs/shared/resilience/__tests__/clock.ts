/** A clock tests move by hand (the subgraphs' Clock has no manual one; emulators are off limits here). */
import type { Clock } from '../../clock.js';

export class TestClock implements Clock {
  #now: number;
  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
