/**
 * Per-principal rate limits per surface (`graphql`, each REST mount): a token bucket per
 * (surface, principal), `perMinute` tokens flowing in per minute up to `burst`. In memory by default;
 * in Redis when `cache.redisUrl` is set, so every gateway replica draws from the same bucket. The Redis
 * update is one Lua script (read, refill, take, write, expire), atomic across replicas.
 *
 * Time: "now" is the gateway's injected clock, passed into the script (replicas on NTP agree closely
 * enough; a replica behind the last writer simply refills nothing). A key expires once its bucket would
 * be full again, in Redis time, so idle principals leave nothing behind.
 *
 * Redis unreachable: the request is let through (fail open) and the failure logged, because a rate
 * limit must not take the API down with it.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { LruMap } from '../../subgraphs/shared/lruMap.js';
import { rateLimited } from '../../subgraphs/shared/metrics.js';

export interface RatePolicy {
  readonly perMinute: number;
  /** Bucket size: requests that may come at once. */
  readonly burst: number;
}

export interface BucketState {
  readonly tokens: number;
  /** When `tokens` was computed, epoch ms. */
  readonly at: number;
}

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole requests left after this one. */
  readonly remaining: number;
  /** When refused: how long until one token is back, ms. */
  readonly retryAfterMs: number;
}

/** The token bucket step, shared by the in-memory store and (in Lua) the Redis one. */
export function takeToken(state: BucketState | undefined, policy: RatePolicy, now: number): { readonly state: BucketState; readonly decision: RateDecision } {
  const perMs = policy.perMinute / 60_000;
  let tokens = state?.tokens ?? policy.burst;
  let at = state?.at ?? now;
  if (now > at) {
    tokens = Math.min(policy.burst, tokens + (now - at) * perMs);
    at = now;
  }
  if (tokens >= 1) return { state: { tokens: tokens - 1, at }, decision: { allowed: true, remaining: Math.floor(tokens - 1), retryAfterMs: 0 } };
  return { state: { tokens, at }, decision: { allowed: false, remaining: 0, retryAfterMs: Math.ceil((1 - tokens) / perMs) } };
}

/** How long a bucket's key must live: until it would be full again (a missing key reads as full). */
export function bucketTtlMs(state: BucketState, policy: RatePolicy): number {
  return Math.ceil((policy.burst - state.tokens) / (policy.perMinute / 60_000)) + 1_000;
}

export interface RateStore {
  take(key: string, policy: RatePolicy, now: number): Promise<RateDecision>;
  close(): Promise<void>;
}

export function memoryRateStore(maxKeys = 100_000): RateStore {
  // Evicting an old bucket forgets its debt; the bound only matters under a flood of principals.
  const buckets = new LruMap<string, BucketState>(maxKeys);
  return {
    take: async (key, policy, now) => {
      const { state, decision } = takeToken(buckets.get(key), policy, now);
      buckets.set(key, state);
      return decision;
    },
    close: async () => {
      buckets.clear();
    },
  };
}

/** The same step as `takeToken`, in Redis: KEYS[1] the bucket; ARGV burst, perMinute, now (ms). */
export const TAKE_TOKEN_LUA = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 60000
local now = tonumber(ARGV[3])
local s = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(s[1])
local at = tonumber(s[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  tokens = math.min(burst, tokens + (now - at) * perMs)
  at = now
end
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / perMs) + 1000)
return { allowed, retry, math.floor(tokens) }
`;

/** The subset of a node-redis client this store uses. */
interface RedisLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  close(): Promise<void>;
  readonly isReady: boolean;
}

export async function redisRateStore(url: string, warn: (fields: Record<string, unknown>, msg: string) => void, connectWaitMs = 2_000): Promise<RateStore> {
  const { createClient } = await import('@keyv/redis');
  // No offline queue: while Redis is away a call fails at once (and the request is let through)
  // instead of waiting for a reconnect; the client keeps reconnecting in the background.
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) } });
  // One line when Redis goes away, not one per reconnect attempt.
  let reachable = true;
  client.on('error', (err: unknown) => {
    if (reachable) warn({ error: err instanceof Error ? err.message : String(err) }, 'rate limit store: redis unreachable; requests are let through until it answers');
    reachable = false;
  });
  client.on('ready', () => {
    reachable = true;
  });
  // connect() waits for as many reconnects as it takes: start without Redis rather than hang.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([client.connect().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, connectWaitMs)))]);
  clearTimeout(timer);
  const redis = client as unknown as RedisLike;
  return {
    take: async (key, policy, now) => {
      const reply = await redis.eval(TAKE_TOKEN_LUA, { keys: [key], arguments: [String(policy.burst), String(policy.perMinute), String(Math.floor(now))] });
      const [allowed, retry, remaining] = Array.isArray(reply) ? reply.map(Number) : [];
      return { allowed: allowed === 1, retryAfterMs: retry ?? 0, remaining: Math.max(0, remaining ?? 0) };
    },
    close: async () => {
      if (redis.isReady) await redis.close().catch(() => undefined);
      else client.destroy();
    },
  };
}

export interface RateLimitSettings {
  readonly perMinute: number;
  readonly burst?: number | undefined;
  readonly principals: Readonly<Record<string, { readonly perMinute: number; readonly burst?: number | undefined }>>;
  readonly keyPrefix: string;
}

export interface RateRefusal {
  /** Whole seconds, at least 1: what `Retry-After` says. */
  readonly retryAfterSeconds: number;
  readonly perMinute: number;
}

export interface RateLimiter {
  /** Takes one request from the principal's bucket on this surface: undefined when allowed, else the refusal. */
  admit(surface: string, principalId: string): Promise<RateRefusal | undefined>;
  close(): Promise<void>;
}

/** The Redis key of a bucket: the principal is hashed, so no key, user name or odd character lands in Redis. */
export function rateKey(prefix: string, surface: string, principalId: string): string {
  return `${prefix}:rl:${surface}:${createHash('sha256').update(principalId).digest('hex').slice(0, 32)}`;
}

export function createRateLimiter(settings: RateLimitSettings, store: RateStore, clock: Clock, warn: (fields: Record<string, unknown>, msg: string) => void): RateLimiter {
  const policyFor = (principalId: string): RatePolicy => {
    const p = Object.hasOwn(settings.principals, principalId) ? settings.principals[principalId] : undefined;
    const perMinute = p?.perMinute ?? settings.perMinute;
    return { perMinute, burst: p ? (p.burst ?? p.perMinute) : (settings.burst ?? settings.perMinute) };
  };
  return {
    admit: async (surface, principalId) => {
      const policy = policyFor(principalId);
      let decision: RateDecision;
      try {
        decision = await store.take(rateKey(settings.keyPrefix, surface, principalId), policy, clock.now());
      } catch (err) {
        warn({ surface, error: err instanceof Error ? err.message : String(err) }, 'rate limit store failed; request let through');
        return undefined;
      }
      if (decision.allowed) return undefined;
      rateLimited.inc({ surface });
      return { retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1_000)), perMinute: policy.perMinute };
    },
    close: () => store.close(),
  };
}
