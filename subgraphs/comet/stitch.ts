/**
 * Comet's side of cross-tracker stitching (DESIGN §4, shared/stitch.ts): the keys `edges` returns for
 * the ids it was asked about, and `match`. What Comet records:
 * - hashes: none. Comet keeps no content digest for assets, artifact versions or models (the asset
 *   link, registry and artifact file shapes of reference §4/§5.7–§5.9 carry none), so hash lookups are
 *   answered empty without a call;
 * - uris: an asset's link (the mapper already dropped a pre-signed query) when it is a location of its
 *   own. Comet's download links (`…/get-asset?assetId=…&experimentKey=…`) name the asset only in their
 *   query, which `normaliseUri` drops, so all of them would compare equal: they give none. Registry
 *   versions, experiment models and artifact versions have no uri;
 * - links: experiment tags, plus log-other values named `switchyard.link` or `switchyard.link.<x>` where
 *   the experiment's details are already cached (reading them costs four calls per experiment); asset
 *   tags (where the server lists them); an artifact version's tags and aliases and its artifact's tags.
 *   Registry versions and experiment models carry no tags.
 */
import type { InstanceMap } from '../shared/ids.js';
import { type MatchBy, type MatchHit, type MatchRequest, type MatchResponse, normaliseUri, type StitchKeys, stitchKeys } from '../shared/stitch.js';
import type { CometArtifactView } from './artifacts.js';
import { decodeOwnIds } from './decodeIds.js';
import { TAG_LOOKUP_BUDGET } from './listing.js';
import { loadArtifactViews, loadModelViews } from './loadViews.js';
import type { CometAssetView, CometExperimentView, CometOther } from './mapper/index.js';
import type { CometInstance, CometSource } from './source.js';

/** The log-other name (and prefix, `switchyard.link.<x>`) whose values are links. */
export const LINK_OTHER = 'switchyard.link';

export function isLinkOther(name: string): boolean {
  return name === LINK_OTHER || name.startsWith(`${LINK_OTHER}.`);
}

/** An experiment's link values: its tags, then its `switchyard.link*` log-other values (when read). */
export function experimentLinkValues(tags: readonly string[], others: readonly CometOther[] | undefined): string[] {
  return [...tags, ...(others ?? []).flatMap((o) => (isLinkOther(o.name) && o.value !== null ? [o.value] : []))];
}

/** An asset's comparable location, or null: a link whose query survived the mapper names the asset there. */
export function assetUri(uri: string | null): string | null {
  if (uri === null || uri.includes('?')) return null;
  return normaliseUri(uri);
}

function isAsset(v: CometArtifactView): v is CometAssetView {
  return 'assetId' in v;
}

interface KeyParts {
  readonly uris: readonly (string | null)[];
  readonly links: readonly string[];
}

/** An artifact's uris and link values (no hashes: Comet keeps none). */
function artifactParts(v: CometArtifactView): KeyParts {
  if (isAsset(v)) return { uris: [assetUri(v.uri)], links: v.tags };
  return { uris: [], links: [...v.tags, ...v.aliases, ...v.artifactTags] };
}

export function artifactKeys(id: string, v: CometArtifactView): StitchKeys {
  return stitchKeys(id, artifactParts(v));
}

interface ExperimentLinks {
  /** Link values per experiment key, for every experiment whose tags were cached or looked up. */
  readonly byKey: ReadonlyMap<string, readonly string[]>;
  /** Experiments left out because the lookup budget ran out. */
  readonly unsearched: number;
}

/**
 * The experiments' link values: from cached details (tags and log-other) or cached tags at no cost,
 * else one `/experiment/tags` each (cached, eight in flight) for the first `budget` of the rest, in
 * the order given.
 */
async function experimentLinks(inst: CometInstance, experiments: readonly CometExperimentView[], budget: number): Promise<ExperimentLinks> {
  const details = await inst.cachedDetails(experiments.map((e) => e.experimentKey));
  const byKey = new Map<string, readonly string[]>();
  const withoutDetails: CometExperimentView[] = [];
  experiments.forEach((e, i) => {
    const d = details[i];
    if (d) byKey.set(e.experimentKey, experimentLinkValues(d.tags, d.others));
    else withoutDetails.push(e);
  });
  // Cached tags only for the experiments whose details are not cached (details carry their tags).
  const tags = await inst.cachedTags(withoutDetails.map((e) => e.experimentKey));
  const missing: CometExperimentView[] = [];
  withoutDetails.forEach((e, i) => {
    const known = tags[i];
    if (known) byKey.set(e.experimentKey, experimentLinkValues(known, undefined));
    else missing.push(e);
  });
  const lookedUp = missing.slice(0, budget);
  const fetched = await inst.fetchTags(lookedUp);
  lookedUp.forEach((e, i) => byKey.set(e.experimentKey, experimentLinkValues(fetched[i] ?? [], undefined)));
  return { byKey, unsearched: missing.length - lookedUp.length };
}

