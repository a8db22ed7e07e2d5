/**
 * Cross-tracker stitching for ClearML (DESIGN §4): the keys of objects `edges` already loaded, and the
 * source contract's `match`.
 *
 * Keys: a task's links are its user `tags` (system tags are ClearML's own flags: archived, hidden,
 * stage:…); a model has its `uri` and its `tags`; an artifact has the SDK's SHA-256 of the file (the
 * mapper's `sha256:<hex>`) and its `uri`; a serving endpoint has none.
 *
 * `match`, per call and instance, every read in parallel and only for the keys asked:
 * - hashes and uris → artifacts, searched in the artifact snapshot (artifactListing.ts: the newest
 *   ARTIFACT_TASK_BUDGET non-archived tasks, cached 30 s), PARTIAL when that snapshot was truncated;
 * - uris → models: one paged `models.get_all` over an anchored pattern on `uri` (see `uriPattern`),
 *   each candidate confirmed by normalising its uri here;
 * - links → tasks and models: one paged `tasks.get_all` and one `models.get_all` with a `tags` list
 *   (ClearML ORs plain values of a list filter: any of them), confirmed on the tags read back.
 * Each `get_all` reads at most MATCH_BUDGET rows, newest first (PARTIAL beyond).
 */
import { encodeId } from '../shared/ids.js';
import { type MatchBy, type MatchHit, type MatchRequest, type MatchResponse, normaliseHash, normaliseUri, type StitchKeys, stitchKeys } from '../shared/stitch.js';
import { ARTIFACT_TASK_BUDGET, artifactSnapshot } from './artifactListing.js';
import { type ClearMLModelWire, type ClearMLTaskWire, isModelWire, isTaskWire } from './connector/index.js';
import { escapeRegex } from './getAllListing.js';
import type { ClearMLArtifactView } from './mapper/index.js';
import { readPaged } from './pagedRead.js';
import type { ClearMLInstance } from './source.js';

/** Most rows one `match` search reads per `get_all` (as lineage's downstream searches). */
export const MATCH_BUDGET = 5_000;

export function taskKeys(id: string, task: Pick<ClearMLTaskWire, 'tags'>): StitchKeys {
  return stitchKeys(id, { links: task.tags ?? [] });
}

export function modelKeys(id: string, model: Pick<ClearMLModelWire, 'uri' | 'tags'>): StitchKeys {
  return stitchKeys(id, { uris: [normaliseUri(model.uri)], links: model.tags ?? [] });
}

/** From the mapped artifact: its hash already names the algorithm ClearML leaves implicit (SHA-256). */
export function artifactKeys(artifact: Pick<ClearMLArtifactView, 'id' | 'hash' | 'uri'>): StitchKeys {
  return stitchKeys(artifact.id, { hashes: [normaliseHash(artifact.hash)], uris: [normaliseUri(artifact.uri)] });
}

export function servingKeys(id: string): StitchKeys {
  return stitchKeys(id, {});
}

/** Requested values by their normalised form (the form keys carry), each with the spellings asked for. */
type Wanted = ReadonlyMap<string, readonly string[]>;

/** What one search found, and which part it could not search. */
interface Found {
  readonly hits: readonly MatchHit[];
  readonly partial?: string;
}

const NOTHING: Found = { hits: [] };

export async function matchObjects(inst: ClearMLInstance, req: MatchRequest): Promise<MatchResponse> {
  const hashes = wanted(req.hashes, normaliseHash);
  const uris = wanted(req.uris, normaliseUri);
  const links = wanted(req.links, (v) => (filterableTag(v) ? v : null));
  const model = (m: ClearMLModelWire) => encodeId({ instance: inst.config.name, kind: 'model', native: [m.id] });
  const task = (t: ClearMLTaskWire) => encodeId({ instance: inst.config.name, kind: 'task', native: [t.id] });
  const found = await Promise.all([
    hashes.size > 0 || uris.size > 0 ? matchArtifacts(inst, hashes, uris) : NOTHING,
    uris.size > 0 ? matchModelUris(inst, uris, model) : NOTHING,
    links.size > 0 ? matchTags(inst, links, { endpoint: 'tasks.get_all', key: 'tasks', guard: isTaskWire, id: task, extra: { search_hidden: true } }) : NOTHING,
    links.size > 0 ? matchTags(inst, links, { endpoint: 'models.get_all', key: 'models', guard: isModelWire, id: model, extra: {} }) : NOTHING,
  ]);
  const partial = found.flatMap((f) => (f.partial ? [f.partial] : []));
  return { matches: found.flatMap((f) => f.hits), ...(partial.length > 0 ? { partial: partial.join('; ') } : {}) };
}

/**
 * Requested values grouped by normalised form; a value that does not normalise is dropped (nothing
 * ClearML holds can carry it). The wire is JSON from the catalog, so non-strings are ignored too.
 */
