/** Scalar series and console tails of seeded tasks (30 iterations of loss/train, loss/validation, auc/validation). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MetricSeriesValue } from '../../shared/model.js';
import { loadLogTails } from '../consoleLog.js';
import { clearmlInstanceMap } from '../loadViews.js';
import { ctx, type Harness, startHarness, taskId } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const T32 = taskId('train-xgb-032');
const item = (name: string, variant: string | null, maxPoints = 500, id = T32) => ({ id, name, variant, maxPoints });

async function series(...items: ReturnType<typeof item>[]): Promise<readonly (MetricSeriesValue | null)[]> {
  return (await h.contract.series({ instance: 'clearml', items }, ctx)).series;
}

describe('ClearML metric series', () => {
  it('reads every raw point of one variant, step by step', async () => {
    const [train] = await series(item('loss', 'train'));
    expect(train).toMatchObject({ name: 'loss', variant: 'train', totalPoints: 30, droppedNonFinite: 0, downsampling: { by: 'NONE', method: null } });
    expect(train?.points.map((p) => p.step)).toEqual([...Array(30).keys()]);
    expect(train?.points.every((p) => p.timestamp === null && typeof p.value === 'number')).toBe(true);
  });

  it('merges the variants when none is asked for, and answers null for unknown metrics and tasks', async () => {
    const [all, missing, unknownTask] = await series(item('loss', null), item('nope', null), item('loss', 'train', 500, 'clearml:task:ffffffffffffffffffffffffffffffff'));
    expect(all?.points).toHaveLength(60);
    expect(missing).toBeNull();
    expect(unknownTask).toBeNull();
  });

  it('samples down with min/max buckets when maxPoints is below the point count', async () => {
    const [full, sampled] = await series(item('auc', 'validation'), item('auc', 'validation', 10));
    const values = (full?.points ?? []).map((p) => p.value ?? 0);
    expect(sampled?.points.length).toBeLessThanOrEqual(10);
    expect(sampled).toMatchObject({ totalPoints: 30, downsampling: { by: 'SWITCHYARD', method: 'min-max buckets' } });
    const kept = (sampled?.points ?? []).map((p) => p.value);
    expect(kept).toContain(Math.min(...values));
    expect(kept).toContain(Math.max(...values));
  });

  it('falls back to the histogram when the raw endpoint is missing, and remembers that', async () => {
    const body = JSON.stringify({ meta: { result_code: 404, result_subcode: 0, result_msg: 'Unable to find endpoint for name events.scalar_metrics_iter_raw and version 2.23' }, data: {} });
    h.em.faults.set([{ match: 'scalar_metrics_iter_raw', status: 404, body, contentType: 'application/json' }]);
    try {
      h.em.clearRequests();
      const [a, b] = await series(item('loss', 'validation'), item('auc', 'validation', 5));
      expect(a?.points).toHaveLength(30);
      expect(a?.downsampling.by).toBe('NONE');
      expect(b?.downsampling.by).toBe('SWITCHYARD');
      await series(item('loss', 'train'));
      const raw = h.em.requests.filter((r) => r.path.endsWith('scalar_metrics_iter_raw'));
      expect(raw.length).toBeLessThanOrEqual(2);
      expect(h.em.requests.filter((r) => r.path.endsWith('scalar_metrics_iter_histogram'))).toHaveLength(3);
    } finally {
      h.em.faults.reset();
      await h.contract.invalidate({ instance: 'clearml' }, ctx);
    }
  });
});

describe('ClearML console tail', () => {
  it('returns the last lines oldest first, null for unknown tasks', async () => {
    const instances = clearmlInstanceMap(h.source);
    const [all, last, unknown] = await loadLogTails(h.source, instances, [
      { id: T32, lines: 50 },
      { id: T32, lines: 1 },
      { id: 'clearml:task:ffffffffffffffffffffffffffffffff', lines: 5 },
    ]);
    expect(all).toEqual([`ClearML Task: created new task id=${T32.slice('clearml:task:'.length)}`, 'Loading churn dataset']);
    expect(last).toEqual(['Loading churn dataset']);
    expect(unknown).toBeNull();
  });
});
