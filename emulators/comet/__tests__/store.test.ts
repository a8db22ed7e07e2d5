import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../shared/index.js';
import { CometError } from '../errors.js';
import { ExperimentLog } from '../log.js';
import { ALIVE_TIMEOUT_MILLIS, CometStore } from '../store.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');

function freshStore(autoCreateWorkspaces = false): { store: CometStore; clock: ManualClock } {
  const clock = new ManualClock(T0);
  return { store: new CometStore({ clock, autoCreateWorkspaces }), clock };
}

describe('ExperimentLog metric summaries', () => {
  it('tracks max, min and current with their step, timestamp and context', () => {
    const log = new ExperimentLog();
    log.logMetric({ name: 'loss', value: 2, step: 1, timestamp: 10, context: 'train' });
    log.logMetric({ name: 'loss', value: '0.5', step: 2, timestamp: 20, context: 'validate' });
    log.logMetric({ name: 'loss', value: 3, step: 3, timestamp: 30 });
    log.logMetric({ name: 'loss', value: 1, step: 4, timestamp: 40, context: 'train' });
    const [s] = log.metricSummaries();
    expect(s?.max).toMatchObject({ value: '3', step: 3, timestamp: 30, runContext: null });
    expect(s?.min).toMatchObject({ value: '0.5', step: 2, timestamp: 20, runContext: 'validate' });
    expect(s?.current).toMatchObject({ value: '1', step: 4, timestamp: 40, runContext: 'train' });
  });

  it('keeps the first extreme on ties and compares numerically, not as text', () => {
    const log = new ExperimentLog();
    log.logMetric({ name: 'm', value: 9, step: 1, timestamp: 1 });
    log.logMetric({ name: 'm', value: 10, step: 2, timestamp: 2 });
    log.logMetric({ name: 'm', value: 10, step: 3, timestamp: 3 });
    const [s] = log.metricSummaries();
    expect([s?.max.step, s?.min.step]).toEqual([2, 1]);
  });

  it('gives every message a shared, increasing offset', () => {
    const log = new ExperimentLog();
    const a = log.logMetric({ name: 'a', value: 1, timestamp: 1 });
    log.logParameter('lr', 0.1, 1);
    const b = log.logMetric({ name: 'b', value: 1, timestamp: 1 });
    expect([a.offset, b.offset]).toEqual([1, 3]);
  });

  it('summarises parameters and others as strings, keeping the raw value', () => {
    const log = new ExperimentLog();
    log.logParameter('lr', 0.1, 100);
    log.logParameter('lr', 0.01, 200);
    const [p] = log.parameterSummaries();
    expect([p?.current.value, p?.current.raw, p?.max.value, p?.min.value, p?.editable]).toEqual(['0.01', 0.01, '0.1', '0.01', false]);
    log.logOther('flags', { a: 1 }, 5);
    expect(log.otherSummaries()[0]?.current.value).toBe('{"a":1}');
  });
});

describe('CometStore lifecycle', () => {
  it('is running from creation until ALIVE_TIMEOUT after the last beat, then ends at the last activity', () => {
    const { store, clock } = freshStore();
    const e = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p' });
    expect(store.status(e)).toEqual({ running: true, startTimeMillis: T0, endTimeMillis: null, durationMillis: 0 });
    clock.advance(9_000);
    store.beat(e);
    clock.advance(ALIVE_TIMEOUT_MILLIS);
    expect(store.status(e)).toEqual({ running: false, startTimeMillis: T0, endTimeMillis: T0 + 9_000, durationMillis: 9_000 });
    store.beat(e);
    expect(store.status(e).running).toBe(true);
  });

  it('an explicit end time wins over beats', () => {
    const { store } = freshStore();
    const e = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p' });
    e.endTimeMillis = T0 + 500;
    store.beat(e);
    expect(store.status(e)).toMatchObject({ running: false, endTimeMillis: T0 + 500, durationMillis: 500 });
  });

  it('lists archived experiments only when asked, live ones otherwise, oldest first', () => {
    const { store, clock } = freshStore();
    const a = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p' });
    clock.advance(1);
    const b = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p' });
    a.archived = true;
    const p = store.projectOf(a);
    expect(store.experimentsOf(p.id, false).map((e) => e.key)).toEqual([b.key]);
    expect(store.experimentsOf(p.id, true).map((e) => e.key)).toEqual([a.key]);
    expect(store.experimentCount(p)).toBe(1);
  });

  it('refuses unknown workspaces unless autoCreateWorkspaces is on', () => {
    expect(() => freshStore().store.createExperiment({ workspaceName: 'x', projectName: 'p' })).toThrow(CometError);
    const { store } = freshStore(true);
    store.createExperiment({ workspaceName: 'x', projectName: 'p' });
    expect(store.workspaces().map((w) => w.name)).toEqual(['switchyard', 'x']);
  });

  it('reports missing and unknown keys with the Comet codes', () => {
    const { store } = freshStore();
    const err = (f: () => unknown): CometError | undefined => {
      try {
        f();
      } catch (e) {
        if (e instanceof CometError) return e;
      }
      return undefined;
    };
    expect(err(() => store.requireExperiment(undefined, 'read'))?.body()).toEqual({ code: 400, msg: 'experimentKey is required', sdk_error_code: 90998 });
    expect(err(() => store.requireExperiment('abc', 'read'))?.body()).toMatchObject({ code: 404, sdk_error_code: 90211 });
    expect(err(() => store.requireExperiment('abc', 'write'))?.body()).toMatchObject({ code: 400, sdk_error_code: 90211 });
  });

  it('names through log-other Name', () => {
    const { store } = freshStore();
    const e = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p', name: 'n1' });
    expect(e.name).toBe('n1');
    expect(e.log.otherSummaries().map((o) => [o.name, o.current.value, o.current.timestamp])).toEqual([['Name', 'n1', T0]]);
  });
});
