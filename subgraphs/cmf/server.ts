/** Builds and starts the CMF subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import type { SourceCache } from '../shared/cache.js';
import { hostOptions, type RunningSubgraph, type SubgraphHostOptions, startSubgraphServer } from '../shared/subgraphServer.js';
import type { CmfInstanceConfig } from './config.js';
import { createCmfContract } from './contract.js';
import { createCmfContextFactory, createCmfResolvers } from './resolvers/index.js';
import { CmfSource } from './source.js';

export interface CmfSubgraphOptions extends SubgraphHostOptions {
  readonly instances: readonly CmfInstanceConfig[];
  readonly cache: SourceCache;
}

/** Start the CMF subgraph: GraphQL on /graphql, the source contract on /source/v1/*. */
export async function startCmfSubgraph(options: CmfSubgraphOptions): Promise<RunningSubgraph> {
  const source = new CmfSource(options.instances, options.cache, options.clock);
  return startSubgraphServer({
    name: 'cmf',
    typeDefs: parse(assembleOwn('cmf')),
    resolvers: createCmfResolvers(),
    createContext: createCmfContextFactory(source),
    contract: createCmfContract(source, options.clock),
    ...hostOptions(options),
  });
}
