/**
 * CMF's native lineage edges (the source contract's `edges`), from MLMD events, all with evidence
 * `native` and upstream → downstream: an INPUT event is artifact → execution (INPUT_OF), an OUTPUT
 * event execution → artifact (OUTPUT_OF). Model artifacts take part like any artifact, so
 * `Task.models`, `Model.producedBy` and the catalog's `lineage` see them. UPSTREAM answers the edges
 * whose `to` is asked for, DOWNSTREAM those whose `from` is, BOTH either; one pull per pipeline.
 * The same pulls give the stitching keys of the requested ids the pipeline has (stitch.ts).
 */
import type { InstanceMap } from '../shared/ids.js';
import type { LineageEdgeValue } from '../shared/model.js';
import type { EdgesRequest, EdgesResponse } from '../shared/sourceContract.js';
import { decodeOwnIds, pipelinesOf } from './decodeIds.js';
import type { CmfView } from './loadViews.js';
import { indexOf, type PipelineLoaders } from './pipelineLoader.js';
import { withKeys } from './stitch.js';

export async function loadEdges(loaders: PipelineLoaders, instances: InstanceMap, req: EdgesRequest): Promise<EdgesResponse> {
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  const out = new Map<string, LineageEdgeValue>();
  const ids = [...new Set(req.ids)];
  // By request position, so the keys come back in request order whichever pull answers first.
  const found: (CmfView | undefined)[] = ids.map(() => undefined);
  await Promise.all(
    [...decodeOwnIds(ids, instances)].map(async ([name, wanted]) => {
      const loader = loaders.for(name);
      const indexes = new Map((await Promise.all(pipelinesOf(wanted).map((p) => loader.load(p)))).map((p) => [p.name, indexOf(p)]));
      for (const w of wanted) {
        const index = indexes.get(w.pipeline);
        const edges = [...(up ? (index?.edgesTo.get(w.id) ?? []) : []), ...(down ? (index?.edgesFrom.get(w.id) ?? []) : [])];
        for (const e of edges) out.set(`${e.from} ${e.to} ${e.relation}`, e);
        const view = w.kind === 'execution' ? index?.executions.get(w.id) : index?.artifacts.get(w.id);
        found[w.index] = view;
      }
    }),
  );
  return withKeys([...out.values()], found.filter((v): v is CmfView => v !== undefined));
}
