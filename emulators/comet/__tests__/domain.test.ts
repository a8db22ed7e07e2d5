import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../shared/index.js';
import { ExperimentLog } from '../log.js';
import { compareSemver, highestSemver, isSemver } from '../semver.js';
import { CometStore } from '../store.js';
import { Throttler } from '../throttle.js';

describe('semver', () => {
  it('validates and orders versions by precedence', () => {
    expect(['1.0.0', '0.1.2', '1.0.0-rc.1', '2.3.4+build.5'].every(isSemver)).toBe(true);
    expect(['1.0', 'v1.0.0', '01.0.0', '1.0.0.0', ''].some(isSemver)).toBe(false);
    const sorted = ['1.10.0', '1.2.0', '1.0.0', '1.0.0-rc.1', '1.0.0-alpha', '2.0.0'].sort(compareSemver);
    expect(sorted).toEqual(['1.0.0-alpha', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0']);
    expect(highestSemver(['1.2.0', '1.10.0', '1.9.9'], (v) => v)).toBe('1.10.0');
  });
});

describe('Throttler', () => {
  it('admits up to the budget per calendar minute of the clock, per category', () => {
    const clock = new ManualClock(60_000 * 10 + 59_000);
    const t = new Throttler(clock, { metrics: 3, output: 2 });
    expect([t.admit('metrics', 2), t.admit('metrics', 2), t.admit('metrics')]).toEqual([2, 1, 0]);
    expect(t.admit('output', 5)).toBe(2);
    expect(t.admit('parameters', 100)).toBe(100);
    clock.advance(1_000);
    expect(t.admit('metrics', 5)).toBe(3);
  });
});

describe('ingestion queue', () => {
  it('applies queued writes in arrival order once their time has come', () => {
    const clock = new ManualClock(0);
    const store = new CometStore({ clock, ingestionDelayMs: 100 });
    const seen: number[] = [];
    store.ingest(() => seen.push(1));
    clock.advance(50);
    store.ingest(() => seen.push(2));
    store.flushIngestion();
    expect([seen, store.pendingWrites()]).toEqual([[], 2]);
    clock.advance(50);
    store.flushIngestion();
    expect(seen).toEqual([1]);
    clock.advance(50);
    store.flushIngestion();
    expect([seen, store.pendingWrites()]).toEqual([[1, 2], 0]);
  });
});

describe('ExperimentLog', () => {
  it('keeps non-finite metric values out of min/max', () => {
    const log = new ExperimentLog();
    log.logMetric({ name: 'm', value: 'NaN', timestamp: 1 });
    log.logMetric({ name: 'm', value: 2, timestamp: 2 });
    log.logMetric({ name: 'm', value: 'Infinity', timestamp: 3 });
    log.logMetric({ name: 'm', value: 1, timestamp: 4 });
    const [s] = log.metricSummaries();
    expect([s?.min.value, s?.max.value, s?.current.value]).toEqual(['1', '2', '1']);
  });

  it('groups model-element uploads into experiment models; overwrite replaces the file in the model', () => {
    const log = new ExperimentLog();
    const asset = (assetId: string, fileName: string, groupingName: string | null, type = 'model-element') => ({
      assetId, fileName, type, step: null, epoch: null, runContext: null, metadata: null, groupingName, createdAt: 1, content: Buffer.from('x'), remoteLink: null,
    });
    log.addAsset(asset('a', 'w.bin', 'm'), false);
    log.addAsset(asset('b', 'c.json', 'm'), false);
    log.addAsset(asset('c', 'w.bin', 'm'), true);
    log.addAsset(asset('d', 'plot.png', null, 'image'), false);
    log.addAsset(asset('e', 'loose.bin', null), false);
    expect(log.models().map((m) => [m.name, m.assetIds])).toEqual([['m', ['c', 'b']]]);
    expect(log.modelAssets('m').map((a) => a.fileName)).toEqual(['w.bin', 'c.json']);
  });
});
