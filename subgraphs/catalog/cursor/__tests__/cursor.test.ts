import { describe, expect, it } from '@jest/globals';
import { codeOf } from '../../../../test/helpers/errors.js';
import { bindingOf, decodeCursor, encodeCursor, stableStringify } from '../cursor.js';

const secret = 'test-secret';
const state = { positions: { clearml: { sortKey: 1700000000000, id: 'clearml:task:abc' }, comet: 'done' as const }, failed: ['x'] };

describe('cursor', () => {
  const binding = bindingOf({ filter: { tags: ['a'] }, order: 'CREATED_AT_DESC', sources: ['clearml', 'comet'] });

  it('round-trips the state of every source', () => {
    expect(decodeCursor(encodeCursor(state, binding, secret), binding, secret)).toEqual(state);
  });

  it('rejects a tampered cursor with BAD_USER_INPUT', () => {
    const cursor = encodeCursor(state, binding, secret);
    const [body, mac] = cursor.split('.') as [string, string];
    const forged = Buffer.from(Buffer.from(body, 'base64url').toString().replace('done', 'start')).toString('base64url');
    expect(codeOf(() => decodeCursor(`${forged}.${mac}`, binding, secret))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => decodeCursor('garbage', binding, secret))).toBe('BAD_USER_INPUT');
  });

  it('rejects a cursor signed by another deployment', () => {
    expect(codeOf(() => decodeCursor(encodeCursor(state, binding, 'other'), binding, secret))).toBe('BAD_USER_INPUT');
  });

  it('rejects a cursor from a different filter, order or source set', () => {
    const other = bindingOf({ filter: { tags: ['b'] }, order: 'CREATED_AT_DESC', sources: ['clearml', 'comet'] });
    expect(codeOf(() => decodeCursor(encodeCursor(state, binding, secret), other, secret))).toBe('BAD_USER_INPUT');
  });

  it('binds equal filters to the same hash whatever their key order', () => {
    expect(stableStringify({ b: 1, a: [2, { d: 1, c: 2 }] })).toBe(stableStringify({ a: [2, { c: 2, d: 1 }], b: 1 }));
    expect(bindingOf({ x: 1, y: 2 })).toBe(bindingOf({ y: 2, x: 1 }));
  });
});
