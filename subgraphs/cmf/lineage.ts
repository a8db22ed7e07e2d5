/**
 * CMF's native lineage edges (the source contract's `edges`), from MLMD events, all with evidence
 * `native` and upstream → downstream: an INPUT event is artifact → execution (INPUT_OF), an OUTPUT
 * event execution → artifact (OUTPUT_OF). Model artifacts take part like any artifact, so
 * `Task.models`, `Model.producedBy` and the catalog's `lineage` see them. UPSTREAM answers the edges
 * whose `to` is asked for, DOWNSTREAM those whose `from` is, BOTH either; one pull per pipeline.
 */
import type { InstanceMap } from '../shared/ids.js';
import type { LineageEdgeValue } from '../shared/model.js';
import type { EdgesRequest } from '../shared/sourceContract.js';
import { decodeOwnIds, pipelinesOf } from './decodeIds.js';
import { indexOf, type PipelineLoaders } from './pipelineLoader.js';

export async function loadEdges(loaders: PipelineLoaders, instances: InstanceMap, req: EdgesRequest): Promise<LineageEdgeValue[]> {
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  const out = new Map<string, LineageEdgeValue>();
  await Promise.all(
    [...decodeOwnIds([...new Set(req.ids)], instances)].map(async ([name, wanted]) => {
      const loader = loaders.for(name);
      const indexes = new Map((await Promise.all(pipelinesOf(wanted).map((p) => loader.load(p)))).map((p) => [p.name, indexOf(p)]));
      for (const w of wanted) {
        const index = indexes.get(w.pipeline);
        const edges = [...(up ? (index?.edgesTo.get(w.id) ?? []) : []), ...(down ? (index?.edgesFrom.get(w.id) ?? []) : [])];
        for (const e of edges) out.set(`${e.from} ${e.to} ${e.relation}`, e);
      }
    }),
  );
  return [...out.values()];
}
