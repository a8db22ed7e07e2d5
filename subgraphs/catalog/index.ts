export { startCatalogSubgraph, type CatalogSubgraphOptions } from './server.js';
export type { CatalogConfig, CatalogSourceConfig } from './config.js';
