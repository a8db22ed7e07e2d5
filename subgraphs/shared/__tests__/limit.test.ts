import { describe, expect, it } from '@jest/globals';
import { Limiter, MAX_IN_FLIGHT, mapBounded } from '../limit.js';

/** Tasks that finish only when released, counting how many run at once. */
function gate() {
  let running = 0;
  let max = 0;
  const pending: (() => void)[] = [];
  const task = async <T>(value: T): Promise<T> => {
    running += 1;
    max = Math.max(max, running);
    await new Promise<void>((resolve) => pending.push(resolve));
    running -= 1;
    return value;
  };
  const releaseAll = async (done: Promise<unknown>) => {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    while (!finished) {
      pending.splice(0).forEach((r) => r());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { task, releaseAll, max: () => max, waiting: () => pending.length };
}

describe('bounded concurrency (DESIGN §5.1: at most eight calls in flight)', () => {
  it('mapBounded keeps `limit` calls in flight per fan-out (ClearML series, console logs, serving endpoints) and keeps input order', async () => {
    const g = gate();
    const items = Array.from({ length: 30 }, (_, i) => i);
    const done = mapBounded(items, MAX_IN_FLIGHT, (i) => g.task(i * 2));
    await new Promise((r) => setImmediate(r));
    expect(g.waiting()).toBe(8);
    await g.releaseAll(done);
    expect(await done).toEqual(items.map((i) => i * 2));
    expect(g.max()).toBe(8);
  });

  it('a Limiter bounds one connector across concurrent fan-outs', async () => {
    const g = gate();
    const limiter = new Limiter(MAX_IN_FLIGHT);
    const fanOut = () => mapBounded(Array.from({ length: 10 }, (_, i) => i), MAX_IN_FLIGHT, (i) => limiter.run(() => g.task(i)));
    const done = Promise.all([fanOut(), fanOut(), fanOut()]);
    await new Promise((r) => setImmediate(r));
    expect(limiter.active).toBe(8);
    await g.releaseAll(done);
    expect(g.max()).toBe(8);
  });

  it('mapBounded starts no further item after a failure', async () => {
    let started = 0;
    const failing = mapBounded(Array.from({ length: 20 }, (_, i) => i), 2, async (i) => {
      started += 1;
      if (i === 1) throw new Error('boom');
      await new Promise((r) => setImmediate(r));
      return i;
    });
    await expect(failing).rejects.toThrow('boom');
    expect(started).toBeLessThanOrEqual(3);
  });
});
