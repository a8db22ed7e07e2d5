/**
 * Views by global id, in request order, null for absent, malformed or foreign ids (the catalog answers
 * NOT_FOUND itself): one pull per distinct pipeline, through the request's loaders.
 * Kinds: `task` reads executions; `model` reads Model artifacts only; `artifact` reads `cmf:artifact:`
 * ids — while Model artifacts share that id kind (CMF_MODEL_KIND), a Model artifact comes back as its
 * CmfModel view, because the id alone cannot say it is a model; `deployment` is always null.
 */
import type { InstanceMap } from '../shared/ids.js';
import type { EntityKind } from '../shared/model.js';
import { type CmfOwnId, decodeOwnIds, pipelinesOf } from './decodeIds.js';
import { type CmfArtifactOrModelView, type CmfExecutionView, CMF_MODEL_KIND } from './mapper/index.js';
import { indexOf, type PipelineLoaders } from './pipelineLoader.js';

export type CmfView = CmfExecutionView | CmfArtifactOrModelView;

async function load(loaders: PipelineLoaders, instances: InstanceMap, ids: readonly string[], kinds: readonly CmfOwnId['kind'][], accept: (v: CmfView) => boolean): Promise<(CmfView | null)[]> {
  const out: (CmfView | null)[] = ids.map(() => null);
  await Promise.all(
    [...decodeOwnIds(ids, instances, kinds)].map(async ([name, wanted]) => {
      const loader = loaders.for(name);
      const pulls = new Map((await Promise.all(pipelinesOf(wanted).map((p) => loader.load(p)))).map((p) => [p.name, indexOf(p)]));
      for (const w of wanted) {
        const index = pulls.get(w.pipeline);
        const view = w.kind === 'execution' ? index?.executions.get(w.id) : index?.artifacts.get(w.id);
        if (view && accept(view)) out[w.index] = view;
      }
    }),
  );
  return out;
}

export function loadViews(loaders: PipelineLoaders, instances: InstanceMap, kind: EntityKind, ids: readonly string[]): Promise<(CmfView | null)[]> {
  switch (kind) {
    case 'task':
      return load(loaders, instances, ids, ['execution'], () => true);
    case 'model':
      return load(loaders, instances, ids, [CMF_MODEL_KIND], (v) => v.__typename === 'CmfModel');
    case 'artifact':
      return load(loaders, instances, ids, ['artifact'], () => true);
    default:
      return Promise.resolve(ids.map(() => null));
  }
}

/** Executions by id (the resolvers' loader). */
export async function loadExecutions(loaders: PipelineLoaders, instances: InstanceMap, ids: readonly string[]): Promise<(CmfExecutionView | null)[]> {
  return (await load(loaders, instances, ids, ['execution'], () => true)) as (CmfExecutionView | null)[];
}

/** Artifacts and Model artifacts by id, whichever id kind models have (the resolvers' loader). */
export async function loadArtifacts(loaders: PipelineLoaders, instances: InstanceMap, ids: readonly string[]): Promise<(CmfArtifactOrModelView | null)[]> {
  return (await load(loaders, instances, ids, ['artifact', 'model'], (v) => v.__typename !== 'CmfExecution')) as (CmfArtifactOrModelView | null)[];
}
