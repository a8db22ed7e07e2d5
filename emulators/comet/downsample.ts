/**
 * Metric downsampling. Comet keeps at most 15,000 values per metric per experiment on the read side; beyond that
 * "values are downsampled" (reference §6.4, limits-and-performance docs). The real algorithm is not published, so
 * the emulator uses a deterministic stride: it always keeps the first and the last point and picks evenly spaced
 * points in between, in logging order. Summaries (min/max/current) are computed on every point, not the sample.
 */

/** Comet's documented cap on returned values per metric per experiment. */
export const COMET_MAX_POINTS_PER_METRIC = 15_000;

/**
 * Returns `points` unchanged (copied) when within `max`, otherwise exactly `max` points at indices
 * `floor(i * (n - 1) / (max - 1))`. The stride is > 1, so the indices are strictly increasing (no duplicates).
 */
export function downsample<T>(points: readonly T[], max: number = COMET_MAX_POINTS_PER_METRIC): T[] {
  const n = points.length;
  if (n <= max) return points.slice();
  if (max <= 0) return [];
  if (max === 1) return points.slice(n - 1);
  const out: T[] = [];
  const stride = (n - 1) / (max - 1);
  for (let i = 0; i < max; i++) {
    // The last index is pinned: (n - 1) / (max - 1) * (max - 1) can round just below n - 1.
    const p = points[i === max - 1 ? n - 1 : Math.floor(i * stride)];
    if (p !== undefined) out.push(p);
  }
  return out;
}
