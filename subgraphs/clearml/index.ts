export { startClearMLSubgraph, type ClearMLSubgraphOptions } from './server.js';
export type { ClearMLInstanceConfig } from './config.js';
export { ClearMLConnector, type RawRequest, type RawResponse, type ClearMLCredentials } from './connector/index.js';
export { idempotencyTag } from './mapper/index.js';
