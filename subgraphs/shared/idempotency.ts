/**
 * Idempotent creates (DESIGN §7, docs/adr/0014): the key itself is stored in the created object by the
 * source (a ClearML system tag, a Comet log-other, an MLConnector model tag or deployment_id), so a retry
 * after a timeout or a 500-after-save finds the earlier object. What the object cannot give is held
 * here, in memory or in the Redis every replica shares:
 * - an **in-flight lock** per key, so two concurrent retries do not both miss the look-up and create;
 * - the **fingerprint of the first request** under a key (kept `retentionMs`), so a key reused for a
 *   different request is a CONFLICT rather than a silent answer about another object.
 */
import { randomUUID } from 'node:crypto';
import { errorCodeOf, switchyardError } from './errors.js';

/** Codes that mean nothing was written: the key may then be used again for a corrected request. */
const NOTHING_WRITTEN = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CONFLICT']);
/** Codes after which the tracker may still be applying the write Switchyard stopped waiting for. */
const MAY_STILL_LAND = new Set(['SOURCE_TIMEOUT', 'SOURCE_UNAVAILABLE']);

export interface IdempotencyOptions {
  /** redis://… shared by replicas; omitted: this process only. */
  readonly redisUrl?: string | undefined;
  /** Key prefix in Redis. @default 'switchyard' */
  readonly namespace?: string | undefined;
  /** How long a key remembers its first request. @default 24 h */
  readonly retentionMs?: number | undefined;
  /** Poll interval while another request holds a key's lock. @default 50 */
  readonly pollMs?: number | undefined;
  /**
   * How long the lock is kept after a create timed out or lost its connection: the tracker may still be
   * applying it, and a retry that looked too early would create a second object. @default 5_000
   */
  readonly settleMs?: number | undefined;
}

/** One keyed create: its scope (source instance and operation), the caller's key, and what it asked. */
export interface KeyedCreate {
  readonly source: string;
  readonly op: string;
  readonly key: string;
  /** A stable digest of the request without its key (see `requestFingerprint`). */
  readonly fingerprint: string;
  /** How long the create may take: the lock expires after it, so a crashed holder cannot block forever. */
  readonly timeoutMs: number;
}

export interface IdempotencyLedger {
  /** Run `create` under the key's lock, after checking the key was not used for another request. */
  /**
   * Run `create` under the key's lock, after checking the key was not used for another request.
   * `wroteNothing` tells a result that is a refusal (a REST create the tracker answered 4xx): like a
   * thrown BAD_USER_INPUT, it frees the key for a corrected request.
   */
  run<T>(req: KeyedCreate, create: () => Promise<T>, wroteNothing?: (result: T) => boolean): Promise<T>;
  close(): Promise<void>;
}

