/**
 * `events.*`: `add_batch` (json-lines), `get_scalar_metrics_and_variants`,
 * `scalar_metrics_iter_histogram`, `scalar_metrics_iter_raw`, `get_task_latest_scalar_values`,
 * `get_task_log`. The response shapes are the ones the service code builds (the schema only says
 * `object` for several reads): see reference §5.4 and `apiserver/services/events.py`.
 */
import { createHmac } from 'node:crypto';
import { type CallContext, type EndpointHandler, identityOf } from '../context.js';
import { apiError, errors } from '../errors.js';
import { INVALID_ITERATION_ERROR, ingestEvents, scalarEvents } from '../eventIngest.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { assertModelExists, assertTaskExists, flag, requiredString, stringParam } from './common.js';

/**
 * `events.add_batch`: 400/17 for an empty batch; good lines are added and bad ones counted per error
 * text in `errors_info`; 400/131 when nothing could be added. An out-of-range iteration makes the call
 * fail with 500/100 after the good lines were added (the server re-raises Elasticsearch's
 * `BulkIndexError` "for backwards compatibility").
 */
const addBatch: EndpointHandler = (ctx) => {
  const batch = ctx.batch ?? (Object.keys(ctx.data).length > 0 ? [ctx.data] : []);
  if (batch.length === 0) throw errors.batchNoItems();
  const { added, errors: errorsInfo } = ingestEvents(ctx.env.store, batch, {
    nowMs: ctx.env.clock.now(),
    worker: ctx.worker ?? '<unknown>',
    user: identityOf(ctx).user,
  });
  const invalidIterations = errorsInfo[INVALID_ITERATION_ERROR];
  if (invalidIterations) {
    const err = `('${invalidIterations} document(s) failed to index.', [{'_index': '${INVALID_ITERATION_ERROR}'}])`;
    throw apiError(500, 100, undefined, { err, extra_info: null });
  }
  if (added === 0) throw errors.eventsNotAdded(errorsInfo);
  const count = Object.values(errorsInfo).reduce((a, b) => a + b, 0);
  return { added, errors: count, errors_info: errorsInfo };
};

