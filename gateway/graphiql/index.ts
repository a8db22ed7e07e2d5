/**
 * GraphiQL served from local assets only (no CDN). See README.md.
 * @packageDocumentation
 */
export { createGraphiQLHandler, prefersHtml, type GraphiQLHandler, type GraphiQLHandlerOptions } from './handleGraphiQL.js';
export {
  loadGraphiQLAssets,
  graphiqlAssetVersion,
  graphiqlEtag,
  GRAPHIQL_ASSET_NAMES,
  type GraphiQLAsset,
} from './graphiqlAssets.js';
export {
  renderGraphiQLPage,
  escapeHtml,
  GRAPHIQL_CSP,
  GRAPHIQL_BOOT_SCRIPT_HASH,
  type GraphiQLPageOptions,
} from './graphiqlPage.js';
