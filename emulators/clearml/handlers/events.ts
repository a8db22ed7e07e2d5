/**
 * `events.*`: `add_batch` (json-lines), `get_scalar_metrics_and_variants`,
 * `scalar_metrics_iter_histogram`, `get_task_log`. The response shapes are the ones the service code
 * builds (the schema only says `object` for the first two reads): see reference §5.4.
 */
import { type CallContext, type EndpointHandler } from '../context.js';
import { errors } from '../errors.js';
import { ingestEvents, scalarEvents } from '../eventIngest.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { flag, modelOr201, requiredString, taskOr101 } from './common.js';

/** `events.add_batch`: 400/17 for an empty batch, 400/131 when nothing could be added. */
const addBatch: EndpointHandler = (ctx) => {
  const batch = ctx.batch ?? (Object.keys(ctx.data).length > 0 ? [ctx.data] : []);
  if (batch.length === 0) throw errors.batchNoItems();
  const { added, errors: errorsInfo } = ingestEvents(ctx.env.store, batch, { nowMs: ctx.env.clock.now(), worker: ctx.worker ?? '<unknown>' });
  if (added === 0) throw errors.eventsNotAdded(errorsInfo);
  const count = Object.values(errorsInfo).reduce((a, b) => a + b, 0);
  return { added, errors: count, errors_info: errorsInfo };
};

/** The task (or, with `model_events`, the model) a read refers to; 400/101 / 400/201 when unknown. */
function entityId(ctx: CallContext): string {
  const id = requiredString(ctx.data, 'task');
  if (flag(ctx.data, 'model_events')) modelOr201(ctx, id);
  else taskOr101(ctx, id);
  return id;
}

/** `metrics: [{metric, variants}]` request filter → predicate on metric/variant. */
function metricFilter(data: JsonObject): (metric: string, variant: string) => boolean {
  const list = Array.isArray(data['metrics']) ? data['metrics'].filter(isObject) : [];
  if (list.length === 0) return () => true;
  return (metric, variant) =>
    list.some((m) => {
      if (m['metric'] !== metric) return false;
      const variants = Array.isArray(m['variants']) ? m['variants'] : [];
      return variants.length === 0 || variants.includes(variant);
    });
}

const sortedKeys = <T>(map: Map<string, T>): string[] => [...map.keys()].sort();

/** `{metrics: {"<metric>": ["<variant>", ...]}}`, names sorted. */
const getScalarMetricsAndVariants: EndpointHandler = (ctx) => {
  const byMetric = new Map<string, Set<string>>();
  for (const e of scalarEvents(ctx.env.store, entityId(ctx))) {
    const set = byMetric.get(String(e['metric'])) ?? new Set<string>();
    set.add(String(e['variant']));
    byMetric.set(String(e['metric']), set);
  }
  const metrics: JsonObject = {};
  for (const m of sortedKeys(byMetric)) metrics[m] = [...(byMetric.get(m) ?? [])].sort();
  return { metrics };
};

/**
 * `{"<metric>": {"<variant>": {name, x, y}}}`: points are bucketed on the x key (`iter` by default,
 * `timestamp` or `iso_time`) with an interval that keeps at most `samples` buckets (2000 by default,
 * max 6000); `y` is the bucket average, as the Elasticsearch histogram aggregation returns it.
 */
