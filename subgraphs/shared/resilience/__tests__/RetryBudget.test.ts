import { describe, expect, it } from '@jest/globals';
import { RetryBudget } from '../RetryBudget.js';
import { TestClock } from './clock.js';

const take = (b: RetryBudget, n: number) => Array.from({ length: n }, () => b.tryRetry()).filter(Boolean).length;

describe('RetryBudget', () => {
  it('grants the per-second reserve of the window when a source is quiet, then refuses', () => {
    const b = new RetryBudget(new TestClock(), { ratio: 0.1, minPerSecond: 2, windowMs: 10_000 });
    expect(take(b, 25)).toBe(20);
    expect(b.tryRetry()).toBe(false);
  });

  it('grants a tenth of the calls made in the window on top of the reserve', () => {
    const b = new RetryBudget(new TestClock(), { ratio: 0.1, minPerSecond: 0, windowMs: 10_000 });
    for (let i = 0; i < 95; i += 1) b.recordCall();
    expect(take(b, 20)).toBe(9);
    for (let i = 0; i < 5; i += 1) b.recordCall();
    expect(take(b, 5)).toBe(1);
  });

  it('forgets calls and retries once they leave the sliding window (injected clock)', () => {
    const clock = new TestClock(0);
    const b = new RetryBudget(clock, { ratio: 0.5, minPerSecond: 0, windowMs: 5_000 });
    for (let i = 0; i < 10; i += 1) b.recordCall();
    expect(take(b, 10)).toBe(5);
    clock.advance(4_999);
    expect(b.tryRetry()).toBe(false);
    clock.advance(1);
    expect(b.tryRetry()).toBe(false);
    for (let i = 0; i < 4; i += 1) b.recordCall();
    expect(take(b, 10)).toBe(2);
  });

  it('refuses settings that make no sense', () => {
    expect(() => new RetryBudget(new TestClock(), { windowMs: 10 })).toThrow(/windowMs ≥ 1000/);
  });
});
