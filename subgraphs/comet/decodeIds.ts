/**
 * Global ids of this subgraph's instances, decoded once and grouped per instance, with every native
 * part and the kind (shared/groupIds.ts keeps only the first part of one kind). Malformed and foreign
 * ids are left out: their answer is null, or no edge.
 */
import { type InstanceMap, tryDecodeId } from '../shared/ids.js';

export interface OwnId {
  /** Position in the request. */
  readonly index: number;
  readonly id: string;
  readonly kind: string;
  readonly parts: readonly string[];
}

export function decodeOwnIds(ids: readonly string[], instances: InstanceMap, kinds: readonly string[]): Map<string, OwnId[]> {
  const out = new Map<string, OwnId[]>();
  ids.forEach((id, index) => {
    const d = tryDecodeId(id, instances);
    if (!d || !kinds.includes(d.kind)) return;
    const list = out.get(d.instance) ?? [];
    list.push({ index, id, kind: d.kind, parts: d.native });
    out.set(d.instance, list);
  });
  return out;
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
