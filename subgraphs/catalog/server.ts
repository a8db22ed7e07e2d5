/** Builds and starts the catalog subgraph: the only place it listens. */
import type { ApolloServerPlugin } from '@apollo/server';
import { parse } from 'graphql';
import { assembleAll } from '../../schema/assemble.js';
import { readSupergraphConfig } from '../../schema/supergraphConfig.js';
import { hostOptions, type RunningSubgraph, type SubgraphHostOptions, startSubgraphServer } from '../shared/subgraphServer.js';
import type { CatalogConfig } from './config.js';
import type { InstanceMap } from '../shared/ids.js';
import { createLinkNames } from './lineage/linkNames.js';
import { type CatalogContext, createCatalogContext } from './resolvers/context.js';
import { createCatalogResolvers } from './resolvers/index.js';
import { SourceClient } from '../shared/SourceClient.js';
import { createIdempotencyLedger } from '../shared/idempotency.js';

export interface CatalogSubgraphOptions extends SubgraphHostOptions {
  readonly config: CatalogConfig;
}

/**
 * Apollo Server cannot return data and an error from the same resolver, so a list that lost a source
 * records the error in the context and this plugin adds it to the response beside the data.
 */
const reportSourceErrors: ApolloServerPlugin<CatalogContext> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response, contextValue }) => {
        if (response.body.kind !== 'single' || contextValue.sourceErrors.length === 0) return Promise.resolve();
        const result = response.body.singleResult;
        const extra = contextValue.sourceErrors.map((e) => ({ message: e.message, extensions: { ...e.extensions } }));
        result.errors = [...(result.errors ?? []), ...extra];
        return Promise.resolve();
      },
    }),
};

export async function startCatalogSubgraph(options: CatalogSubgraphOptions): Promise<RunningSubgraph> {
  const clients = new Map(options.config.sources.map((s) => [s.name, new SourceClient(s)] as const));
  const instances: InstanceMap = new Map(options.config.sources.map((s) => [s.name, s.kind] as const));
  const names = createLinkNames(instances, new Map(options.config.sources.map((s) => [s.name, s.linkAliases ?? []] as const)));
  const sdl = assembleAll(readSupergraphConfig().map((e) => e.name)).get('catalog');
  if (!sdl) throw new Error('supergraph.yaml has no catalog subgraph');
  const idempotency = await createIdempotencyLedger(options.config.idempotency);
  const server = await startSubgraphServer<CatalogContext>({
    name: 'catalog',
    typeDefs: parse(sdl),
    resolvers: createCatalogResolvers({ config: options.config, clients, clock: options.clock, instances, idempotency }),
    createContext: (base) => createCatalogContext(base, clients, instances, names),
    plugins: [reportSourceErrors],
    ...hostOptions(options),
  }).catch(async (err: unknown) => {
    await idempotency.close();
    throw err;
  });
  return {
    ...server,
    close: async () => {
      await server.close();
      await idempotency.close();
    },
  };
}
