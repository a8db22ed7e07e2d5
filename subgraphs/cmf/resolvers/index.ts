/**
 * Thin glue. `_entities` for every CMF type goes through per-request DataLoaders (executions,
 * artifacts), which share the request's pipeline loaders: every representation of one pipeline in one
 * request is answered by one pull (none when it is cached). Every field is in the view already; only
 * `metricSeries` answers NOT_SUPPORTED_BY_SOURCE.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { switchyardError } from '../../shared/errors.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import { cmfInstanceMap } from '../contract.js';
import { loadArtifacts, loadExecutions } from '../loadViews.js';
import type { CmfArtifactOrModelView, CmfExecutionView } from '../mapper/index.js';
import { PipelineLoaders } from '../pipelineLoader.js';
import type { CmfSource } from '../source.js';

export interface CmfContext extends SubgraphRequestContext {
  readonly pipelines: PipelineLoaders;
  readonly executions: DataLoader<string, CmfExecutionView | null>;
  /** Artifacts and Model artifacts (one id kind). */
  readonly artifacts: DataLoader<string, CmfArtifactOrModelView | null>;
}

export function createCmfContextFactory(source: CmfSource): (base: SubgraphRequestContext) => CmfContext {
  const instances = cmfInstanceMap(source);
  return (base) => {
    const pipelines = new PipelineLoaders(source);
    return {
      ...base,
      pipelines,
      executions: new DataLoader((ids: readonly string[]) => loadExecutions(pipelines, instances, ids), { maxBatchSize: 500 }),
      artifacts: new DataLoader((ids: readonly string[]) => loadArtifacts(pipelines, instances, ids), { maxBatchSize: 500 }),
    };
  };
}

// Async on purpose: a synchronous throw would fail the whole _entities batch (reference/federation.md).
const artifactOfType =
  (typename: CmfArtifactOrModelView['__typename']) =>
  async (ref: { id: string }, ctx: CmfContext): Promise<CmfArtifactOrModelView | null> => {
    const view = await ctx.artifacts.load(ref.id);
    return view?.__typename === typename ? view : null;
  };

export function createCmfResolvers(): GraphQLResolverMap<CmfContext> {
  return {
    ...sharedScalarResolvers,
    CmfExecution: {
      __resolveReference: async (ref: { id: string }, ctx: CmfContext) => ctx.executions.load(ref.id),
      metricSeries: async (view: CmfExecutionView) => {
        throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'CMF keeps no metric histories: Metrics artifacts hold last values only.', { source: view.origin.source, id: view.id });
      },
    },
    CmfArtifact: { __resolveReference: artifactOfType('CmfArtifact') },
    CmfModel: { __resolveReference: artifactOfType('CmfModel') },
  } as unknown as GraphQLResolverMap<CmfContext>;
}