/** The task (or, with `model_events`, the model) a read refers to; 400/101 / 400/201 `ids=(…)` when unknown. */
function entityId(ctx: CallContext): string {
  const id = requiredString(ctx.data, 'task');
  if (flag(ctx.data, 'model_events')) assertModelExists(ctx, id);
  else assertTaskExists(ctx, id);
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
  assertTaskExists(ctx, id);
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

// ---------------------------------------------------------------------------------------------
// events.scalar_metrics_iter_raw

/** `services.events.events_retrieval.scroll_id_key` default: scroll ids are HS256 JWTs of the scroll state. */
const SCROLL_KEY = '1234567890';
/** `max_raw_scalars_size` default. */
const MAX_RAW_BATCH = 200_000;
/** Elasticsearch page size per search (`min(batch_size, 10_000)`). */
const ES_PAGE = 10_000;

function jwtEncode(payload: JsonObject): string {
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', SCROLL_KEY).update(head).digest('base64url')}`;
}

function jwtDecode(token: string): JsonObject | undefined {
  const [h = '', p = '', sig = '', ...rest] = token.split('.');
  if (rest.length > 0 || !h || !p) return undefined;
  if (createHmac('sha256', SCROLL_KEY).update(`${h}.${p}`).digest('base64url') !== sig) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    return isObject(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The metric/variants filter of `scalar_metrics_iter_raw` (`metric: {metric, variants}`). */
function metricVariantFilter(metric: Json | undefined): (e: JsonObject) => boolean {
  const m = isObject(metric) ? metric : {};
  const variants = Array.isArray(m['variants']) ? m['variants'] : [];
  return (e) => e['metric'] === m['metric'] && (variants.length === 0 || variants.includes(e['variant'] ?? ''));
}

/**
 * `EventsIterator._get_events` navigating forward: up to `size` events after `from` (by the key
 * field, ascending; a falsy `from` — none, or iteration 0 read back from a scroll id — starts from
 * the beginning, as the server's `if from_key_value:` does), plus every other event sharing the last returned key value, so that no
 * event of that value is lost between calls.
 */
function nextRawEvents(all: readonly JsonObject[], field: string, size: number, from: number | string | undefined): JsonObject[] {
  const keyed = all.filter((e) => typeof e[field] === 'number');
  const sorted = keyed.map((e, i) => ({ e, i })).sort((a, b) => Number(a.e[field]) - Number(b.e[field]) || a.i - b.i).map(({ e }) => e);
  const after = from ? sorted.filter((e) => Number(e[field]) > Number(from)) : sorted;
  const page = after.slice(0, size);
  const last = page[page.length - 1];
  if (!last) return [];
  const lastValue = last[field];
  const rest = after.slice(size).filter((e) => e[field] === lastValue);
  return [...page, ...rest];
}

/**
 * `events.scalar_metrics_iter_raw` (2.16+): raw points of one metric (optionally some variants),
 * ascending by `key` (`iter` default, `timestamp`, `iso_time` = timestamp), `batch_size` (default
 * 10000, max 200000) points per call plus the rest of the last key value, grouped per variant as
 * `{"<variant>": {"y": [values], "<key>": [x values]}}`. `scroll_id` is always returned (a JWT of
 * the position, total and request); pass it back until `returned` is 0. `total` is counted only with
 * `count_total` (else null).
 */
const scalarMetricsIterRaw: EndpointHandler = (ctx) => {
  const key = stringParam(ctx.data, 'key') ?? 'iter';
  const field = key === 'iter' ? 'iter' : 'timestamp';
  const requestedBatch = ctx.data['batch_size'];
  if (typeof requestedBatch === 'number' && requestedBatch < 0) throw errors.validation('batch_size should be non negative number');
  const scrollId = stringParam(ctx.data, 'scroll_id');
  // A number when cast from a scroll id (`cast_value`), a string between the pages of one call.
  let from: number | string | undefined;
  let total: number | undefined;
  let batchSize: number;
  if (!scrollId) {
    batchSize = typeof requestedBatch === 'number' && requestedBatch ? requestedBatch : 10_000;
  } else {
    const scroll = jwtDecode(scrollId);
    if (!scroll) throw errors.invalidScrollId({ scroll_id: scrollId });
    const scrollTotal = typeof scroll['total'] === 'number' ? scroll['total'] : undefined;
    const fromValue = scroll['from_key_value'];
    if (typeof fromValue !== 'string') return { returned: 0, total: scrollTotal ?? null, scroll_id: scrollId, variants: {} };
    from = Number(fromValue);
    total = scrollTotal;
    const previous = isObject(scroll['request']) ? scroll['request']['batch_size'] : undefined;
    batchSize = typeof requestedBatch === 'number' && requestedBatch ? requestedBatch : typeof previous === 'number' ? previous : 10_000;
  }
  const id = entityId(ctx);
  const wanted = metricVariantFilter(ctx.data['metric']);
  const matching = scalarEvents(ctx.env.store, id).filter(wanted);
  if (flag(ctx.data, 'count_total') && total === undefined) total = matching.length;
  batchSize = Math.min(batchSize, MAX_RAW_BATCH);
  const events: JsonObject[] = [];
  for (let i = 0; i < Math.ceil(batchSize / ES_PAGE); i++) {
    const page = nextRawEvents(matching, field, Math.min(batchSize, ES_PAGE), from);
    if (page.length === 0) break;
    events.push(...page);
    from = String(page[page.length - 1]?.[field]);
  }
  const variants: JsonObject = {};
  for (const e of events) {
    const variant = String(e['variant'] ?? '');
    const series = isObject(variants[variant]) ? variants[variant] : { y: [], [key]: [] };
    const ys = series['y'];
    const xs = series[key];
    if (Array.isArray(ys)) ys.push(e['value'] ?? null);
    if (Array.isArray(xs)) xs.push(e[field] ?? null);
    variants[variant] = series;
  }
  const request: JsonObject = { ...ctx.data, batch_size: batchSize };
  const last = events[events.length - 1];
  const state: JsonObject = {
    ...(last ? { from_key_value: String(last[field]) } : {}),
    ...(total !== undefined ? { total } : {}),
    request,
  };
  return { returned: events.length, total: total ?? null, scroll_id: jwtEncode(state), variants };
};

// ---------------------------------------------------------------------------------------------
// events.get_task_latest_scalar_values

/**
 * `events.get_task_latest_scalar_values`: per metric and variant (names ascending) the value of the
 * highest iteration, over the scalar events whose value is above 0 (`value:>0` in the server query).
 * `real`: `last_10_value` as the server builds it (the first hit of the top-10, i.e. the same last
 * value); `documented`: the schema's `last_100_value`, the average of the 100 last values.
 * `last_iter` is the task's highest iteration over all event types, `last_timestamp` the latest
 * write time (`@timestamp`, epoch ms) of those scalars, 0 when none.
 */
const getTaskLatestScalarValues: EndpointHandler = (ctx) => {
  const id = requiredString(ctx.data, 'task');
  const task = assertTaskExists(ctx, id);
  const positive = scalarEvents(ctx.env.store, id).filter((e) => typeof e['value'] === 'number' && e['value'] > 0);
  const byMetric = new Map<string, Map<string, JsonObject[]>>();
  for (const e of positive) {
    const variants = byMetric.get(String(e['metric'])) ?? new Map<string, JsonObject[]>();
    const list = variants.get(String(e['variant'])) ?? [];
    list.push(e);
    variants.set(String(e['variant']), list);
    byMetric.set(String(e['metric']), variants);
  }
  const iterOf = (e: JsonObject): number => (typeof e['iter'] === 'number' ? e['iter'] : Number.NEGATIVE_INFINITY);
  const writtenAt = (e: JsonObject): number => (typeof e['@timestamp'] === 'string' ? Date.parse(e['@timestamp']) : 0);
  let lastTimestamp = 0;
  const metrics: Json[] = [];
  for (const metric of [...byMetric.keys()].sort()) {
    const variants = byMetric.get(metric) ?? new Map<string, JsonObject[]>();
    const out: Json[] = [];
    for (const variant of [...variants.keys()].sort()) {
      const list = (variants.get(variant) ?? []).map((e, i) => ({ e, i })).sort((a, b) => iterOf(b.e) - iterOf(a.e) || b.i - a.i).map(({ e }) => e);
      const lastValue = list[0]?.['value'] ?? null;
      for (const e of list) lastTimestamp = Math.max(lastTimestamp, writtenAt(e));
      if (ctx.env.fidelity === 'documented') {
        const last100 = list.slice(0, 100).map((e) => Number(e['value']));
        out.push({ name: variant, last_value: lastValue, last_100_value: last100.reduce((a, b) => a + b, 0) / Math.max(1, last100.length) });
      } else {
        out.push({ name: variant, last_value: lastValue, last_10_value: lastValue });
      }
    }
    metrics.push({ name: metric, variants: out });
  }
  const bucket = ctx.env.store.events.get(id);
  const iters = bucket ? [...bucket.keyed.values(), ...bucket.logs].map((e) => e['iter']).filter((v): v is number => typeof v === 'number') : [];
  const lastIter = iters.length > 0 ? Math.max(...iters) : 0;
  return { metrics, last_iter: lastIter, name: task['name'] ?? null, status: task['status'] ?? null, last_timestamp: lastTimestamp };
};

export const eventHandlers: Readonly<Record<string, EndpointHandler>> = {
  'events.add_batch': addBatch,
  'events.get_scalar_metrics_and_variants': getScalarMetricsAndVariants,
  'events.scalar_metrics_iter_histogram': scalarMetricsIterHistogram,
  'events.scalar_metrics_iter_raw': scalarMetricsIterRaw,
  'events.get_task_latest_scalar_values': getTaskLatestScalarValues,
  'events.get_task_log': getTaskLog,
};
