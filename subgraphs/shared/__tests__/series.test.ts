import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildSeries } from '../series.js';

describe('buildSeries', () => {
  it('sorts by step then timestamp, nulls last, and drops non-finite values', () => {
    const s = buildSeries(
      [
        { step: 2, timestamp: null, value: 2 },
        { step: null, timestamp: '2026-01-01T00:00:00.000Z', value: 9 },
        { step: 1, timestamp: '2026-01-01T00:00:01.000Z', value: Number.NaN },
        { step: 1, timestamp: '2026-01-01T00:00:00.000Z', value: 1 },
        { step: 3, timestamp: null, value: Number.POSITIVE_INFINITY },
      ],
      { name: 'loss', variant: null, maxPoints: 500 },
    );
    expect(s.points.map((p) => p.value)).toEqual([1, 2, 9]);
    expect(s).toMatchObject({ droppedNonFinite: 2, totalPoints: 5, downsampling: { by: 'NONE', method: null } });
  });

  it('keeps at most maxPoints, every bucket\'s extremes included, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 50 }), (values, maxPoints) => {
        const s = buildSeries(values.map((value, step) => ({ step, timestamp: null, value })), { name: 'm', variant: null, maxPoints });
        expect(s.points.length).toBeLessThanOrEqual(Math.max(maxPoints, 2));
        const steps = s.points.map((p) => p.step ?? 0);
        expect(steps).toEqual([...steps].sort((a, b) => a - b));
        expect(s.points.some((p) => p.value === Math.min(...values))).toBe(true);
        expect(s.points.some((p) => p.value === Math.max(...values))).toBe(true);
        expect(s.downsampling.by).toBe(values.length > Math.max(maxPoints, 2) ? 'SWITCHYARD' : 'NONE');
      }),
    );
  });

  it('says when the tracker sampled the series', () => {
    expect(buildSeries([{ step: 0, timestamp: null, value: 1 }], { name: 'm', variant: 'v', maxPoints: 10, sourceSampled: { method: 'histogram' } }).downsampling).toEqual({ by: 'SOURCE', method: 'histogram' });
  });
});
