/**
 * API versions ("2.23") as the server's `PartialVersion`: compared numerically part by part, printed as
 * given. Each endpoint has one implementation per min version; a call runs the one with the highest
 * min version ≤ the requested version.
 */

/** Highest API version of clearml-server 2.3.0 (`ServiceRepo._max_version`). */
export const MAX_API_VERSION = '2.34';

export interface ApiVersion {
  /** The text as requested (`requested_version` echoes it). */
  readonly text: string;
  readonly parts: readonly number[];
}

/** Parse `"2.23"`; undefined when not a version. */
export function parseVersion(text: string): ApiVersion | undefined {
  if (!/^\d+(\.\d+)*$/.test(text)) return undefined;
  return { text, parts: text.split('.').map(Number) };
}

export function compareVersions(a: ApiVersion, b: ApiVersion): number {
  const n = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = (a.parts[i] ?? 0) - (b.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function versionOf(text: string): ApiVersion {
  const v = parseVersion(text);
  if (!v) throw new Error(`invalid version literal ${text}`);
  return v;
}

/**
 * The implementation (min version) serving `requested` among an endpoint's `minVersions`, or
 * undefined when the request is older than every implementation (the server then answers 404).
 */
export function resolveImplementation(minVersions: readonly string[], requested: ApiVersion): string | undefined {
  let best: string | undefined;
  for (const v of minVersions) {
    if (compareVersions(versionOf(v), requested) > 0) continue;
    if (best === undefined || compareVersions(versionOf(v), versionOf(best)) > 0) best = v;
  }
  return best;
}

/**
 * How the envelope writes a version: a string, except that clients asking for a version below 2.1
 * get floats (`APICall.get_response.make_version_number`).
 */
export function envelopeVersion(version: string | undefined, requested: ApiVersion): string | number | null {
  if (version === undefined) return null;
  if (compareVersions(requested, versionOf('2.1')) < 0) return Number(version);
  return version;
}
