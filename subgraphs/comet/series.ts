/**
 * Metric histories from `/experiment/metrics/get-metric` (reference/comet.md §4, §5.4): points come
 * unsorted, values as strings, and Comet samples a metric down to 15,000 points itself. The variant
 * is Comet's run context (`train`, `validate`, …); omitted, every context's points are returned.
 */
import { groupIdsByInstance } from '../shared/groupIds.js';
import type { InstanceMap } from '../shared/ids.js';
import type { MetricSeriesValue } from '../shared/model.js';
import { buildSeries, type RawPoint } from '../shared/series.js';
import type { SeriesRequest } from '../shared/sourceContract.js';
import { isRecord } from './connector/index.js';
import { mapTime } from './mapper/index.js';
import type { CometSource } from './source.js';

/** Comet keeps at most this many values per metric and samples above it (limits-and-performance docs). */
export const COMET_METRIC_SAMPLE_LIMIT = 15_000;

export async function loadSeries(source: CometSource, instances: InstanceMap, items: SeriesRequest['items']): Promise<(MetricSeriesValue | null)[]> {
  const out: (MetricSeriesValue | null)[] = items.map(() => null);
  const groups = groupIdsByInstance(items.map((i) => i.id), instances, 'experiment');
  await Promise.all(
    [...groups].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      await inst.connector.each(wanted, async (w) => {
        const item = items[w.index];
        if (!item) return;
        const body = await inst.readOrAbsent('experiment/metrics/get-metric', w.native, { metricName: item.name });
        if (body === undefined) return;
        const all = isRecord(body) && Array.isArray(body['metrics']) ? body['metrics'].filter(isRecord) : [];
        const mine = all.filter((p) => p['metricName'] === item.name && (item.variant === null || p['runContext'] === item.variant));
        if (mine.length === 0) return;
        const raw: RawPoint[] = mine.map((p) => ({
          step: typeof p['step'] === 'number' ? p['step'] : null,
          timestamp: mapTime(p['timestamp']),
          value: typeof p['metricValue'] === 'string' || typeof p['metricValue'] === 'number' ? Number(p['metricValue']) : null,
        }));
        out[w.index] = buildSeries(raw, {
          name: item.name,
          variant: item.variant,
          maxPoints: item.maxPoints,
          ...(all.length >= COMET_METRIC_SAMPLE_LIMIT ? { sourceSampled: { method: 'Comet samples metrics above 15,000 values' } } : {}),
        });
      });
    }),
  );
  return out;
}
