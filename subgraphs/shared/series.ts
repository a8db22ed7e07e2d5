/**
 * Builds a unified MetricSeries from a tracker's raw points: drops non-finite values (JSON cannot carry
 * them), sorts by (step, timestamp) with nulls last, and, above `maxPoints`, downsamples with min/max
 * buckets so spikes survive (each bucket keeps its lowest and highest point, in order).
 */
import { switchyardError } from './errors.js';
import type { MetricPointValue, MetricSeriesValue } from './model.js';

export const MAX_SERIES_POINTS = 10_000;

/** `maxPoints` as the schema allows it (1..10000); anything else is the caller's mistake. */
export function validMaxPoints(maxPoints: number): number {
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > MAX_SERIES_POINTS) {
    throw switchyardError('BAD_USER_INPUT', `"maxPoints" must be between 1 and ${MAX_SERIES_POINTS}; got ${maxPoints}.`);
  }
  return maxPoints;
}

export interface RawPoint {
  readonly step: number | null;
  /** ISO-8601 UTC. */
  readonly timestamp: string | null;
  readonly value: number | null;
}

export interface BuildSeriesOptions {
  readonly name: string;
  readonly variant: string | null;
  readonly maxPoints: number;
  /** Points the tracker says it holds (may exceed the points it returned); null: it does not say. @default the points given */
  readonly totalPoints?: number | null;
  /** The tracker itself returned a sample (e.g. ClearML histograms, Comet above 15,000 points). */
  readonly sourceSampled?: { readonly method: string } | undefined;
}

export function buildSeries(raw: readonly RawPoint[], o: BuildSeriesOptions): MetricSeriesValue {
  const finite: MetricPointValue[] = [];
  for (const p of raw) if (typeof p.value === 'number' && Number.isFinite(p.value)) finite.push({ step: p.step, timestamp: p.timestamp, value: p.value });
  finite.sort(comparePoints);
  const max = Math.max(2, Math.min(o.maxPoints, MAX_SERIES_POINTS));
  const points = finite.length > max ? minMaxBuckets(finite, max) : finite;
  return {
    name: o.name,
    variant: o.variant,
    points,
    totalPoints: o.totalPoints === undefined ? raw.length : o.totalPoints,
    droppedNonFinite: raw.length - finite.length,
    downsampling:
      points.length < finite.length
        ? { by: 'SWITCHYARD', method: 'min-max buckets' }
        : o.sourceSampled
          ? { by: 'SOURCE', method: o.sourceSampled.method }
          : { by: 'NONE', method: null },
  };
}

function comparePoints(a: MetricPointValue, b: MetricPointValue): number {
  return nullsLast(a.step, b.step) || nullsLast(a.timestamp, b.timestamp);
}

function nullsLast<T extends number | string>(a: T | null, b: T | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Keep at most `max` points: per bucket its minimum and maximum, in their original order. */
function minMaxBuckets(points: readonly MetricPointValue[], max: number): MetricPointValue[] {
  const buckets = Math.floor(max / 2);
  const size = points.length / buckets;
  const out: MetricPointValue[] = [];
  for (let b = 0; b < buckets; b += 1) {
    const start = Math.floor(b * size);
    const end = Math.min(points.length, Math.floor((b + 1) * size));
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i += 1) {
      if ((points[i] as MetricPointValue).value < (points[lo] as MetricPointValue).value) lo = i;
      if ((points[i] as MetricPointValue).value > (points[hi] as MetricPointValue).value) hi = i;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) out.push(points[i] as MetricPointValue);
  }
  return out;
}
