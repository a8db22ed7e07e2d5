/**
 * MLConnector's native lineage (the contract's `edges`): model → deployment (DEPLOYED_AS) where the
 * deployment's model is known (created through Switchyard, or named by an operation), and
 * deployment → operation (SERVED) for the operations of the known owners. Evidence `native`.
 * UPSTREAM answers edges whose `to` is asked for, DOWNSTREAM those whose `from` is, BOTH either.
 * The requested ids' stitching keys (stitch.ts) come from the same snapshot: no extra backend call.
 */
import type { LineageEdgeValue } from '../shared/model.js';
import type { EdgesRequest, EdgesResponse } from '../shared/sourceContract.js';
import type { MLConnectorInstance, MLConnectorSnapshot } from './source.js';
import { snapshotKeys } from './stitch.js';

export function snapshotEdges(snap: MLConnectorSnapshot): LineageEdgeValue[] {
  const edges: LineageEdgeValue[] = [];
  for (const d of snap.deployments) if (d.modelGlobalId) edges.push({ from: d.modelGlobalId, to: d.id, relation: 'DEPLOYED_AS', evidence: 'native' });
  for (const o of snap.operations) if (o.deploymentGlobalId) edges.push({ from: o.deploymentGlobalId, to: o.id, relation: 'SERVED', evidence: 'native' });
  return edges;
}

/** The snapshot's edges touching the ids in the request's direction. */
export function requestedEdges(snap: MLConnectorSnapshot, req: EdgesRequest): LineageEdgeValue[] {
  const wanted = new Set(req.ids);
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  return snapshotEdges(snap).filter((e) => (up && wanted.has(e.to)) || (down && wanted.has(e.from)));
}

/** The contract's `edges`: edges and the requested ids' keys, both from one snapshot read. */
export async function loadEdges(inst: MLConnectorInstance, req: EdgesRequest): Promise<EdgesResponse> {
  const snap = await inst.snapshot();
  return { edges: requestedEdges(snap, req), keys: snapshotKeys(snap, req.ids) };
}
