/** Python str()/repr() and datetime renderings the wire format depends on. */
import { describe, expect, it } from '@jest/globals';
import { numpyArray, pyRepr } from '../index.js';
import { pyDatetime, pydanticDatetime, parseIsoUtc } from '../fastapi.js';

describe('python renderings', () => {
  it('prints dicts, strings and floats like CPython', () => {
    expect(pyRepr({ status: 'deployed', n: null, ok: true })).toBe("{'status': 'deployed', 'n': None, 'ok': True}");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr([1, 2.5], true)).toBe('[1.0, 2.5]');
  });
  it('prints numpy arrays and datetimes', () => {
    expect(numpyArray(342.17)).toBe('[342.17]');
    expect(numpyArray(1)).toBe('[1.]');
    const t = Date.UTC(2025, 6, 1, 10, 20, 0);
    expect(pyDatetime(t)).toBe('2025-07-01 10:20:00');
    expect(pyDatetime(t + 123)).toBe('2025-07-01 10:20:00.123000');
    expect(pydanticDatetime(t)).toBe('2025-07-01T10:20:00Z');
    expect(parseIsoUtc('2025-07-01T10:20:00.000Z')).toBe(t);
    expect(parseIsoUtc('2025-07-01 12:20:00+02:00')).toBe(t);
    expect(parseIsoUtc('yesterday')).toBeUndefined();
  });
});
