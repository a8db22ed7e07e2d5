export { startCometSubgraph, type CometSubgraphOptions } from './server.js';
export type { CometInstanceConfig } from './config.js';
export { CometConnector, type CometConnectorOptions, type RawRequest, type RawResponse } from './connector/index.js';
export { IDEMPOTENCY_OTHER as COMET_IDEMPOTENCY_OTHER } from './writes/common.js';
