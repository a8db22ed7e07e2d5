import { describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { switchyardError } from '../../errors.js';
import { sourceErrors, sourceRequestDuration } from '../../metrics.js';
import { createSourceGuard } from '../SourceGuard.js';
import { TestClock } from './clock.js';

type Step = number | GraphQLError | Error;

/** An attempt that answers the scripted statuses (or throws the scripted errors) in turn, recording each timeout it got. */
function script(...steps: Step[]) {
  const timeouts: number[] = [];
  const attempt = (timeoutMs: number) => {
    timeouts.push(timeoutMs);
    const step = steps[Math.min(timeouts.length - 1, steps.length - 1)] ?? 200;
    return typeof step === 'number' ? Promise.resolve({ statusCode: step }) : Promise.reject(step);
  };
  return { attempt, timeouts, calls: () => timeouts.length };
}
const unreachable = (source: string) => switchyardError('SOURCE_UNAVAILABLE', `Source "${source}" is unreachable (ECONNREFUSED).`, { source });
const timedOut = (source: string) => switchyardError('SOURCE_TIMEOUT', `Source "${source}" did not answer in time.`, { source });
const settle = (p: Promise<unknown>) => p.then((v) => ({ value: v }), (e: unknown) => ({ error: e as GraphQLError }));

describe('SourceGuard', () => {
  it('retries a read once after a connection failure or a 502/503/504, never a timeout or a 500', async () => {
    const guard = createSourceGuard({ source: 'g-retry', clock: new TestClock(), timeoutMs: 1_000 });
    const refused = script(unreachable('g-retry'), 200);
    expect(await guard.call({ operation: 'a', kind: 'read' }, refused.attempt)).toEqual({ statusCode: 200 });
    expect(refused.calls()).toBe(2);
    const busy = script(503, 503, 503);
    expect(await guard.call({ operation: 'a', kind: 'read' }, busy.attempt)).toEqual({ statusCode: 503 });
    expect(busy.calls()).toBe(2);
    const slow = script(timedOut('g-retry'), 200);
    expect(await settle(guard.call({ operation: 'a', kind: 'read' }, slow.attempt))).toMatchObject({ error: { extensions: { code: 'SOURCE_TIMEOUT' } } });
    expect(slow.calls()).toBe(1);
    const crashed = script(500, 200);
    expect(await guard.call({ operation: 'a', kind: 'read' }, crashed.attempt)).toEqual({ statusCode: 500 });
    expect(crashed.calls()).toBe(1);
  });

  it('never retries writes or passthroughs', async () => {
    const guard = createSourceGuard({ source: 'g-write', clock: new TestClock(), timeoutMs: 1_000 });
    for (const kind of ['write', 'passthrough'] as const) {
      const s = script(unreachable('g-write'), 200);
      expect(await settle(guard.call({ operation: 'a', kind }, s.attempt))).toMatchObject({ error: { extensions: { code: 'SOURCE_UNAVAILABLE' } } });
      expect(s.calls()).toBe(1);
    }
  });

  it('stops retrying when the source’s retry budget is spent, so a down tracker is not hammered', async () => {
    const guard = createSourceGuard({ source: 'g-budget', clock: new TestClock(), timeoutMs: 1_000, retryBudget: { ratio: 0, minPerSecond: 0.3, windowMs: 10_000 }, breaker: { failures: 1_000 } });
    let calls = 0;
    for (let i = 0; i < 10; i += 1) {
      const s = script(503);
      await guard.call({ operation: 'a', kind: 'read' }, s.attempt);
      calls += s.calls();
    }
    expect(calls).toBe(13);
  });

  it('reports the failure that opened the breaker, not the refusal of its retry, then refuses without calling', async () => {
    const guard = createSourceGuard({ source: 'g-open', clock: new TestClock(), timeoutMs: 1_000, breaker: { failures: 1, coolDownMs: 5_000 } });
    const first = script(unreachable('g-open'), 200);
    const res = await settle(guard.call({ operation: 'a', kind: 'read' }, first.attempt));
    expect('error' in res && res.error.message).toBe('Source "g-open" is unreachable (ECONNREFUSED).');
    expect(first.calls()).toBe(1);
    const next = script(200);
    const refused = await settle(guard.call({ operation: 'a', kind: 'read' }, next.attempt));
    expect('error' in refused && refused.error.extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', source: 'g-open', reason: 'circuit-open' });
    expect(next.calls()).toBe(0);
  });

  it('keeps calls to another host (breaker: false) out of the breaker', async () => {
    const guard = createSourceGuard({ source: 'g-other', clock: new TestClock(), timeoutMs: 1_000, breaker: { failures: 1 } });
    await guard.call({ operation: 'POST /prediction', kind: 'write', breaker: false }, script(503).attempt);
    expect(guard.breaker.state).toBe('closed');
    await guard.call({ operation: 'GET /model/all', kind: 'write' }, script(503).attempt);
    expect(guard.breaker.state).toBe('open');
    expect(await guard.call({ operation: 'POST /prediction', kind: 'write', breaker: false }, script(200).attempt)).toEqual({ statusCode: 200 });
  });

  it('gives each attempt the configured timeout of its operation, else the connector’s default, else the source’s', async () => {
    const guard = createSourceGuard({ source: 'g-time', clock: new TestClock(), timeoutMs: 10_000, timeouts: { 'POST /deployment/add': 900_000 } });
    const s = script(200);
    await guard.call({ operation: 'POST /deployment/add', kind: 'write', timeoutMs: 600_000 }, s.attempt);
    await guard.call({ operation: 'POST /prediction', kind: 'write', timeoutMs: 30_000 }, s.attempt);
    await guard.call({ operation: 'GET /model/all', kind: 'read' }, s.attempt);
    expect(s.timeouts).toEqual([900_000, 30_000, 10_000]);
  });

  it('turns unexpected throws into SOURCE_ERROR naming the source and records each attempt in the metrics', async () => {
    const guard = createSourceGuard({ source: 'g-metrics', clock: new TestClock(), timeoutMs: 1_000 });
    const res = await settle(guard.call({ operation: 'a', kind: 'read' }, script(new Error('socket exploded at http://10.0.0.1')).attempt));
    expect('error' in res && res.error.extensions).toEqual({ code: 'SOURCE_ERROR', source: 'g-metrics' });
    expect('error' in res && res.error.message).toBe('Source "g-metrics" failed.');
    await guard.call({ operation: 'a', kind: 'read' }, script(200).attempt);
    await guard.call({ operation: 'a', kind: 'read' }, script(404).attempt);
    await guard.call({ operation: 'a', kind: 'read' }, script(503, 503).attempt);
    const errors = (await sourceErrors.get()).values.filter((v) => v.labels['source'] === 'g-metrics');
    expect(Object.fromEntries(errors.map((v) => [v.labels['code'], v.value]))).toEqual({ SOURCE_ERROR: 1, SOURCE_UNAVAILABLE: 2 });
    const counts = (await sourceRequestDuration.get()).values.filter((v) => v.labels['source'] === 'g-metrics' && v.metricName === 'switchyard_source_request_duration_seconds_count');
    expect(Object.fromEntries(counts.map((v) => [v.labels['outcome'], v.value]))).toEqual({ ok: 2, SOURCE_ERROR: 1, SOURCE_UNAVAILABLE: 2 });
  });
});
