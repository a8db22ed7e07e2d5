/**
 * ClearML server emulator: clearml-server 2.3.0's wire protocol (API 2.34) over in-memory state.
 * Public entry of `emulators/clearml`; other folders import only from here.
 */
export {
  CLEARML_DEMO_CREDENTIALS,
  type ClearMLEmulator,
  type ClearMLEmulatorOptions,
  type ClearMLHandlerBundle,
  createClearMLHandler,
  createClearMLHandlerBundle,
  startClearMLEmulator,
} from './server.js';
export { CLEARML_COMPANY_ID, DEMO_IDENTITY, type ClearMLIdentity, SERVER_VERSION } from './constants.js';
export { MAX_API_VERSION } from './version.js';
export {
  buildClearMLSeed,
  type ClearMLSeed,
  DEFAULT_QUEUE_ID,
  SEED_BASE_TIME_MS,
  SEED_TASK_COUNT,
  SERVING_BASE_URL,
  seedModelId,
  seedProjectId,
  seedTaskId,
} from './seed.js';
export type { ClearMLStoreView } from './store.js';
export type { Json, JsonObject } from './json.js';
export { IMPLEMENTED_ENDPOINTS } from './routes.js';
export { ENDPOINT_CATALOG } from './catalog.generated.js';
