/** Comet REST API v2 emulator: public surface. See README.md. */
export { COMET_DEMO_API_KEY, checkApiKey, presentedKeys } from './auth.js';
export { COMET_MAX_POINTS_PER_METRIC, downsample } from './downsample.js';
export { CometError, SdkErrorCode, type CometErrorBody } from './errors.js';
export { ExperimentLog, type MetricPoint, type MetricSummary, type ValueSummary } from './log.js';
export { COMET_API_PREFIX, COMET_NOT_IMPLEMENTED, COMET_ROUTES, type CometRoute } from './routes.js';
export {
  applyCometSeed,
  buildCometSeed,
  COMET_SEED_BASE_TIME,
  COMET_SEED_EXPERIMENT_COUNT,
  COMET_SEED_WORKSPACE,
  type CometSeed,
  type CometSeedExperiment,
  type CometSeedMetricPoint,
  type CometSeedProject,
} from './seed.js';
export {
  type CometEmulator,
  type CometEmulatorOptions,
  type CometHandlerOptions,
  createCometHandler,
  startCometEmulator,
} from './server.js';
export {
  ALIVE_BEAT_MILLIS,
  ALIVE_TIMEOUT_MILLIS,
  COMET_DEMO_USER_NAME,
  CometStore,
  type CometStoreOptions,
  type ExperimentRecord,
  type ExperimentStatus,
  type ProjectRecord,
  type WorkspaceRecord,
} from './store.js';
export type {
  CometExperimentMetadataWire,
  CometMetricPointWire,
  CometMetricSummaryWire,
  CometProjectWire,
  CometValueSummaryWire,
} from './views.js';
