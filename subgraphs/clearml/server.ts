/** Builds and starts the ClearML subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import type { SourceCache } from '../shared/cache.js';
import type { Clock } from '../shared/clock.js';
import { type RequestInterceptor, type RunningSubgraph, startSubgraphServer } from '../shared/subgraphServer.js';
import type { ClearMLInstanceConfig } from './config.js';
import { createClearMLContract } from './contract.js';
import { createClearMLContextFactory, createClearMLResolvers } from './resolvers/index.js';
import { ClearMLSource } from './source.js';

export interface ClearMLSubgraphOptions {
  readonly instances: readonly ClearMLInstanceConfig[];
  readonly cache: SourceCache;
  readonly clock: Clock;
  readonly principalSecret: string;
  readonly host?: string;
  readonly port?: number;
  readonly intercept?: RequestInterceptor;
  readonly log?: (msg: string, detail?: unknown) => void;
}

export async function startClearMLSubgraph(options: ClearMLSubgraphOptions): Promise<RunningSubgraph> {
  const source = new ClearMLSource(options.instances, options.cache, options.clock);
  return startSubgraphServer({
    name: 'clearml',
    typeDefs: parse(assembleOwn('clearml')),
    resolvers: createClearMLResolvers(),
    createContext: createClearMLContextFactory(source),
    contract: createClearMLContract(source, options.clock),
    principalSecret: options.principalSecret,
    clock: options.clock,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.intercept ? { intercept: options.intercept } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
