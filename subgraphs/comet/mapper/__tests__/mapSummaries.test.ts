import { describe, expect, it } from '@jest/globals';
import { isValueSummaryWire, listOf } from '../../connector/index.js';
import { mapMetricSummaries, mapOthers, mapParameters, parseMetricValue } from '../index.js';
import { cometFixture } from './fixtures.js';

const values = (name: string) => listOf(cometFixture(name), 'values', isValueSummaryWire);

describe('mapMetricSummaries', () => {
  it('maps the recorded summary: strings parsed, run context as variant, current step and time', () => {
    expect(mapMetricSummaries(values('metrics-summary-values.json'))).toEqual([
      { name: 'train_loss', variant: 'train', last: 2.3872790336608887, min: 2.3872790336608887, max: 2.3872790336608887, step: 0, updatedAt: '2018-11-21T18:08:15.820Z' },
    ]);
  });

  it('leaves variant, step and time null when the summary lacks them (old data)', () => {
    expect(mapMetricSummaries([{ name: 'acc', valueCurrent: '0.5', valueMin: '0.1', valueMax: '0.9', runContextCurrent: null, stepCurrent: null }])).toEqual([
      { name: 'acc', variant: null, last: 0.5, min: 0.1, max: 0.9, step: null, updatedAt: null },
    ]);
  });

  it('orders summaries by name then variant', () => {
    const out = mapMetricSummaries([{ name: 'b' }, { name: 'a', runContextCurrent: 'val' }, { name: 'a', runContextCurrent: 'train' }]);
    expect(out.map((m) => `${m.name}/${m.variant ?? ''}`)).toEqual(['a/train', 'a/val', 'b/']);
  });
});

describe('parseMetricValue', () => {
  it('parses the decimal forms Python and Java print', () => {
    expect(parseMetricValue('0.91000000166893')).toBe(0.91000000166893);
    expect(parseMetricValue('-3')).toBe(-3);
    expect(parseMetricValue('1e-05')).toBe(0.00001);
    expect(parseMetricValue('.5')).toBe(0.5);
    expect(parseMetricValue('2.')).toBe(2);
    expect(parseMetricValue(7)).toBe(7);
  });

  it('turns non-finite and non-numeric values into null, never 0', () => {
    for (const v of ['nan', 'NaN', 'inf', '-inf', 'Infinity', '', ' ', ' 1', '0x10', 'abc', '1e999', null, undefined, true, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseMetricValue(v)).toBeNull();
    }
  });
});

describe('mapParameters', () => {
  it('maps the recorded parameters: no section, the current value kept as written', () => {
    expect(mapParameters(values('parameters-summary-values.json'))).toEqual([
      { section: null, name: 'f', value: '/run/user/1000/jupyter/kernel-b1c4403c-c673-4e7f-90dc-853616d231e2.json' },
    ]);
  });

  it('prints numbers and booleans older backends send, and nulls a missing value', () => {
    expect(mapParameters([{ name: 'lr', valueCurrent: 0.01 }, { name: 'flag', valueCurrent: true }, { name: 'x' }])).toEqual([
      { section: null, name: 'flag', value: 'true' },
      { section: null, name: 'lr', value: '0.01' },
      { section: null, name: 'x', value: null },
    ]);
  });
});

describe('mapOthers', () => {
  it('maps the recorded log-other values, system keys included, ordered by name', () => {
    expect(mapOthers(values('log-other-summary-values.json'))).toEqual([
      { name: 'Name', value: 'example 001' },
      { name: 'max_loss', value: '2.429072618484497' },
      { name: 'storage_size_bytes', value: '0' },
      { name: 'trainable_params', value: '134794' },
    ]);
  });
});
