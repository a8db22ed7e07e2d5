/**
 * Cross-tracker stitching keys (DESIGN §4, docs/stitching.md): what ties one tracker's object to
 * another's. Sources report each object's keys with its edges and answer `match` for keys the catalog
 * collects; both sides normalise with the functions here, so a key compares equal exactly when the
 * rule in docs/stitching.md says it should.
 */

/** What a source knows about one of its objects that can tie it to objects elsewhere. */
export interface StitchKeys {
  /** The object's global id. */
  readonly id: string;
  /** Content digests as `<algo>:<hex>`, normalised with `normaliseHash` (Artifact and Model kinds only). */
  readonly hashes: readonly string[];
  /** Locations normalised with `normaliseUri` (Artifact and Model kinds only). */
  readonly uris: readonly string[];
  /**
   * Tag and metadata values that look like an object reference (`linkCandidates`); the catalog
   * resolves them against its configured instances and aliases.
   */
  readonly links: readonly string[];
}

export type MatchBy = 'hash' | 'uri' | 'link';

export interface MatchRequest {
  readonly instance: string;
  /** Normalised digests: answer Artifact and Model objects carrying one of them. */
  readonly hashes: readonly string[];
  /** Normalised locations: answer Artifact and Model objects stored at one of them. */
  readonly uris: readonly string[];
  /** Link values: answer objects of any kind whose tags or link metadata hold one of them exactly. */
  readonly links: readonly string[];
}

export interface MatchHit {
  /** The global id of the source's object. */
  readonly id: string;
  readonly by: MatchBy;
  /** The key it carries, exactly as it was asked for. */
  readonly value: string;
}

export interface MatchResponse {
  readonly matches: readonly MatchHit[];
  /** Set when the source searched only part of its objects (a snapshot budget); says which part. */
  readonly partial?: string;
}

/** Hex digests by length, for digests stored without their algorithm (ClearML stores bare SHA-256). */
const ALGO_BY_HEX_LENGTH: Readonly<Record<number, string>> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

/**
 * `<algo>:<hex>` in lower case, or null for anything that is not a digest. A bare hex string takes
 * the algorithm its length implies (32 → md5, 64 → sha256, …); `algo` overrides that guess.
 */
export function normaliseHash(value: string | null | undefined, algo?: string): string | null {
  if (!value) return null;
  const trimmed = value.trim().toLowerCase();
  const colon = trimmed.indexOf(':');
  const named = colon > 0 ? trimmed.slice(0, colon).replace(/[^a-z0-9]/g, '') : (algo?.toLowerCase().replace(/[^a-z0-9]/g, '') ?? null);
  const hex = colon > 0 ? trimmed.slice(colon + 1) : trimmed;
  if (!/^[0-9a-f]{16,}$/.test(hex)) return null;
  const name = named ?? ALGO_BY_HEX_LENGTH[hex.length];
  return name ? `${name}:${hex}` : null;
}

/**
 * One spelling per location: scheme and host in lower case, the query string and fragment dropped
 * (pre-signed links differ only there), repeated and trailing slashes removed, percent-encoding
 * decoded where it is unambiguous. Null for values that are not absolute URIs (DVC md5s, bare paths).
 */
export function normaliseUri(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(value.trim());
  if (!m) return null;
  const scheme = (m[1] as string).toLowerCase();
  const host = (m[2] as string).toLowerCase();
  let path = (m[3] as string).replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  try {
    path = decodeURI(path);
  } catch {
    // Keep the raw path: a malformed escape is still one spelling.
  }
  if (host === '' && path === '') return null;
  return `${scheme}://${host}${path}`;
}

/** `<instance>:<kind>:<native>` shape (the instance or alias part as in ids.ts); the catalog checks the rest. */
const LINK_SHAPE = /^[a-z][a-z0-9-]{0,31}:[a-z][a-z0-9-]*:\S+$/;

/** The values that look like object references, each once, in first-seen order. */
export function linkCandidates(values: Iterable<unknown>): string[] {
  const out = new Set<string>();
  for (const v of values) if (typeof v === 'string' && v.length <= 512 && LINK_SHAPE.test(v)) out.add(v);
  return [...out];
}

/** Build an object's `StitchKeys`: nulls dropped, each value once, links filtered to reference-shaped values. */
export function stitchKeys(id: string, parts: { hashes?: readonly (string | null)[]; uris?: readonly (string | null)[]; links?: Iterable<unknown> }): StitchKeys {
  const uniq = (xs: readonly (string | null)[] | undefined) => [...new Set((xs ?? []).filter((x): x is string => x !== null))];
  return { id, hashes: uniq(parts.hashes), uris: uniq(parts.uris), links: linkCandidates(parts.links ?? []) };
}
