export { startCmfSubgraph, type CmfSubgraphOptions } from './server.js';
export type { CmfInstanceConfig } from './config.js';
export { CmfConnector, type CmfConnectorOptions, type CmfGeneration, type RawRequest, type RawResponse } from './connector/index.js';
export { CmfSource } from './source.js';
export { pushMetadata, type PushMetadataRequest, type PushMetadataResult } from './writes/index.js';
