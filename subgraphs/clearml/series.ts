/**
 * Metric histories. The source of truth is `events.scalar_metrics_iter_raw` (API 2.16+): every point,
 * scrolled in batches of 10,000 with the total counted on the first call; Switchyard then samples down
 * to `maxPoints` (min/max buckets, shared/series.ts). Where the raw endpoint is missing (an older server,
 * or one that does not implement it) or a series holds more than 100,000 points, the series comes from
 * `events.scalar_metrics_iter_histogram` instead: at most 6,000 bucket averages, reported as sampled
 * by the SOURCE once the iterations span more buckets than that. The x axis is the iteration, so points
 * carry a step and no timestamp. Without a variant, every variant's points form one series.
 */
import { errorCodeOf } from '../shared/errors.js';
import { groupIdsByInstance } from '../shared/groupIds.js';
import type { InstanceMap } from '../shared/ids.js';
import type { MetricSeriesValue } from '../shared/model.js';
import { buildSeries, type RawPoint } from '../shared/series.js';
import type { SeriesRequest } from '../shared/sourceContract.js';
import { isRecord } from './connector/index.js';
import { MAX_IN_FLIGHT, mapBounded } from '../shared/limit.js';
import type { ClearMLInstance, ClearMLSource } from './source.js';

type SeriesItem = SeriesRequest['items'][number];

const RAW_BATCH = 10_000;
export const RAW_POINT_LIMIT = 100_000;
export const HISTOGRAM_SAMPLES = 6_000;
/** How long an instance is remembered as lacking the raw endpoint. */
const RAW_MISSING_TTL_MS = 600_000;

export async function loadSeries(source: ClearMLSource, instances: InstanceMap, items: readonly SeriesItem[]): Promise<(MetricSeriesValue | null)[]> {
  const out: (MetricSeriesValue | null)[] = items.map(() => null);
  await Promise.all(
    [...groupIdsByInstance(items.map((i) => i.id), instances, 'task')].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      await mapBounded(wanted, MAX_IN_FLIGHT, async (w) => {
        out[w.index] = await absentAsNull(() => readSeries(inst, w.native, items[w.index] as SeriesItem));
      });
    }),
  );
  return out;
}

async function readSeries(inst: ClearMLInstance, task: string, item: SeriesItem): Promise<MetricSeriesValue | null> {
  const metric = { metric: item.name, ...(item.variant !== null ? { variants: [item.variant] } : {}) };
  const raw = (await inst.recall<boolean>('scalars-raw-missing')) ? undefined : await readRaw(inst, task, metric);
  if (raw) {
    if (raw.points.length === 0) return null;
    return buildSeries(raw.points, { name: item.name, variant: item.variant, maxPoints: item.maxPoints, totalPoints: raw.total });
  }
  const data = await inst.connector.call('events.scalar_metrics_iter_histogram', { task, metrics: [metric], samples: HISTOGRAM_SAMPLES, key: 'iter' }, 'read');
  const byVariant = isRecord(data) && isRecord(data[item.name]) ? data[item.name] : {};
  const points = Object.entries(byVariant as Record<string, unknown>).flatMap(([variant, xy]) => (item.variant === null || variant === item.variant ? pointsOf(xy) : []));
  if (points.length === 0) return null;
  const steps = points.map((p) => p.step ?? 0);
  const sampled = Math.max(...steps) - Math.min(...steps) >= HISTOGRAM_SAMPLES;
  const series = buildSeries(points, {
    name: item.name,
    variant: item.variant,
    maxPoints: item.maxPoints,
    // The histogram does not say how many points the task holds.
    ...(sampled ? { sourceSampled: { method: `ClearML histogram: averages of at most ${HISTOGRAM_SAMPLES} iteration buckets` }, totalPoints: null } : {}),
  });
  return series;
}

/** Every raw point of the metric, or undefined when the endpoint is missing or the series is too long. */
async function readRaw(inst: ClearMLInstance, task: string, metric: Record<string, unknown>): Promise<{ points: RawPoint[]; total: number } | undefined> {
  const points: RawPoint[] = [];
  let total = 0;
  let scrollId: string | undefined;
  do {
    let data: unknown;
    try {
      const body = { task, metric, key: 'iter', batch_size: RAW_BATCH, ...(scrollId ? { scroll_id: scrollId } : { count_total: true }) };
      data = await inst.connector.call('events.scalar_metrics_iter_raw', body, 'read');
    } catch (err) {
      if (errorCodeOf(err) !== 'NOT_SUPPORTED_BY_SOURCE') throw err;
      await inst.note('scalars-raw-missing', true, RAW_MISSING_TTL_MS);
      return undefined;
    }
    if (!isRecord(data)) break;
    if (scrollId === undefined) total = typeof data['total'] === 'number' ? data['total'] : 0;
    if (total > RAW_POINT_LIMIT) return undefined;
    const variants = isRecord(data['variants']) ? data['variants'] : {};
    const batch = Object.values(variants).flatMap(pointsOf);
    points.push(...batch);
    scrollId = typeof data['scroll_id'] === 'string' ? data['scroll_id'] : undefined;
    if (batch.length < RAW_BATCH) break;
  } while (scrollId && points.length < total);
  return { points, total: Math.max(total, points.length) };
}

/**
 * `{iter: […], y: […]}` (raw: the x values sit under the `key` asked for) or `{x: […], y: […]}`
 * (histogram) → points with a step and no timestamp.
 */
function pointsOf(xy: unknown): RawPoint[] {
  if (!isRecord(xy)) return [];
  const xs = xy['iter'] ?? xy['x'];
  const ys = xy['y'];
  if (!Array.isArray(xs) || !Array.isArray(ys)) return [];
  return xs.map((x, i) => ({
    step: typeof x === 'number' ? x : null,
    timestamp: null,
    value: typeof ys[i] === 'number' ? (ys[i] as number) : null,
  }));
}

/** A task ClearML does not know (400/101) has no series: null, not an error. */
export async function absentAsNull<T>(read: () => Promise<T | null>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (errorCodeOf(err) === 'NOT_FOUND') return null;
    throw err;
  }
}