/** Keys of the experiments among the ids, by requested id: one `/experiment/tags` per experiment whose tags are not cached. */
async function experimentKeys(source: CometSource, instances: InstanceMap, ids: readonly string[]): Promise<Map<string, StitchKeys>> {
  const out = new Map<string, StitchKeys>();
  await Promise.all(
    [...decodeOwnIds(ids, instances, ['experiment'])].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      const found = (await inst.loadExperiments(wanted.map((w) => w.parts[0] ?? ''))).filter((e): e is CometExperimentView => e !== undefined);
      // The ids were asked for one by one: no budget beyond the connector's eight in flight.
      const { byKey } = await experimentLinks(inst, found, Number.POSITIVE_INFINITY);
      for (const w of wanted) {
        const links = byKey.get(w.parts[0] ?? '');
        if (links) out.set(w.id, stitchKeys(w.id, { links }));
      }
    }),
  );
  return out;
}

/**
 * The keys of the ids the source has (any kind), each once, in request order. Called after `edges`:
 * the experiment, model, registry and artifact reads are the cached ones it just made (a by-id read
 * of models and artifacts also takes a cached snapshot first), so keys add at most one
 * `/experiment/tags` per experiment whose tags are not cached, plus, for the reads `edges` skips in
 * one direction (an asset's list and a registry version's model when only DOWNSTREAM was asked), the
 * same cached read the by-id path makes.
 */
export async function loadKeys(source: CometSource, instances: InstanceMap, ids: readonly string[]): Promise<StitchKeys[]> {
  const unique = [...new Set(ids)];
  const [experiments, models, artifacts] = await Promise.all([
    experimentKeys(source, instances, unique),
    loadModelViews(source, instances, unique),
    loadArtifactViews(source, instances, unique),
  ]);
  return unique.flatMap((id, i) => {
    const artifact = artifacts[i];
    // Comet models carry no digest, uri or tags: their keys are empty, but they are there.
    const keys = experiments.get(id) ?? (models[i] ? stitchKeys(id, {}) : artifact ? artifactKeys(id, artifact) : undefined);
    return keys ? [keys] : [];
  });
}

/** Hits, each (id, by, value) once, in the order found. */
class Hits {
  readonly #seen = new Set<string>();
  readonly values: MatchHit[] = [];

  add(id: string, by: MatchBy, carried: readonly (string | null)[], wanted: ReadonlySet<string>): void {
    for (const value of carried) {
      if (value === null || !wanted.has(value)) continue;
      const key = `${id}\u0000${by}\u0000${value}`;
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.values.push({ id, by, value });
    }
  }
}

export interface MatchOptions {
  /** Most `/experiment/tags` calls (cache misses) one match may make. @default TAG_LOOKUP_BUDGET */
  readonly tagLookupBudget?: number;
}

/** Non-archived experiments first (a live run is likelier to be asked about), newest first within each. */
async function experimentsToSearch(inst: CometInstance): Promise<CometExperimentView[]> {
  const sorted = (await inst.snapshot()).sorted('CREATED_AT_DESC');
  return [...sorted.filter((e) => e.archived !== true), ...sorted.filter((e) => e.archived === true)];
}

/**
 * The instance's objects carrying one of the requested keys. Hashes match nothing (Comet keeps none)
 * and cost nothing; uris are searched in the artifact snapshot (assets); links in the artifact
 * snapshot (asset tags, artifact version tags and aliases) and in the experiments' tags: the
 * experiment snapshot plus one `/experiment/tags` per experiment whose tags are not cached, at most
 * `tagLookupBudget` per call (`partial` beyond; looked-up tags are cached, so asking again searches
 * further). Models carry no uri or tags and are not searched.
 */
export async function matchKeys(inst: CometInstance, req: MatchRequest, options: MatchOptions = {}): Promise<MatchResponse> {
  const uris = new Set(req.uris);
  const links = new Set(req.links);
  if (uris.size === 0 && links.size === 0) return { matches: [] };
  const budget = options.tagLookupBudget ?? TAG_LOOKUP_BUDGET;
  const [artifacts, experiments] = await Promise.all([
    inst.artifacts.snapshot(),
    links.size > 0 ? experimentsToSearch(inst).then(async (list) => ({ list, links: await experimentLinks(inst, list, budget) })) : undefined,
  ]);
  const hits = new Hits();
  for (const e of experiments?.list ?? []) hits.add(e.id, 'link', experiments?.links.byKey.get(e.experimentKey) ?? [], links);
  for (const v of artifacts.rows) {
    const parts = artifactParts(v);
    hits.add(v.id, 'uri', parts.uris, uris);
    hits.add(v.id, 'link', parts.links, links);
  }
  const unsearched = experiments?.links.unsearched ?? 0;
  const partial = [
    artifacts.partial,
    unsearched > 0 ? `${unsearched} of ${experiments?.list.length ?? 0} experiments were not searched for links: the budget of ${budget} tag lookups ran out (looked-up tags are cached, so asking again searches further)` : undefined,
  ].filter((p): p is string => p !== undefined);
  return { matches: hits.values, ...(partial.length > 0 ? { partial: partial.join('; ') } : {}) };
}
