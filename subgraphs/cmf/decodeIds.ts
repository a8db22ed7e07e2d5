/**
 * Global ids of this subgraph's instances, decoded once and grouped per instance. Every CMF kind names
 * the pipeline first (`cmf:execution:<pipeline>/<uuid>`, `cmf:artifact:<pipeline>/<MLMD name>`, and
 * `cmf:model:…` when registered), which is what decides the pull that answers them. Malformed and foreign ids are left out (null, or no edge).
 */
import { type InstanceMap, tryDecodeId } from '../shared/ids.js';

export interface CmfOwnId {
  /** Position in the request. */
  readonly index: number;
  readonly id: string;
  readonly kind: 'execution' | 'artifact' | 'model';
  readonly pipeline: string;
}

export function decodeOwnIds(ids: readonly string[], instances: InstanceMap, kinds: readonly CmfOwnId['kind'][] = ['execution', 'artifact', 'model']): Map<string, CmfOwnId[]> {
  const out = new Map<string, CmfOwnId[]>();
  ids.forEach((id, index) => {
    const d = tryDecodeId(id, instances);
    if (!d || d.tracker !== 'CMF' || !(kinds as readonly string[]).includes(d.kind)) return;
    const list = out.get(d.instance) ?? [];
    list.push({ index, id, kind: d.kind as CmfOwnId['kind'], pipeline: d.native[0] ?? '' });
    out.set(d.instance, list);
  });
  return out;
}

/** The distinct pipelines the ids name, in first-seen order. */
export function pipelinesOf(wanted: readonly CmfOwnId[]): string[] {
  return [...new Set(wanted.map((w) => w.pipeline))];
}
