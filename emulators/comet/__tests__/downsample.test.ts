import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../shared/index.js';
import { COMET_MAX_POINTS_PER_METRIC, downsample } from '../downsample.js';
import { createCometHandler } from '../server.js';
import { CometStore } from '../store.js';

describe('downsample', () => {
  it('returns short series unchanged', () => {
    expect(downsample([1, 2, 3], 5)).toEqual([1, 2, 3]);
    expect(downsample([], 5)).toEqual([]);
  });

  it('keeps exactly max points, first and last included, strictly increasing, deterministically', () => {
    const series = Array.from({ length: 20_000 }, (_, i) => i);
    const out = downsample(series);
    expect(out).toHaveLength(COMET_MAX_POINTS_PER_METRIC);
    expect([out[0], out[out.length - 1]]).toEqual([0, 19_999]);
    expect(out.every((v, i) => i === 0 || v > (out[i - 1] ?? -1))).toBe(true);
    expect(downsample(series)).toEqual(out);
  });

  it('handles the boundary sizes', () => {
    const n15001 = Array.from({ length: 15_001 }, (_, i) => i);
    const out = downsample(n15001);
    expect(out).toHaveLength(15_000);
    expect(out[out.length - 1]).toBe(15_000);
    expect(downsample(n15001, 1)).toEqual([15_000]);
  });

  it('is applied per metric by get-metric; the summary still sees every point', async () => {
    const clock = new ManualClock(0);
    const store = new CometStore({ clock });
    const e = store.createExperiment({ workspaceName: 'switchyard', projectName: 'p' });
    for (let i = 0; i < 15_010; i++) e.log.logMetric({ name: 'm', value: i, step: i, timestamp: i });
    e.log.logMetric({ name: 'small', value: 1, step: 0, timestamp: 0 });
    const handler = createCometHandler({ store, seed: false, clock, apiKeys: ['k'] });
    const get = async (path: string, query: string): Promise<unknown> => {
      const res = await handler({ method: 'GET', path: `/api/rest/v2${path}`, query: new URLSearchParams(query), headers: { authorization: 'k' }, body: Buffer.alloc(0) });
      return JSON.parse(String(res.body));
    };
    const body = await get('/experiment/metrics/get-metric', `experimentKey=${e.key}`);
    const metrics = (body as { metrics: { metricName: string; step: number }[] }).metrics;
    const m = metrics.filter((p) => p.metricName === 'm');
    expect(m).toHaveLength(15_000);
    expect([m[0]?.step, m[m.length - 1]?.step]).toEqual([0, 15_009]);
    expect(metrics.filter((p) => p.metricName === 'small')).toHaveLength(1);
    const summary = (await get('/experiment/metrics/summary', `experimentKey=${e.key}`)) as { values: { name: string; valueMax: string }[] };
    expect(summary.values.find((v) => v.name === 'm')?.valueMax).toBe('15009');
  });
});
