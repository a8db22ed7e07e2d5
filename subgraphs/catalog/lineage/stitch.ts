/**
 * The stitching rules of docs/stitching.md as pure functions: which lookups an object needs
 * (`queriesFor`) and which edges the answers make (`stitchedEdges`).
 * - SAME_AS: an Artifact or Model and another source's Artifact or Model with an equal normalised hash
 *   or URI. Within one source the tracker's own edges speak; stitching adds nothing there.
 * - REFERENCES: an object whose tags or link metadata name another object (by its id, with the
 *   instance part possibly an alias) is downstream of the object it names.
 */
import { type InstanceMap, tryDecodeId } from '../../shared/ids.js';
import type { LineageEdgeValue } from '../../shared/model.js';
import type { MatchBy, StitchKeys } from '../../shared/stitch.js';
import type { LinkNames } from './linkNames.js';

export interface KeyQuery {
  readonly by: MatchBy;
  readonly value: string;
}

export const queryKey = (q: KeyQuery): string => `${q.by}\u0000${q.value}`;

const FILE_ENTITIES = new Set(['Artifact', 'Model']);

const entityOf = (id: string, instances: InstanceMap) => tryDecodeId(id, instances)?.spec.entity;
const instanceOf = (id: string) => id.slice(0, id.indexOf(':'));

/** The lookups that find what `id` is stitched to: its hashes and URIs (files only) and the links naming it. */
export function queriesFor(id: string, keys: StitchKeys | null, instances: InstanceMap, names: LinkNames): KeyQuery[] {
  const out: KeyQuery[] = names.spellings(id).map((value) => ({ by: 'link', value }));
  if (keys && FILE_ENTITIES.has(entityOf(id, instances) ?? '')) {
    for (const value of keys.hashes) out.push({ by: 'hash', value });
    for (const value of keys.uris) out.push({ by: 'uri', value });
  }
  return out;
}

/** SAME_AS is undirected: one spelling per pair, the smaller id first, so both ends report the same edge. */
export function sameAs(a: string, b: string, evidence: 'hash' | 'uri'): LineageEdgeValue {
  return a < b ? { from: a, to: b, relation: 'SAME_AS', evidence } : { from: b, to: a, relation: 'SAME_AS', evidence };
}

export interface StitchInput {
  readonly id: string;
  readonly keys: StitchKeys | null;
  /** The ids each of `queriesFor(id)` found, by `queryKey`. */
  readonly hits: ReadonlyMap<string, readonly string[]>;
}

/** The stitched edges touching `id`, each once. */
export function stitchedEdges(input: StitchInput, instances: InstanceMap, names: LinkNames): LineageEdgeValue[] {
  const { id, keys } = input;
  const out = new Map<string, LineageEdgeValue>();
  const add = (e: LineageEdgeValue) => out.set(`${e.from}\u0000${e.to}\u0000${e.relation}`, e);
  for (const q of queriesFor(id, keys, instances, names)) {
    for (const other of input.hits.get(queryKey(q)) ?? []) {
      if (other === id) continue;
      if (q.by === 'link') add({ from: id, to: other, relation: 'REFERENCES', evidence: 'tag' });
      else if (instanceOf(other) !== instanceOf(id) && FILE_ENTITIES.has(entityOf(other, instances) ?? '')) add(sameAs(id, other, q.by));
    }
  }
  for (const link of keys?.links ?? []) {
    const target = names.resolve(link);
    if (target !== undefined && target !== id) add({ from: target, to: id, relation: 'REFERENCES', evidence: 'tag' });
  }
  return [...out.values()];
}
