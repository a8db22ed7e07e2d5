import { describe, expect, it } from '@jest/globals';
import { mapStatus, mapTime } from '../index.js';

describe('mapTime', () => {
  it('turns epoch milliseconds into ISO-8601 UTC with milliseconds', () => {
    expect(mapTime(1587671932216)).toBe('2020-04-23T19:58:52.216Z');
    expect(mapTime('1587671932216')).toBe('2020-04-23T19:58:52.216Z');
  });

  it('treats 0, absent and unusable values as no time', () => {
    for (const v of [0, null, undefined, -5, Number.NaN, 9e15, '', '2020-01-01', {}]) expect(mapTime(v)).toBeNull();
  });
});

describe('mapStatus', () => {
  it('is RUNNING while Comet says running, even with an end time', () => {
    expect(mapStatus(true, 1586174765277)).toBe('RUNNING');
    expect(mapStatus(true, null)).toBe('RUNNING');
  });

  it('is COMPLETED once there is an end time and the run is not running (Comet has no FAILED)', () => {
    expect(mapStatus(false, 1586174765277)).toBe('COMPLETED');
    expect(mapStatus(undefined, 1586174765277)).toBe('COMPLETED');
  });

  it('is UNKNOWN with no end time and no running flag', () => {
    expect(mapStatus(false, 0)).toBe('UNKNOWN');
    expect(mapStatus(undefined, undefined)).toBe('UNKNOWN');
  });
});
