/**
 * ClearML writes datetimes with python-rapidjson: ISO-8601 with microseconds and an offset
 * (`2025-01-13T10:00:05.123000+00:00`), or naive (meaning UTC). The unified DateTime is ISO-8601 UTC
 * with milliseconds. This is the one place ClearML times are normalised.
 */
export function mapTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const naive = !/(Z|[+-]\d{2}:?\d{2})$/.test(value);
  // JavaScript's Date parses at most milliseconds: drop the extra fraction digits first.
  const trimmed = value.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(naive ? `${trimmed}Z` : trimmed);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Epoch ms → the datetime form ClearML range filters accept. */
export function toClearMLTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+00:00');
}
