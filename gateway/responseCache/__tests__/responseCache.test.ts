import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { cacheableRequest, type CachedResponse, createResponseCache, type ResponseCache } from '../responseCache.js';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../../test/helpers/redis.js';

const REDIS = TEST_REDIS_URL;
const namespace = `test-rc-${randomUUID()}`;
const answer: CachedResponse = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"data":{"tasks":[]}}' };
const request = (principalId: string, query = '{ tasks(first: 5) { edges { node { id } } } }', accept = 'application/json') => ({ principalId, accept, body: Buffer.from(JSON.stringify({ query })) });

class FakeClock {
  t = Date.UTC(2026, 11, 7, 9);
  now(): number {
    return this.t;
  }
}

afterAll(async () => {
  await deleteRedisKeys(namespace);
});

describe.each([
  ['memory', undefined],
  ['Redis', REDIS],
])('the response cache in %s', (_label, redisUrl) => {
  const open = async (clock: FakeClock, ns = `${namespace}-${_label}`): Promise<ResponseCache> => createResponseCache({ ttlMs: 5_000, redisUrl, namespace: ns, clock });

  it('keys by principal, Accept and the exact body, and serves an answer until its TTL on the injected clock', async () => {
    const clock = new FakeClock();
    const cache = await open(clock, `${namespace}-${_label}-ttl`);
    try {
      const key = await cache.keyFor(request('alice'));
      expect(await cache.get(key)).toBeUndefined();
      await cache.set(key, answer);
      expect(await cache.get(key)).toEqual(answer);
      // Another principal, another content type, another operation: other keys.
      for (const other of [request('bob'), request('alice', undefined, 'application/graphql-response+json'), request('alice', '{ tasks(first: 6) { edges { node { id } } } }')]) {
        const k = await cache.keyFor(other);
        expect(k).not.toBe(key);
        expect(await cache.get(k)).toBeUndefined();
      }
      clock.t += 4_999;
      expect(await cache.get(key)).toEqual(answer);
      clock.t += 1;
      expect(await cache.get(key)).toBeUndefined();
    } finally {
      await cache.close();
    }
  });

  it('orphans every answer on a write, for every instance sharing the store', async () => {
    const clock = new FakeClock();
    const ns = `${namespace}-${_label}-gen`;
    const a = await open(clock, ns);
    // Two instances share one store only through Redis; in memory each replica has its own.
    const b = redisUrl ? await open(clock, ns) : a;
    try {
      const before = await a.keyFor(request('alice'));
      await a.set(before, answer);
      expect(await b.get(await b.keyFor(request('alice')))).toEqual(answer);
      await b.invalidateAll();
      const after = await a.keyFor(request('alice'));
      expect(after).not.toBe(before);
      expect(await a.get(after)).toBeUndefined();
    } finally {
      await a.close();
      if (b !== a) await b.close();
    }
  });
});

describe('what may be looked up', () => {
  it('only JSON POSTs (a hit skips Apollo, so it must not skip its CSRF check)', () => {
    expect(cacheableRequest('POST', 'application/json')).toBe(true);
    expect(cacheableRequest('POST', 'application/json; charset=utf-8')).toBe(true);
    expect(cacheableRequest('GET', 'application/json')).toBe(false);
    expect(cacheableRequest('POST', 'text/plain')).toBe(false);
    expect(cacheableRequest('POST', 'application/x-www-form-urlencoded')).toBe(false);
    expect(cacheableRequest('POST', undefined)).toBe(false);
  });

  it('refuses a TTL that is not positive', async () => {
    await expect(createResponseCache({ ttlMs: 0, clock: new FakeClock() })).rejects.toThrow(/ttlMs/);
  });
});
