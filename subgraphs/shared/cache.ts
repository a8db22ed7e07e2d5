/**
 * The cross-request cache (DESIGN §7): keyv over a bounded in-memory LRU by default, or Redis when a URL
 * is configured, so replicas share it. Every key carries the source instance and a fingerprint of the
 * backend credential (or the principal id), so one caller's data is never served to another.
 * Invalidation is by generation: a write bumps the (instance, fingerprint) generation, which orphans
 * every key written before it, list snapshots included, without scanning.
 */
import { cacheHits, cacheMisses } from './metrics.js';
import { createHash } from 'node:crypto';
import Keyv from 'keyv';
import { type Clock, systemClock } from './clock.js';
import { LruMap } from './lruMap.js';

export interface CacheOptions {
  /** redis://… to share the cache across replicas; omitted: in-memory LRU. */
  readonly redisUrl?: string | undefined;
  /** LRU bound. @default 5_000 */
  readonly maxEntries?: number;
  /** Prefix of every key, so several stacks can share one Redis. @default 'switchyard' */
  readonly namespace?: string;
}

export interface SourceCache {
  /** The cached value, or undefined. */
  get<T>(scope: CacheScope, key: string): Promise<T | undefined>;
  set(scope: CacheScope, key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Read through: compute on a miss and store the result for `ttlMs`. */
  wrap<T>(scope: CacheScope, key: string, ttlMs: number, compute: () => Promise<T>): Promise<T>;
  /** Forget everything cached for this scope. */
  invalidate(scope: CacheScope): Promise<void>;
  readonly stats: { hits: number; misses: number };
  close(): Promise<void>;
}

/** Whose data a key holds: the source instance and the credential (or principal) it was read with. */
export interface CacheScope {
  readonly instance: string;
  readonly fingerprint: string;
}

/** A short, non-reversible fingerprint of a backend credential. */
export function credentialFingerprint(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/** The shortest real-time TTL given to Redis for an entry (see `set`). */
const MIN_STORE_TTL_MS = 60_000;

/** What is stored: the value and its expiry on the injected clock (keyv's own TTL is only a memory bound). */
interface Entry {
  readonly v: unknown;
  readonly e: number;
}

export async function createSourceCache(options: CacheOptions = {}, clock: Clock = systemClock): Promise<SourceCache> {
  const namespace = options.namespace ?? 'switchyard';
  let keyv: Keyv;
  if (options.redisUrl) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    keyv = new Keyv({ store: new KeyvRedis(options.redisUrl), namespace, useKeyPrefix: false });
  } else {
    const store = new LruMap<string, unknown>(options.maxEntries ?? 5_000);
    // In one process there is nothing to serialise: keep the objects (cached values are never mutated).
    // keyv's default JSON round trip costs seconds on whole-pipeline CMF pulls and large snapshots.
    keyv = new Keyv({ store, namespace });
    keyv.serialize = undefined;
    keyv.deserialize = undefined;
  }
  const stats = { hits: 0, misses: 0 };
  const genKey = (s: CacheScope) => `${namespace}:gen:${s.instance}:${s.fingerprint}`;
  const fullKey = async (s: CacheScope, key: string) => {
    const gen = ((await keyv.get<number>(genKey(s))) ?? 0).toString(36);
    return `${namespace}:v:${s.instance}:${s.fingerprint}:${gen}:${key}`;
  };

  const cache: SourceCache = {
    stats,
    async get<T>(scope: CacheScope, key: string) {
      const entry = await keyv.get<Entry>(await fullKey(scope, key));
      if (entry === undefined || entry.e <= clock.now()) {
        stats.misses += 1;
        cacheMisses.inc({ source: scope.instance });
        return undefined;
      }
      stats.hits += 1;
      cacheHits.inc({ source: scope.instance });
      return entry.v as T;
    },
    async set(scope, key, value, ttlMs) {
      const entry: Entry = { v: value, e: clock.now() + ttlMs };
      // Expiry is the injected clock's (`e`); keyv's own TTL runs on real time, so it only reclaims
      // Redis memory, with a floor: a 2 s TTL on real time would drop an entry a test's manual clock (or a
      // slow machine between two reads of one request) still holds valid. In memory the LRU bounds it.
      await keyv.set(await fullKey(scope, key), entry, options.redisUrl ? Math.max(ttlMs, MIN_STORE_TTL_MS) : undefined);
    },
    async wrap<T>(scope: CacheScope, key: string, ttlMs: number, compute: () => Promise<T>) {
      const hit = await cache.get<T>(scope, key);
      if (hit !== undefined) return hit;
      const value = await compute();
      await cache.set(scope, key, value, ttlMs);
      return value;
    },
    async invalidate(scope) {
      const current = (await keyv.get<number>(genKey(scope))) ?? 0;
      await keyv.set(genKey(scope), current + 1);
    },
    async close() {
      await keyv.disconnect();
    },
  };
  return cache;
}
