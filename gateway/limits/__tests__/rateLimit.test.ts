import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { rateLimited } from '../../../subgraphs/shared/metrics.js';
import { createRateLimiter, memoryRateStore, type RatePolicy, rateKey, redisRateStore, type RateStore, takeToken } from '../rateLimit.js';
import { createClient } from '@keyv/redis';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../../test/helpers/redis.js';

const REDIS = TEST_REDIS_URL;
const policy: RatePolicy = { perMinute: 6, burst: 3 };

class FakeClock {
  constructor(public t = Date.UTC(2026, 0, 5, 8)) {}
  now(): number {
    return this.t;
  }
}

describe('token bucket', () => {
  it('lets a burst through, refuses the next with the wait for one token, and refills at perMinute', () => {
    const t0 = 1_000_000;
    let state = undefined as Parameters<typeof takeToken>[0];
    const decisions = [];
    for (let i = 0; i < 4; i++) {
      const r = takeToken(state, policy, t0);
      state = r.state;
      decisions.push(r.decision);
    }
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    // 6 per minute: one token every 10 s.
    expect(decisions[3]?.retryAfterMs).toBe(10_000);
    expect(takeToken(state, policy, t0 + 9_999).decision.allowed).toBe(false);
    expect(takeToken(state, policy, t0 + 10_000).decision.allowed).toBe(true);
    // Never more than the burst, however long the wait.
    const later = takeToken(state, policy, t0 + 3_600_000);
    expect(later.state.tokens).toBe(2);
  });
});

const prefix = `test-rl-${randomUUID()}`;
afterAll(async () => {
  await deleteRedisKeys(`${prefix}:`);
});

async function drive(store: RateStore, clock: FakeClock, key: string, steps: readonly number[]): Promise<boolean[]> {
  const out: boolean[] = [];
  for (const dt of steps) {
    clock.t += dt;
    out.push((await store.take(key, policy, clock.now())).allowed);
  }
  return out;
}

describe('rate stores', () => {
  it('decide alike in memory and in Redis (the Lua script is the same step)', async () => {
    const steps = [0, 0, 0, 0, 5_000, 5_000, 1, 10_000, 30_000, 0, 0, 0, 0, 60_000];
    const memClock = new FakeClock();
    const redisClock = new FakeClock();
    const redis = await redisRateStore(REDIS, () => undefined);
    try {
      const inMemory = await drive(memoryRateStore(), memClock, 'k', steps);
      const inRedis = await drive(redis, redisClock, `${prefix}:parity`, steps);
      expect(inRedis).toEqual(inMemory);
      expect(inMemory).toEqual([true, true, true, false, false, true, false, true, true, true, true, false, false, true]);
    } finally {
      await redis.close();
    }
  });

  it('share one bucket between two replicas through Redis, and let the key expire once the bucket is full again', async () => {
    const clock = new FakeClock();
    const settings = { perMinute: 5, principals: { 'api-key:other': { perMinute: 50 } }, keyPrefix: prefix };
    const [a, b] = [createRateLimiter(settings, await redisRateStore(REDIS, () => undefined), clock, () => undefined), createRateLimiter(settings, await redisRateStore(REDIS, () => undefined), clock, () => undefined)];
    try {
      const before = await refusals('graphql');
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await (i % 2 === 0 ? a : b).admit('graphql', 'api-key:limited'));
      expect(answers.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      // 5 per minute: a token every 12 s.
      expect(answers[5]).toEqual({ retryAfterSeconds: 12, perMinute: 5 });
      expect(await a.admit('graphql', 'api-key:limited')).toBeDefined();
      expect(await refusals('graphql')).toBe(before + 2);
      // Another principal, or the same one on another surface, has its own bucket.
      expect(await b.admit('graphql', 'api-key:other')).toBeUndefined();
      expect(await b.admit('clearml', 'api-key:limited')).toBeUndefined();

      const admin = createClient({ url: REDIS });
      await admin.connect();
      const ttl = await admin.pTTL(rateKey(prefix, 'graphql', 'api-key:limited'));
      await admin.close();
      // Empty bucket: full again after 5 tokens × 12 s, plus a second of slack.
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(61_000);

      clock.t += 12_000;
      expect(await b.admit('graphql', 'api-key:limited')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('lets requests through when Redis cannot be reached, and says so once', async () => {
    const warnings: string[] = [];
    const store = await redisRateStore('redis://127.0.0.1:1', (_f, msg) => warnings.push(msg), 300);
    const limiter = createRateLimiter({ perMinute: 1, principals: {}, keyPrefix: prefix }, store, new FakeClock(), (_f, msg) => warnings.push(msg));
    try {
      expect(await limiter.admit('graphql', 'anonymous')).toBeUndefined();
      expect(await limiter.admit('graphql', 'anonymous')).toBeUndefined();
      expect(warnings.filter((w) => w.includes('unreachable'))).toHaveLength(1);
      expect(warnings.filter((w) => w.includes('let through')).length).toBeGreaterThanOrEqual(2);
    } finally {
      await limiter.close();
    }
  });

  it('applies a principal override with its own burst, in memory', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ perMinute: 100, burst: 1, principals: { ci: { perMinute: 2, burst: 2 } }, keyPrefix: 'x' }, memoryRateStore(), clock, () => undefined);
    expect([await limiter.admit('cmf', 'someone'), await limiter.admit('cmf', 'someone')].map(Boolean)).toEqual([false, true]);
    expect([await limiter.admit('cmf', 'ci'), await limiter.admit('cmf', 'ci'), await limiter.admit('cmf', 'ci')].map(Boolean)).toEqual([false, false, true]);
  });
});

async function refusals(surface: string): Promise<number> {
  const metric = await rateLimited.get();
  return metric.values.find((v) => v.labels['surface'] === surface)?.value ?? 0;
}