/** The primitives the ledger needs from its store. */
interface LedgerStore {
  /** Set `key` to `value` unless it exists; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /** Delete `key` only while it still holds `value` (a lock outlived by its holder is someone else's). */
  deleteIfValue(key: string, value: string): Promise<void>;
  /** Give `key` a new TTL, only while it still holds `value`. */
  expireIfValue(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A digest of a create request that ignores key order and the idempotency key itself. */
export function requestFingerprint(request: Readonly<Record<string, unknown>>): string {
  const { idempotencyKey: _key, ...rest } = request;
  return stableJson(rest);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export async function createIdempotencyLedger(options: IdempotencyOptions = {}): Promise<IdempotencyLedger> {
  const store = options.redisUrl ? await redisStore(options.redisUrl) : memoryStore();
  const prefix = `${options.namespace ?? 'switchyard'}:idem`;
  const retentionMs = options.retentionMs ?? 24 * 60 * 60 * 1000;
  const pollMs = options.pollMs ?? 50;
  const settleMs = options.settleMs ?? 5_000;
  return {
    async run<T>(req: KeyedCreate, create: () => Promise<T>, wroteNothing?: (result: T) => boolean): Promise<T> {
      if (req.key === '') throw switchyardError('BAD_USER_INPUT', 'An idempotencyKey must not be empty.', { source: req.source });
      if (req.key.length > 255) throw switchyardError('BAD_USER_INPUT', 'An idempotencyKey is at most 255 characters.', { source: req.source });
      const scope = `${req.source}:${req.op}:${req.key}`;
      const fpKey = `${prefix}:fp:${scope}`;
      const first = await store.setIfAbsent(fpKey, req.fingerprint, retentionMs);
      if (!first) {
        const recorded = await store.get(fpKey);
        if (recorded !== undefined && recorded !== req.fingerprint) {
          throw switchyardError('CONFLICT', `The idempotencyKey "${req.key}" was already used for a different ${req.op} request on source "${req.source}".`, { source: req.source });
        }
      }
      const lockKey = `${prefix}:lock:${scope}`;
      const token = randomUUID();
      const lockMs = req.timeoutMs + settleMs;
      // A waiter may also sit out a holder's settling time after a timeout.
      const deadline = Date.now() + lockMs + settleMs;
      // Wait for a concurrent holder: when it is done, the source's look-up by key finds its object.
      while (!(await store.setIfAbsent(lockKey, token, lockMs))) {
        if (Date.now() > deadline) throw switchyardError('CONFLICT', `A request with the idempotencyKey "${req.key}" is still in progress on source "${req.source}".`, { source: req.source });
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      let settling = false;
      try {
        const result = await create();
        if (first && wroteNothing?.(result)) await store.deleteIfValue(fpKey, req.fingerprint).catch(() => undefined);
        return result;
      } catch (err) {
        const code = errorCodeOf(err) ?? '';
        // Refused before anything was written: forget the request, so a corrected one may use the key.
        if (first && NOTHING_WRITTEN.has(code)) await store.deleteIfValue(fpKey, req.fingerprint).catch(() => undefined);
        // Gave up waiting, the write may still land: a retry waits out the settling time, then finds it.
        settling = MAY_STILL_LAND.has(code);
        throw err;
      } finally {
        if (settling) await store.expireIfValue(lockKey, token, settleMs).catch(() => undefined);
        else await store.deleteIfValue(lockKey, token).catch(() => undefined);
      }
    },
    close: () => store.close(),
  };
}

function memoryStore(): LedgerStore {
  const entries = new Map<string, { value: string; expires: number }>();
  const live = (key: string) => {
    const e = entries.get(key);
    if (e && e.expires <= Date.now()) entries.delete(key);
    return entries.get(key);
  };
  return {
    setIfAbsent: (key, value, ttlMs) => {
      if (live(key)) return Promise.resolve(false);
      entries.set(key, { value, expires: Date.now() + ttlMs });
      return Promise.resolve(true);
    },
    get: (key) => Promise.resolve(live(key)?.value),
    deleteIfValue: (key, value) => {
      if (live(key)?.value === value) entries.delete(key);
      return Promise.resolve();
    },
    expireIfValue: (key, value, ttlMs) => {
      const e = live(key);
      if (e?.value === value) entries.set(key, { value, expires: Date.now() + ttlMs });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

const DELETE_IF_VALUE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
const EXPIRE_IF_VALUE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

async function redisStore(url: string): Promise<LedgerStore> {
  const { createClient } = await import('@keyv/redis');
  const client = createClient({ url });
  await client.connect();
  return {
    setIfAbsent: async (key, value, ttlMs) => (await client.set(key, value, { NX: true, PX: Math.max(1, Math.round(ttlMs)) })) === 'OK',
    get: async (key) => (await client.get(key)) ?? undefined,
    deleteIfValue: async (key, value) => {
      await client.eval(DELETE_IF_VALUE, { keys: [key], arguments: [value] });
    },
    expireIfValue: async (key, value, ttlMs) => {
      await client.eval(EXPIRE_IF_VALUE, { keys: [key], arguments: [value, String(Math.max(1, Math.round(ttlMs)))] });
    },
    close: async () => {
      await client.close();
    },
  };
}
