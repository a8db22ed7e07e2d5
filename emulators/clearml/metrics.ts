/**
 * How reported scalars update a task's (or model's) statistics, following `EventBLL.add_events`
 * (`_update_last_scalar_events_for_task`) and `get_last_metric_updates` in
 * `apiserver/bll/task/utils.py`. Per batch and metric/variant, the event with the highest
 * (iteration, timestamp) is the `value`; `min`/`max` compare with the stored values; `first_value`
 * is written once; `mean_value` is the running mean rounded to 2 decimals; `count` accumulates.
 * `last_metrics` is keyed by md5(metric) → md5(variant).
 */
import { isObject, type JsonObject } from './json.js';
import { hashFieldName } from './store.js';

/** One metric/variant summary of a batch of scalar events. */
interface BatchScalar {
  metric: string;
  variant: string;
  count: number;
  total: number;
  value: number;
  iter: number;
  timestamp: number;
  xAxisLabel: string | undefined;
  firstValue: number;
  firstIter: number;
  min: number;
  minIter: number;
  max: number;
  maxIter: number;
}

/** Accumulates scalar events of one batch for one task. */
export class ScalarBatch {
  readonly #byKey = new Map<string, BatchScalar>();

  add(event: JsonObject, xAxisLabel: string | undefined): void {
    const value = event['value'];
    if (typeof value !== 'number') return;
    const metric = typeof event['metric'] === 'string' ? event['metric'] : '';
    const variant = typeof event['variant'] === 'string' ? event['variant'] : '';
    const iter = typeof event['iter'] === 'number' ? event['iter'] : 0;
    const timestamp = typeof event['timestamp'] === 'number' ? event['timestamp'] : 0;
    const key = `${hashFieldName(metric)}.${hashFieldName(variant)}`;
    const cur = this.#byKey.get(key);
    if (!cur) {
      this.#byKey.set(key, {
        metric, variant, count: 1, total: value, value, iter, timestamp, xAxisLabel,
        firstValue: value, firstIter: iter, min: value, minIter: iter, max: value, maxIter: iter,
      });
      return;
    }
    cur.count += 1;
    cur.total += value;
    if (iter > cur.iter || (iter === cur.iter && timestamp >= cur.timestamp)) {
      cur.value = value;
      cur.iter = iter;
      cur.timestamp = timestamp;
      if (xAxisLabel !== undefined) cur.xAxisLabel = xAxisLabel;
    }
    if (iter < cur.firstIter) {
      cur.firstValue = value;
      cur.firstIter = iter;
    }
    if (value < cur.min) {
      cur.min = value;
      cur.minIter = iter;
    }
    if (value > cur.max) {
      cur.max = value;
      cur.maxIter = iter;
    }
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** Merge the batch into a document's `last_metrics`. */
  applyTo(doc: JsonObject): void {
    const lastMetrics = isObject(doc['last_metrics']) ? doc['last_metrics'] : {};
    for (const s of this.#byKey.values()) {
      const mKey = hashFieldName(s.metric);
      const vKey = hashFieldName(s.variant);
      const metricNode = isObject(lastMetrics[mKey]) ? lastMetrics[mKey] : {};
      const prev = isObject(metricNode[vKey]) ? metricNode[vKey] : {};
      const num = (k: string): number | undefined => (typeof prev[k] === 'number' ? prev[k] : undefined);
      const prevMin = num('min_value');
      const prevMax = num('max_value');
      const prevFirst = num('first_value');
      const prevCount = num('count') ?? 0;
      const prevMean = num('mean_value') ?? 0;
      const next: JsonObject = {
        metric: s.metric,
        variant: s.variant,
        value: s.value,
        min_value: prevMin === undefined || prevMin > s.min ? s.min : prevMin,
        min_value_iteration: prevMin === undefined || prevMin > s.min ? s.minIter : num('min_value_iteration') ?? 0,
        max_value: prevMax === undefined || prevMax < s.max ? s.max : prevMax,
        max_value_iteration: prevMax === undefined || prevMax < s.max ? s.maxIter : num('max_value_iteration') ?? 0,
        first_value: prevFirst === undefined ? s.firstValue : prevFirst,
        first_value_iteration: prevFirst === undefined ? s.firstIter : num('first_value_iteration') ?? 0,
        count: prevCount + s.count,
        mean_value: Math.round(((prevMean * prevCount + s.total) / (prevCount + s.count)) * 100) / 100,
      };
      const label = s.xAxisLabel ?? (typeof prev['x_axis_label'] === 'string' ? prev['x_axis_label'] : undefined);
      if (label !== undefined) next['x_axis_label'] = label;
      metricNode[vKey] = next;
      lastMetrics[mKey] = metricNode;
    }
    doc['last_metrics'] = lastMetrics;
  }
}
