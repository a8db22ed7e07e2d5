/** Builds and starts the ClearML subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import type { SourceCache } from '../shared/cache.js';
import { hostOptions, type RunningSubgraph, type SubgraphHostOptions, startSubgraphServer } from '../shared/subgraphServer.js';
import type { ClearMLInstanceConfig } from './config.js';
import { createClearMLContract } from './contract.js';
import { createClearMLContextFactory, createClearMLResolvers } from './resolvers/index.js';
import { ClearMLSource } from './source.js';

export interface ClearMLSubgraphOptions extends SubgraphHostOptions {
  readonly instances: readonly ClearMLInstanceConfig[];
  readonly cache: SourceCache;
}

export async function startClearMLSubgraph(options: ClearMLSubgraphOptions): Promise<RunningSubgraph> {
  const source = new ClearMLSource(options.instances, options.cache, options.clock);
  return startSubgraphServer({
    name: 'clearml',
    typeDefs: parse(assembleOwn('clearml')),
    resolvers: createClearMLResolvers(),
    createContext: createClearMLContextFactory(source),
    contract: createClearMLContract(source, options.clock),
    ...hostOptions(options),
  });
}
