/**
 * The full-response cache of the GraphQL endpoint (docs/adr/0013): a query's whole answer, keyed by the
 * caller's principal and the exact request, served before Apollo's pipeline runs. Off unless
 * `cache.responseTtlMs` is set. Only error-free answers to queries are stored (the plugin decides);
 * any write through Switchyard — a mutation, a REST write — bumps one generation that every key
 * carries, so what was cached before it is never served after it, on every replica sharing the Redis.
 * Answers written from outside Switchyard are bounded by the TTL.
 */
import { createHash } from 'node:crypto';
import Keyv from 'keyv';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { LruMap } from '../../subgraphs/shared/lruMap.js';
import { responseCacheLookups } from '../../subgraphs/shared/metrics.js';

export interface ResponseCacheOptions {
  /** How long an answer is served. */
  readonly ttlMs: number;
  /** Bound of the in-memory LRU. @default 5_000 */
  readonly maxEntries?: number;
  /** redis://… to share answers and the write generation with other replicas. */
  readonly redisUrl?: string | undefined;
  /** Prefix of every key, so several stacks can share one Redis. @default 'switchyard' */
  readonly namespace?: string;
  readonly clock: Clock;
}

/** An answer as it went out: status, the headers Apollo set, and the body. */
export interface CachedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What identifies one request's answer. Only JSON POSTs are cached (see `cacheableRequest`). */
export interface ResponseKeyParts {
  readonly principalId: string;
  /** The Accept header: it picks the response's content type. */
  readonly accept: string;
  readonly body: Buffer;
}

export interface ResponseCache {
  /** The key of this request under the current write generation. */
  keyFor(parts: ResponseKeyParts): Promise<string>;
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, response: CachedResponse): Promise<void>;
  /** A write went through Switchyard: orphan every answer cached before it. */
  invalidateAll(): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  readonly r: CachedResponse;
  /** Expiry on the injected clock (keyv's own TTL only bounds memory). */
  readonly e: number;
}

/**
 * CSRF prevention lets a POST with a JSON content type through without a preflight header; a GET or a
 * form POST would need Apollo's check, which a hit skips — so only JSON POSTs are looked up or stored.
 */
export function cacheableRequest(method: string | undefined, contentType: string | undefined): boolean {
  return method === 'POST' && typeof contentType === 'string' && /^application\/json\b/i.test(contentType.trim());
}

/** Where entries and the write generation live: a plain LRU in this process, or keyv over Redis. */
interface Store {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  close(): Promise<void>;
}

async function openStore(options: ResponseCacheOptions, namespace: string): Promise<Store> {
  if (options.redisUrl) {
    const { default: KeyvRedis } = await import('@keyv/redis');
    const keyv = new Keyv({ store: new KeyvRedis(options.redisUrl), namespace, useKeyPrefix: false });
    return {
      get: (key) => keyv.get(key),
      set: async (key, value, ttlMs) => {
        await keyv.set(key, value, ttlMs);
      },
      close: () => keyv.disconnect(),
    };
  }
  // In one process a hit is a Map read: keyv's hooks and serialisation would cost most of it.
  const lru = new LruMap<string, unknown>(options.maxEntries ?? 5_000);
  return {
    get: (key) => Promise.resolve(lru.get(key)),
    set: (key, value) => {
      lru.set(key, value);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

export async function createResponseCache(options: ResponseCacheOptions): Promise<ResponseCache> {
  if (!(options.ttlMs > 0)) throw new TypeError(`response cache ttlMs must be positive; got ${options.ttlMs}`);
  const namespace = `${options.namespace ?? 'switchyard'}:response`;
  const store = await openStore(options, namespace);
  const genKey = `${namespace}:gen`;
  // Labelled children made once: prom-client hashes a label object on every inc() otherwise.
  const hits = responseCacheLookups.labels('hit');
  const misses = responseCacheLookups.labels('miss');
  const generation = async () => ((await store.get(genKey)) as number | undefined) ?? 0;
  return {
    async keyFor(parts) {
      const digest = createHash('sha256').update(parts.principalId).update('\u0000').update(parts.accept).update('\u0000').update(parts.body).digest('base64url');
      return `${namespace}:v:${(await generation()).toString(36)}:${digest}`;
    },
    async get(key) {
      const entry = (await store.get(key)) as Entry | undefined;
      const hit = entry !== undefined && entry.e > options.clock.now();
      (hit ? hits : misses).inc();
      return hit ? entry.r : undefined;
    },
    async set(key, response) {
      await store.set(key, { r: response, e: options.clock.now() + options.ttlMs } satisfies Entry, options.ttlMs);
    },
    async invalidateAll() {
      await store.set(genKey, (await generation()) + 1);
    },
    close: () => store.close(),
  };
}
