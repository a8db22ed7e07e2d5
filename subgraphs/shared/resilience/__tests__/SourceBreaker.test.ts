import { describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { switchyardError } from '../../errors.js';
import { breakerState } from '../../metrics.js';
import { isFailedAnswer, isFailedError } from '../availability.js';
import { SourceBreaker } from '../SourceBreaker.js';
import { TestClock } from './clock.js';

const setup = (source: string, failures = 3, coolDownMs = 10_000) => {
  const clock = new TestClock();
  const breaker = new SourceBreaker({ source, clock, settings: { failures, coolDownMs }, isFailedError, isFailedAnswer });
  let calls = 0;
  const answer = (status: number) => () => {
    calls += 1;
    return Promise.resolve({ statusCode: status });
  };
  const fail = (err: GraphQLError) => () => {
    calls += 1;
    return Promise.reject(err);
  };
  return { clock, breaker, answer, fail, calls: () => calls };
};
const settle = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: unknown) => ({ error: e as GraphQLError }));
const gauge = async (source: string) => (await breakerState.get()).values.find((v) => v.labels['source'] === source)?.value;
const timeout = (source: string) => switchyardError('SOURCE_TIMEOUT', `Source "${source}" did not answer in time.`, { source });

describe('SourceBreaker', () => {
  it('opens after N consecutive availability failures and then answers at once without calling the tracker', async () => {
    const b = setup('br-open');
    expect(await gauge('br-open')).toBe(0);
    await b.breaker.execute(b.answer(503));
    await settle(b.breaker.execute(b.fail(timeout('br-open'))));
    expect(b.breaker.state).toBe('closed');
    await b.breaker.execute(b.answer(500));
    expect(b.breaker.state).toBe('open');
    expect(await gauge('br-open')).toBe(2);
    const refused = await settle(b.breaker.execute(b.answer(200)));
    expect(b.calls()).toBe(3);
    expect('error' in refused && refused.error.extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', source: 'br-open', reason: 'circuit-open' });
    expect('error' in refused && refused.error.message).toBe('Source "br-open" was not called: circuit open after repeated failures.');
  });

  it('never counts 4xx answers or caller errors, and an answer in between resets the count', async () => {
    const b = setup('br-4xx', 2);
    for (let i = 0; i < 5; i += 1) await b.breaker.execute(b.answer(404));
    await settle(b.breaker.execute(b.fail(switchyardError('NOT_FOUND', 'no', { source: 'br-4xx' }))));
    await settle(b.breaker.execute(b.fail(switchyardError('BAD_USER_INPUT', 'no', { source: 'br-4xx' }))));
    await b.breaker.execute(b.answer(503));
    await b.breaker.execute(b.answer(400));
    await b.breaker.execute(b.answer(503));
    expect(b.breaker.state).toBe('closed');
    await b.breaker.execute(b.answer(502));
    expect(b.breaker.state).toBe('open');
  });

  it('half-opens only after the cool-down on the injected clock, with one trial call, and closes on its success', async () => {
    const b = setup('br-half', 1, 10_000);
    await b.breaker.execute(b.answer(503));
    b.clock.advance(9_999);
    expect('error' in (await settle(b.breaker.execute(b.answer(200))))).toBe(true);
    expect(b.calls()).toBe(1);
    b.clock.advance(1);
    let release: (v: { statusCode: number }) => void = () => undefined;
    const trial = b.breaker.execute(() => {
      b.answer(200)();
      return new Promise<{ statusCode: number }>((resolve) => {
        release = resolve;
      });
    });
    expect(b.breaker.state).toBe('halfOpen');
    expect(await gauge('br-half')).toBe(1);
    // Calls arriving during the trial wait for its verdict instead of reaching the tracker.
    const waiting = b.breaker.execute(b.answer(200));
    await Promise.resolve();
    expect(b.calls()).toBe(2);
    release({ statusCode: 200 });
    expect(await trial).toEqual({ statusCode: 200 });
    expect(await waiting).toEqual({ statusCode: 200 });
    expect(b.calls()).toBe(3);
    expect(b.breaker.state).toBe('closed');
    expect(await gauge('br-half')).toBe(0);
  });

  it('re-opens on a failed trial for another full cool-down', async () => {
    const b = setup('br-reopen', 1, 10_000);
    await b.breaker.execute(b.answer(503));
    b.clock.advance(10_000);
    await settle(b.breaker.execute(b.fail(timeout('br-reopen'))));
    expect(b.breaker.state).toBe('open');
    b.clock.advance(9_000);
    expect('error' in (await settle(b.breaker.execute(b.answer(200))))).toBe(true);
    expect(b.calls()).toBe(2);
    b.clock.advance(1_000);
    expect(await b.breaker.execute(b.answer(200))).toEqual({ statusCode: 200 });
    expect(b.breaker.state).toBe('closed');
  });

  it('does not let a slow call sent while closed re-open the circuit over the trial', async () => {
    const b = setup('br-stale', 2, 10_000);
    let failSlow: (e: unknown) => void = () => undefined;
    const slow = settle(b.breaker.execute(() => new Promise((_resolve, reject) => {
      failSlow = reject;
    })));
    await b.breaker.execute(b.answer(503));
    await b.breaker.execute(b.answer(503));
    expect(b.breaker.state).toBe('open');
    b.clock.advance(10_000);
    let passTrial: (v: { statusCode: number }) => void = () => undefined;
    const trial = b.breaker.execute(() => new Promise<{ statusCode: number }>((resolve) => {
      passTrial = resolve;
    }));
    failSlow(timeout('br-stale'));
    expect('error' in (await slow)).toBe(true);
    expect(b.breaker.state).toBe('halfOpen');
    passTrial({ statusCode: 200 });
    await trial;
    expect(b.breaker.state).toBe('closed');
  });

  it('refuses settings that make no sense, naming the value', () => {
    const clock = new TestClock();
    expect(() => new SourceBreaker({ source: 'x', clock, settings: { failures: 0 }, isFailedError, isFailedAnswer })).toThrow('Breaker failures must be a positive integer, got 0.');
    expect(() => new SourceBreaker({ source: 'x', clock, settings: { coolDownMs: -1 }, isFailedError, isFailedAnswer })).toThrow('Breaker coolDownMs must be positive, got -1.');
  });
});
