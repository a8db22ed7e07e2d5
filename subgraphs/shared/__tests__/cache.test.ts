import { describe, expect, it, jest } from '@jest/globals';
import { createSourceCache, credentialFingerprint } from '../cache.js';
import { LruMap } from '../lruMap.js';

describe('LruMap', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    m.get('a');
    m.set('c', 3);
    expect([...m.keys()]).toEqual(['a', 'c']);
  });
});

describe('createSourceCache', () => {
  const scope = { instance: 'clearml', fingerprint: credentialFingerprint('AK', 'SK') };

  it('expires entries on the injected clock', async () => {
    let now = 1_000;
    const cache = await createSourceCache({}, { now: () => now });
    await cache.set(scope, 'k', { v: 1 }, 500);
    expect(await cache.get(scope, 'k')).toEqual({ v: 1 });
    now += 501;
    expect(await cache.get(scope, 'k')).toBeUndefined();
    expect(cache.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('keeps an entry the injected clock holds valid however much real time passes (keyv\'s TTL runs on real time)', async () => {
    const cache = await createSourceCache({}, { now: () => 1_000 });
    jest.useFakeTimers({ now: Date.now() });
    try {
      await cache.set(scope, 'short', 'still valid', 2_000);
      jest.setSystemTime(Date.now() + 10_000);
      expect(await cache.get(scope, 'short')).toBe('still valid');
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps one credential\'s entries away from another\'s', async () => {
    const cache = await createSourceCache();
    await cache.set(scope, 'k', 'mine', 10_000);
    expect(await cache.get({ ...scope, fingerprint: credentialFingerprint('other', 'SK') }, 'k')).toBeUndefined();
  });

  it('forgets everything of a scope on invalidate, and nothing of other scopes', async () => {
    const cache = await createSourceCache();
    const other = { instance: 'comet', fingerprint: 'f' };
    await cache.set(scope, 'a', 1, 10_000);
    await cache.set(other, 'a', 2, 10_000);
    await cache.invalidate(scope);
    expect(await cache.get(scope, 'a')).toBeUndefined();
    expect(await cache.get(other, 'a')).toBe(2);
  });

  it('shares entries across replicas through Redis', async () => {
    const namespace = `switchyard-test-${process.pid}-${Date.now()}`;
    const a = await createSourceCache({ redisUrl: 'redis://127.0.0.1:6379', namespace });
    const b = await createSourceCache({ redisUrl: 'redis://127.0.0.1:6379', namespace });
    try {
      await a.set(scope, 'shared', { n: 42 }, 10_000);
      expect(await b.get(scope, 'shared')).toEqual({ n: 42 });
      await b.invalidate(scope);
      expect(await a.get(scope, 'shared')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