const scalarMetricsIterHistogram: EndpointHandler = (ctx) => {
  const id = entityId(ctx);
  const rawSamples = ctx.data['samples'];
  const samples = typeof rawSamples === 'number' && rawSamples >= 1 ? Math.min(Math.floor(rawSamples), 6000) : 2000;
  const key = typeof ctx.data['key'] === 'string' ? ctx.data['key'] : 'iter';
  if (!['iter', 'timestamp', 'iso_time'].includes(key)) {
    throw errors.validation(undefined, { message: `'${key}' is not one of ['iter', 'timestamp', 'iso_time']`, path: ['key'] });
  }
  const wanted = metricFilter(ctx.data);
  const series = new Map<string, Map<string, { x: number; y: number }[]>>();
  for (const e of scalarEvents(ctx.env.store, id)) {
    const metric = String(e['metric']);
    const variant = String(e['variant']);
    const value = e['value'];
    const x = key === 'iter' ? e['iter'] : e['timestamp'];
    if (!wanted(metric, variant) || typeof value !== 'number' || typeof x !== 'number') continue;
    const byVariant = series.get(metric) ?? new Map<string, { x: number; y: number }[]>();
    const points = byVariant.get(variant) ?? [];
    points.push({ x, y: value });
    byVariant.set(variant, points);
    series.set(metric, byVariant);
  }
  const out: JsonObject = {};
  for (const metric of sortedKeys(series)) {
    const byVariant = series.get(metric) ?? new Map<string, { x: number; y: number }[]>();
    const node: JsonObject = {};
    for (const variant of sortedKeys(byVariant)) {
      const { xs, ys } = bucketise(byVariant.get(variant) ?? [], samples);
      node[variant] = { name: variant, x: key === 'iso_time' ? xs.map((v) => new Date(v).toISOString()) : xs, y: ys };
    }
    out[metric] = node;
  }
  return out;
};

function bucketise(points: readonly { x: number; y: number }[], samples: number): { xs: number[]; ys: number[] } {
  if (points.length === 0) return { xs: [], ys: [] };
  const min = Math.min(...points.map((p) => p.x));
  const max = Math.max(...points.map((p) => p.x));
  const interval = Math.max(1, Math.ceil((max - min) / samples));
  const buckets = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    const k = Math.floor(p.x / interval) * interval;
    const b = buckets.get(k) ?? { sum: 0, n: 0 };
    b.sum += p.y;
    b.n += 1;
    buckets.set(k, b);
  }
  const keys = [...buckets.keys()].sort((a, b) => a - b);
  return { xs: keys, ys: keys.map((k) => {
    const b = buckets.get(k);
    return b ? b.sum / b.n : 0;
  }) };
}

/**
 * `events.get_task_log` (2.9+): pages by time. `navigate_earlier` (default true) walks from the newest
 * event backwards starting before `from_timestamp`; `order` may flip the page; `total` counts all logs.
 */
const getTaskLog: EndpointHandler = (ctx) => {
  const id = requiredString(ctx.data, 'task');
  taskOr101(ctx, id);
  const logs = ctx.env.store.events.get(id)?.logs ?? [];
  const earlier = ctx.data['navigate_earlier'] !== false;
  const batchSize = typeof ctx.data['batch_size'] === 'number' && ctx.data['batch_size'] > 0 ? ctx.data['batch_size'] : 500;
  const from = ctx.data['from_timestamp'];
  const ts = (e: JsonObject): number => (typeof e['timestamp'] === 'number' ? e['timestamp'] : 0);
  const indexed = logs.map((e, i) => ({ e, i }));
  indexed.sort((a, b) => (earlier ? ts(b.e) - ts(a.e) || b.i - a.i : ts(a.e) - ts(b.e) || a.i - b.i));
  const page = indexed
    .filter(({ e }) => typeof from !== 'number' || (earlier ? ts(e) < from : ts(e) > from))
    .slice(0, batchSize)
    .map(({ e }) => structuredClone(e));
  const order = ctx.data['order'];
  if ((earlier && order === 'asc') || (!earlier && order === 'desc')) page.reverse();
  const events: Json[] = page;
  return { events, returned: page.length, total: logs.length };
};

export const eventHandlers: Readonly<Record<string, EndpointHandler>> = {
  'events.add_batch': addBatch,
  'events.get_scalar_metrics_and_variants': getScalarMetricsAndVariants,
  'events.scalar_metrics_iter_histogram': scalarMetricsIterHistogram,
  'events.get_task_log': getTaskLog,
};
