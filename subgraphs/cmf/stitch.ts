/**
 * CMF's side of cross-tracker stitching (DESIGN §4, shared/stitch.ts), read from the pulls every other
 * read uses: no extra backend call beyond the pipelines the request already pulls.
 * - Keys: artifacts and Model artifacts carry their DVC md5 (`md5:<hex>`) and their location (this
 *   pipeline's `url` entry, `<pipeline>:` prefix dropped; a DVC-local path is no URI and gives none);
 *   every kind carries the string values of its custom properties as link candidates (CMF has no tags).
 * - `match`: the instance's pipelines, at most MATCH_MAX_PIPELINES of them (first by name), pulled
 *   through the request's loaders (cached pulls first, ≤ 8 pulls in flight), each pull indexed once
 *   per process by its token.
 */
import type { LineageEdgeValue } from '../shared/model.js';
import type { EdgesResponse } from '../shared/sourceContract.js';
import { type MatchBy, type MatchHit, type MatchRequest, type MatchResponse, normaliseHash, normaliseUri, type StitchKeys, stitchKeys } from '../shared/stitch.js';
import type { CmfView } from './loadViews.js';
import type { PipelineLoaders } from './pipelineLoader.js';
import type { PulledPipeline } from './pullCache.js';
import type { CmfInstance } from './source.js';

/** Pipelines one `match` call searches at most; more set `partial`. */
export const MATCH_MAX_PIPELINES = 64;

/** An object's stitching keys, from its view alone. */
export function keysOf(view: CmfView): StitchKeys {
  if (view.__typename === 'CmfExecution') return stitchKeys(view.id, { links: Object.values(view.properties) });
  // The mapper already reduced `url` to this pipeline's location (locationOf): only the URI spelling is left to normalise.
  return stitchKeys(view.id, { hashes: [normaliseHash(view.hash)], uris: [normaliseUri(view.uri)], links: Object.values(view.customProperties) });
}

/** An edges answer with the keys of the requested ids that were found (`views` holds only those). */
export function withKeys(edges: readonly LineageEdgeValue[], views: readonly CmfView[]): EdgesResponse {
  return { edges, keys: views.map(keysOf) };
}

/** One pull's objects by key value. */
interface StitchIndex {
  readonly hash: ReadonlyMap<string, readonly string[]>;
  readonly uri: ReadonlyMap<string, readonly string[]>;
  readonly link: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: StitchIndex = { hash: new Map(), uri: new Map(), link: new Map() };
const indexes = new Map<string, StitchIndex>();
/** Indexes kept per process (one per live pull token), as pipelineLoader.ts keeps its own. */
const MAX_INDEXES = 256;

function stitchIndexOf(p: PulledPipeline): StitchIndex {
  if (!p.data) return EMPTY;
  const hit = indexes.get(p.token);
  if (hit) return hit;
  const index = { hash: new Map<string, string[]>(), uri: new Map<string, string[]>(), link: new Map<string, string[]>() };
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const list = map.get(key);
    if (list) list.push(id);
    else map.set(key, [id]);
  };
  for (const view of [...p.data.executions, ...p.data.artifacts, ...p.data.models]) {
    const keys = keysOf(view);
    for (const k of keys.hashes) add(index.hash, k, view.id);
    for (const k of keys.uris) add(index.uri, k, view.id);
    for (const k of keys.links) add(index.link, k, view.id);
  }
  if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value as string);
  indexes.set(p.token, index);
  return index;
}

/** The requested keys, each with the spelling the index holds (hashes and uris normalised; links exact). */
function wanted(req: MatchRequest): { by: MatchBy; value: string; key: string }[] {
  return [
    ...req.hashes.map((value) => ({ by: 'hash' as const, value, key: normaliseHash(value) ?? value })),
    ...req.uris.map((value) => ({ by: 'uri' as const, value, key: normaliseUri(value) ?? value })),
    ...req.links.map((value) => ({ by: 'link' as const, value, key: value })),
  ];
}

/**
 * The objects of the instance carrying any requested key, once per (object, key). Nothing is read
 * for an empty request; otherwise the pipeline list (cached 5 s) and the first MATCH_MAX_PIPELINES
 * pipelines by name, through the request's loaders (one delta pull revalidates cached B/C pulls).
 */
export async function matchCmf(loaders: PipelineLoaders, inst: CmfInstance, req: MatchRequest): Promise<MatchResponse> {
  const keys = wanted(req);
  if (keys.length === 0) return { matches: [] };
  const all = [...(await inst.pipelines())].sort();
  const names = all.slice(0, MATCH_MAX_PIPELINES);
  const loaded = await loaders.for(inst.config.name).loadMany(names);
  const seen = new Set<string>();
  const matches: MatchHit[] = [];
  for (const p of loaded) {
    // A failed pull fails the call with its registry error, as a list does.
    if (p instanceof Error) throw p;
    const index = stitchIndexOf(p);
    for (const k of keys) {
      for (const id of index[k.by].get(k.key) ?? []) {
        const dedupe = `${k.by}\u0000${k.value}\u0000${id}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        matches.push({ id, by: k.by, value: k.value });
      }
    }
  }
  if (all.length <= names.length) return { matches };
  return { matches, partial: `Searched the first ${names.length} of ${all.length} CMF pipelines by name.` };
}
