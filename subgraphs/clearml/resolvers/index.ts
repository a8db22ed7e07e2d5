/**
 * Thin glue: `_entities` for ClearMLTask goes through a per-request DataLoader, so every
 * representation the gateway sends in one `_entities` call costs one `tasks.get_all` per instance.
 * Every field is a property of the mapped view, so no field resolvers are needed.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { InstanceMap } from '../../shared/ids.js';
import { switchyardError } from '../../shared/errors.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import { loadTaskViews } from '../loadTaskViews.js';
import type { ClearMLTaskView } from '../mapper/index.js';
import type { ClearMLSource } from '../source.js';

export interface ClearMLContext extends SubgraphRequestContext {
  readonly tasks: DataLoader<string, ClearMLTaskView | null>;
}

export function createClearMLContextFactory(source: ClearMLSource): (base: SubgraphRequestContext) => ClearMLContext {
  const instances: InstanceMap = new Map(source.instances.map((i) => [i.config.name, 'CLEARML'] as const));
  return (base) => ({
    ...base,
    tasks: new DataLoader((ids) => loadTaskViews(source, instances, ids), { maxBatchSize: 500 }),
  });
}

export function createClearMLResolvers(): GraphQLResolverMap<ClearMLContext> {
  return {
    ...sharedScalarResolvers,
    ClearMLTask: {
      // Async on purpose: a synchronous throw would fail the whole _entities batch (reference/federation.md).
      __resolveReference: async (ref: { id: string }, ctx: ClearMLContext) => ctx.tasks.load(ref.id),
      metricSeries: (view: ClearMLTaskView) => {
        throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'ClearML metric series are not served yet.', { source: view.origin.source, id: view.id });
      },
    },
  } as unknown as GraphQLResolverMap<ClearMLContext>;
}