function wanted(values: readonly unknown[] | undefined, normalise: (v: string) => string | null): Wanted {
  const out = new Map<string, string[]>();
  for (const v of Array.isArray(values) ? values : []) {
    if (typeof v !== 'string') continue;
    const key = normalise(v);
    if (key === null) continue;
    const spellings = out.get(key) ?? [];
    if (!spellings.includes(v)) spellings.push(v);
    out.set(key, spellings);
  }
  return out;
}

/** A tag ClearML's list filter takes literally: a leading `-` excludes and `__$…` is an operator. */
function filterableTag(v: string): boolean {
  return v !== '' && !v.startsWith('-') && !v.startsWith('__$');
}

/** One hit per requested spelling of each key the object carries. */
function hitsFor(id: string, by: MatchBy, carried: readonly string[], want: Wanted): MatchHit[] {
  return [...new Set(carried)].flatMap((key) => (want.get(key) ?? []).map((value) => ({ id, by, value })));
}

async function matchArtifacts(inst: ClearMLInstance, hashes: Wanted, uris: Wanted): Promise<Found> {
  const snapshot = await artifactSnapshot(inst, undefined);
  const hits = snapshot.rows.flatMap((row) => {
    const keys = artifactKeys(row);
    return [...hitsFor(row.id, 'hash', keys.hashes, hashes), ...hitsFor(row.id, 'uri', keys.uris, uris)];
  });
  return { hits, ...(snapshot.truncated ? { partial: `artifacts were searched in the newest ${ARTIFACT_TASK_BUDGET} non-archived tasks only` } : {}) };
}

async function matchModelUris(inst: ClearMLInstance, uris: Wanted, id: (m: ClearMLModelWire) => string): Promise<Found> {
  const query = { _any_: { pattern: uriPattern([...uris.keys()]), fields: ['uri'] }, only_fields: ['id', 'uri'], order_by: ['-created', '-id'] };
  const read = await readPaged(inst, 'models.get_all', 'models', isModelWire, query, MATCH_BUDGET);
  const hits = read.rows.flatMap((m) => hitsFor(id(m), 'uri', modelKeys(id(m), m).uris, uris));
  return { hits, ...(read.truncated ? { partial: `models were searched by location in the newest ${MATCH_BUDGET} candidates only` } : {}) };
}

interface TagSearch<W extends { readonly id: string; readonly tags?: readonly string[] }> {
  readonly endpoint: 'tasks.get_all' | 'models.get_all';
  readonly key: 'tasks' | 'models';
  readonly guard: (v: unknown) => v is W;
  readonly id: (w: W) => string;
  /** `search_hidden` for tasks (models.get_all has no hidden filter). */
  readonly extra: Readonly<Record<string, unknown>>;
}

async function matchTags<W extends { readonly id: string; readonly tags?: readonly string[] }>(inst: ClearMLInstance, links: Wanted, spec: TagSearch<W>): Promise<Found> {
  const query = { ...spec.extra, tags: [...links.keys()], only_fields: ['id', 'tags'], order_by: ['-created', '-id'] };
  const read = await readPaged(inst, spec.endpoint, spec.key, spec.guard, query, MATCH_BUDGET);
  // Tags are checked again here: the filter is ClearML's, the exact-match rule is the contract's.
  const hits = read.rows.flatMap((w) => hitsFor(spec.id(w), 'link', w.tags ?? [], links));
  return { hits, ...(read.truncated ? { partial: `${spec.key} were searched by link in the newest ${MATCH_BUDGET} tagged ones only` } : {}) };
}

/**
 * A regular expression (ClearML's `_any_` patterns ignore case) matching every stored spelling that
 * `normaliseUri` folds into one of these: any case of scheme and host, repeated and trailing slashes,
 * a query string or fragment, and percent-escapes of characters `decodeURI` decodes. Candidates are
 * confirmed by normalising, so matching a little more (case in the path) is harmless.
 */
export function uriPattern(normalised: readonly string[]): string {
  const one = (uri: string): string => {
    const at = uri.indexOf('://');
    const slash = uri.indexOf('/', at + 3);
    const head = slash < 0 ? uri : uri.slice(0, slash);
    const path = slash < 0 ? '' : uri.slice(slash);
    return escapeRegex(head) + [...path].map(pathChar).join('') + '/*';
  };
  return `^\\s*(?:${[...new Set(normalised)].map(one).join('|')})(?:[?#].*)?\\s*$`;
}

/** One path character of a normalised uri: `/` may repeat, a decoded character may be stored escaped. */
function pathChar(c: string): string {
  if (c === '/') return '/+';
  let escaped = c;
  try {
    escaped = encodeURI(c);
  } catch {
    // A lone surrogate has no escape: only its literal spelling can match.
  }
  return escaped === c ? escapeRegex(c) : `(?:${escapeRegex(c)}|${escaped})`;
}
