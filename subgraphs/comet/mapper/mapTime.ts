/**
 * Comet writes times as epoch milliseconds (reference/comet.md §3, §5.3, §5.5); the unified DateTime is
 * ISO-8601 UTC with milliseconds. This is the one place Comet times are normalised. `0` is what the
 * backend writes for "never set" (an experiment that has not ended, old data without timestamps), so
 * it maps to null like an absent value does.
 */

/** Largest epoch ms a JavaScript Date represents (±8.64e15). */
const MAX_DATE_MS = 8_640_000_000_000_000;

/** Epoch ms (a number, or a string of digits) → ISO-8601 UTC; null for 0, absent or unusable values. */
export function mapTime(value: unknown): string | null {
  const ms = epochMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}

/** Epoch ms as a positive integer, or null (the same rules as `mapTime`). */
export function epochMs(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > MAX_DATE_MS) return null;
  return Math.trunc(n);
}
