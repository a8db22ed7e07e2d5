/**
 * Thin glue. `_entities` for every MLConnector type goes through per-request DataLoaders over the
 * instance snapshot (source.ts), so one request reads each instance's snapshot once (none while it is
 * fresh). Every field is in the view already; Deployment.operations and the operation's ends come
 * from the same snapshot.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { tryDecodeId } from '../../shared/ids.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import type { MLConnectorDeploymentView, MLConnectorModelView, MLConnectorOperationView } from '../mapper/index.js';
import type { MLConnectorSnapshot, MLConnectorSource } from '../source.js';
import { instanceMap } from '../writes/resolve.js';

export interface MLConnectorContext extends SubgraphRequestContext {
  snapshot(instance: string): Promise<MLConnectorSnapshot>;
  readonly models: DataLoader<string, MLConnectorModelView | null>;
  readonly deployments: DataLoader<string, MLConnectorDeploymentView | null>;
  readonly operations: DataLoader<string, MLConnectorOperationView | null>;
}

export function createMLConnectorContextFactory(source: MLConnectorSource): (base: SubgraphRequestContext) => MLConnectorContext {
  const instances = instanceMap(source);
  return (base) => {
    const snaps = new Map<string, Promise<MLConnectorSnapshot>>();
    const snapshot = (instance: string): Promise<MLConnectorSnapshot> => {
      let s = snaps.get(instance);
      if (!s) {
        s = source.instance(instance).snapshot();
        snaps.set(instance, s);
      }
      return s;
    };
    const loader = <V>(kind: string, pick: (snap: MLConnectorSnapshot) => ReadonlyMap<string, V>) =>
      new DataLoader<string, V | null>(
        async (ids) =>
          Promise.all(
            ids.map(async (id) => {
              const decoded = tryDecodeId(id, instances);
              if (!decoded || decoded.kind !== kind) return null;
              return pick(await snapshot(decoded.instance)).get(id) ?? null;
            }),
          ),
        { maxBatchSize: 500 },
      );
    return {
      ...base,
      snapshot,
      models: loader('model', (s) => s.modelsById),
      deployments: loader('deployment', (s) => s.deploymentsById),
      operations: loader('operation', (s) => s.operationsById),
    };
  };
}

export function createMLConnectorResolvers(): GraphQLResolverMap<MLConnectorContext> {
  return {
    ...sharedScalarResolvers,
    // Async on purpose: a synchronous throw would fail the whole _entities batch.
    MLConnectorModel: { __resolveReference: async (ref: { id: string }, ctx: MLConnectorContext) => ctx.models.load(ref.id) },
    MLConnectorDeployment: {
      __resolveReference: async (ref: { id: string }, ctx: MLConnectorContext) => ctx.deployments.load(ref.id),
      operations: async (view: MLConnectorDeploymentView, _args: unknown, ctx: MLConnectorContext) =>
        (await ctx.snapshot(view.origin.source)).operations.filter((o) => o.deploymentGlobalId === view.id),
    },
    MLConnectorOperation: {
      __resolveReference: async (ref: { id: string }, ctx: MLConnectorContext) => ctx.operations.load(ref.id),
      deploymentId: (view: MLConnectorOperationView) => view.deploymentGlobalId,
      modelId: (view: MLConnectorOperationView) => view.modelGlobalId,
    },
  } as unknown as GraphQLResolverMap<MLConnectorContext>;
}
