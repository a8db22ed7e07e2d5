/** Time source injected into connectors, caches, cursors and tokens so tests never wait for real time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
