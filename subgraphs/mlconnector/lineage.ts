/**
 * MLConnector's native lineage (the contract's `edges`): model → deployment (DEPLOYED_AS) where the
 * deployment's model is known (created through Switchyard, or named by an operation), and
 * deployment → operation (SERVED) for the operations of the known owners. Evidence `native`.
 * UPSTREAM answers edges whose `to` is asked for, DOWNSTREAM those whose `from` is, BOTH either.
 */
import type { LineageEdgeValue } from '../shared/model.js';
import type { EdgesRequest } from '../shared/sourceContract.js';
import type { MLConnectorInstance, MLConnectorSnapshot } from './source.js';

export function snapshotEdges(snap: MLConnectorSnapshot): LineageEdgeValue[] {
  const edges: LineageEdgeValue[] = [];
  for (const d of snap.deployments) if (d.modelGlobalId) edges.push({ from: d.modelGlobalId, to: d.id, relation: 'DEPLOYED_AS', evidence: 'native' });
  for (const o of snap.operations) if (o.deploymentGlobalId) edges.push({ from: o.deploymentGlobalId, to: o.id, relation: 'SERVED', evidence: 'native' });
  return edges;
}

export async function loadEdges(inst: MLConnectorInstance, req: EdgesRequest): Promise<LineageEdgeValue[]> {
  const wanted = new Set(req.ids);
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  return snapshotEdges(await inst.snapshot()).filter((e) => (up && wanted.has(e.to)) || (down && wanted.has(e.from)));
}
