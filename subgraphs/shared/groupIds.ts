/** Groups global ids of one kind by source instance, remembering each id's position in the request. */
import { type InstanceMap, tryDecodeId } from './ids.js';

export interface WantedId {
  /** Position in the request. */
  readonly index: number;
  /** The first native part (the tracker's own id). */
  readonly native: string;
}

/** Ids that are malformed, foreign or of another kind are left out (their answer is null). */
export function groupIdsByInstance(ids: readonly string[], instances: InstanceMap, kind: string): Map<string, WantedId[]> {
  const byInstance = new Map<string, WantedId[]>();
  ids.forEach((id, index) => {
    const decoded = tryDecodeId(id, instances);
    if (!decoded || decoded.kind !== kind) return;
    const list = byInstance.get(decoded.instance) ?? [];
    list.push({ index, native: decoded.native[0] ?? '' });
    byInstance.set(decoded.instance, list);
  });
  return byInstance;
}
