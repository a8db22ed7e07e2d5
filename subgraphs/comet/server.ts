/** Builds and starts the Comet subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import type { SourceCache } from '../shared/cache.js';
import { hostOptions, type RunningSubgraph, type SubgraphHostOptions, startSubgraphServer } from '../shared/subgraphServer.js';
import type { CometInstanceConfig } from './config.js';
import { createCometContract } from './contract.js';
import { createCometContextFactory, createCometResolvers } from './resolvers/index.js';
import { CometSource } from './source.js';

export interface CometSubgraphOptions extends SubgraphHostOptions {
  readonly instances: readonly CometInstanceConfig[];
  readonly cache: SourceCache;
}

/** Start the Comet subgraph: GraphQL on /graphql, the source contract on /source/v1/*. */
export async function startCometSubgraph(options: CometSubgraphOptions): Promise<RunningSubgraph> {
  const source = new CometSource(options.instances, options.cache, options.clock);
  return startSubgraphServer({
    name: 'comet',
    typeDefs: parse(assembleOwn('comet')),
    resolvers: createCometResolvers(),
    createContext: createCometContextFactory(source),
    contract: createCometContract(source, options.clock),
    ...hostOptions(options),
  });
}
