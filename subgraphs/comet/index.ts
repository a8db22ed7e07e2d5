export { startCometSubgraph, type CometSubgraphOptions } from './server.js';
export type { CometInstanceConfig } from './config.js';
export { CometConnector, type CometConnectorOptions, type RawRequest, type RawResponse } from './connector/index.js';
