import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../../test/helpers/redis.js';
import { switchyardError } from '../errors.js';
import { createIdempotencyLedger, type IdempotencyLedger, type KeyedCreate, requestFingerprint } from '../idempotency.js';

const namespace = `test-idem-${randomUUID()}`;
afterAll(async () => {
  await deleteRedisKeys(namespace);
});

const create = (key: string, body: Record<string, unknown>): KeyedCreate => ({ source: 'clearml', op: 'createTask', key, fingerprint: requestFingerprint(body), timeoutMs: 2_000 });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (err: { extensions?: { code?: string } }) => err.extensions?.code ?? 'no code');

describe('requestFingerprint', () => {
  it('ignores key order, absent fields and the idempotency key, and sees every other difference', () => {
    expect(requestFingerprint({ op: 'createTask', name: 'a', project: 'p', idempotencyKey: 'k1' })).toBe(requestFingerprint({ project: 'p', tags: undefined, name: 'a', op: 'createTask', idempotencyKey: 'k2' }));
    expect(requestFingerprint({ op: 'createTask', name: 'a', project: 'p' })).not.toBe(requestFingerprint({ op: 'createTask', name: 'b', project: 'p' }));
    expect(requestFingerprint({ tags: ['x', 'y'] })).not.toBe(requestFingerprint({ tags: ['y', 'x'] }));
  });
});

describe.each([
  ['memory', undefined],
  ['Redis', TEST_REDIS_URL],
])('the idempotency ledger in %s', (label, redisUrl) => {
  const open = (): Promise<IdempotencyLedger> => createIdempotencyLedger({ redisUrl, namespace: `${namespace}-${label}`, pollMs: 5, settleMs: 20 });

  it('lets one create run at a time per key: a concurrent retry waits, then runs after it', async () => {
    const ledger = await open();
    try {
      const order: string[] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = ledger.run(create('k-concurrent', { name: 'a' }), async () => {
        order.push('first started');
        await gate;
        order.push('first done');
        return 1;
      });
      const second = ledger.run(create('k-concurrent', { name: 'a' }), async () => {
        order.push('second started');
        return 2;
      });
      await new Promise((r) => setTimeout(r, 30));
      expect(order).toEqual(['first started']);
      release();
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(order).toEqual(['first started', 'first done', 'second started']);
    } finally {
      await ledger.close();
    }
  });

  it('refuses a key reused for a different request with CONFLICT, and keeps answering the same one', async () => {
    const ledger = await open();
    try {
      expect(await ledger.run(create('k-reused', { name: 'a' }), () => Promise.resolve('made'))).toBe('made');
      expect(await codeOf(ledger.run(create('k-reused', { name: 'b' }), () => Promise.resolve('never')))).toBe('CONFLICT');
      expect(await ledger.run(create('k-reused', { name: 'a' }), () => Promise.resolve('found'))).toBe('found');
      // Another source or operation is another scope.
      expect(await ledger.run({ ...create('k-reused', { name: 'b' }), source: 'comet' }, () => Promise.resolve('other'))).toBe('other');
    } finally {
      await ledger.close();
    }
  });

  it('frees a key whose first request wrote nothing (refused as bad input), but not one that may have written', async () => {
    const ledger = await open();
    try {
      await expect(ledger.run(create('k-bad', { name: '' }), () => Promise.reject(switchyardError('BAD_USER_INPUT', 'empty name')))).rejects.toThrow('empty name');
      expect(await ledger.run(create('k-bad', { name: 'fixed' }), () => Promise.resolve('made'))).toBe('made');
      await expect(ledger.run(create('k-timeout', { name: 'a' }), () => Promise.reject(switchyardError('SOURCE_TIMEOUT', 'slow')))).rejects.toThrow('slow');
      expect(await codeOf(ledger.run(create('k-timeout', { name: 'other' }), () => Promise.resolve('never')))).toBe('CONFLICT');
      // The lock outlived the timeout by the settling time only: the same request runs again after it.
      expect(await ledger.run(create('k-timeout', { name: 'a' }), () => Promise.resolve('retried'))).toBe('retried');
    } finally {
      await ledger.close();
    }
  });

  it('keeps the lock for the settling time after a timeout, so a retry looks only once the write may have landed', async () => {
    const ledger = await createIdempotencyLedger({ redisUrl, namespace: `${namespace}-${label}-settle`, pollMs: 5, settleMs: 150 });
    try {
      let failedAt = 0;
      await expect(
        ledger.run(create('k-settle', { name: 'a' }), () => {
          failedAt = performance.now();
          return Promise.reject(switchyardError('SOURCE_TIMEOUT', 'gave up'));
        }),
      ).rejects.toThrow('gave up');
      let retriedAt = 0;
      await ledger.run(create('k-settle', { name: 'a' }), () => {
        retriedAt = performance.now();
        return Promise.resolve('found');
      });
      // A lower bound only: timers never fire early, however loaded the machine.
      expect(retriedAt - failedAt).toBeGreaterThanOrEqual(140);
    } finally {
      await ledger.close();
    }
  });

  it('frees a key whose result the caller reads as a refusal (wroteNothing), and keeps one that is not', async () => {
    const ledger = await open();
    try {
      const refusal = (r: { status: number }) => r.status === 422;
      expect(await ledger.run(create('k-refused', { name: 'bad' }), () => Promise.resolve({ status: 422 }), refusal)).toEqual({ status: 422 });
      expect(await ledger.run(create('k-refused', { name: 'fixed' }), () => Promise.resolve({ status: 201 }), refusal)).toEqual({ status: 201 });
      expect(await codeOf(ledger.run(create('k-refused', { name: 'other' }), () => Promise.resolve({ status: 201 }), refusal))).toBe('CONFLICT');
    } finally {
      await ledger.close();
    }
  });

  it('refuses an empty key', async () => {
    const ledger = await open();
    try {
      expect(await codeOf(ledger.run(create('', { name: 'a' }), () => Promise.resolve('never')))).toBe('BAD_USER_INPUT');
    } finally {
      await ledger.close();
    }
  });
});
