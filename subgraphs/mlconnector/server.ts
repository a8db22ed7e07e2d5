/** Builds and starts the MLConnector subgraph: the only place it listens. */
import { parse } from 'graphql';
import { assembleOwn } from '../../schema/assemble.js';
import { hostOptions, type RunningSubgraph, type SubgraphHostOptions, startSubgraphServer } from '../shared/subgraphServer.js';
import type { MLConnectorInstanceConfig } from './config.js';
import { createMLConnectorContract } from './contract.js';
import { createMLConnectorContextFactory, createMLConnectorResolvers } from './resolvers/index.js';
import { MLConnectorSource } from './source.js';

export interface MLConnectorSubgraphOptions extends SubgraphHostOptions {
  readonly instances: readonly MLConnectorInstanceConfig[];
  /** Share the source with the caller (the /mlconnector mount, the write functions); built from `instances` otherwise. */
  readonly source?: MLConnectorSource;
}

export interface RunningMLConnectorSubgraph extends RunningSubgraph {
  /** The source behind it: pass it to createDeployment/deleteDeployment/predict and the passthrough. */
  readonly source: MLConnectorSource;
}

/** Start the MLConnector subgraph: GraphQL on /graphql, the source contract on /source/v1/*. */
export async function startMLConnectorSubgraph(options: MLConnectorSubgraphOptions): Promise<RunningMLConnectorSubgraph> {
  const source = options.source ?? new MLConnectorSource(options.instances, options.clock);
  const running = await startSubgraphServer({
    name: 'mlconnector',
    typeDefs: parse(assembleOwn('mlconnector')),
    resolvers: createMLConnectorResolvers(),
    createContext: createMLConnectorContextFactory(source),
    contract: createMLConnectorContract(source, options.clock),
    ...hostOptions(options),
  });
  return { name: running.name, url: running.url, port: running.port, close: () => running.close(), source };
}
