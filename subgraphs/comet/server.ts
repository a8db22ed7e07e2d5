/** Builds and starts the Comet subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import type { SourceCache } from '../shared/cache.js';
import type { Clock } from '../shared/clock.js';
import { type RequestInterceptor, type RunningSubgraph, startSubgraphServer } from '../shared/subgraphServer.js';
import type { CometInstanceConfig } from './config.js';
import { createCometContract } from './contract.js';
import { createCometContextFactory, createCometResolvers } from './resolvers/index.js';
import { CometSource } from './source.js';

export interface CometSubgraphOptions {
  readonly instances: readonly CometInstanceConfig[];
  readonly cache: SourceCache;
  readonly clock: Clock;
  /** HMAC secret of the internal principal token (shared with the gateway and catalog). */
  readonly principalSecret: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 */
  readonly port?: number;
  readonly intercept?: RequestInterceptor;
  readonly log?: (msg: string, detail?: unknown) => void;
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
    principalSecret: options.principalSecret,
    clock: options.clock,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.intercept ? { intercept: options.intercept } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
}
