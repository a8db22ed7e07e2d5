/** Comet REST API v2 emulator: public surface. See README.md. */
export {
  ARTIFACT_VERSION_STATES,
  type ArtifactRecord,
  type ArtifactVersionRecord,
  type ArtifactVersionState,
  CometArtifacts,
} from './artifacts.js';
export { COMET_DEMO_API_KEY, checkApiKey, presentedKeys } from './auth.js';
export { COMET_DEFAULT_LIMITS, type CometLimits } from './context.js';
export { COMET_MAX_POINTS_PER_METRIC, downsample } from './downsample.js';
export { CometError, SdkErrorCode, type CometErrorBody } from './errors.js';
export { experimentModelId } from './ids.js';
export {
  type AssetRecord,
  ExperimentLog,
  type ExperimentModelRecord,
  type GitMetadata,
  MODEL_ELEMENT_TYPE,
  type MetricPoint,
  type MetricSummary,
  type ValueSummary,
} from './log.js';
export { CometRegistry, type RegistryModelRecord, type RegistryVersionRecord } from './registry.js';
export { COMET_API_PREFIX, COMET_NOT_IMPLEMENTED, COMET_ROUTES, type CometRoute } from './routes.js';
export {
  applyCometSeed,
  buildCometSeed,
  COMET_SEED_BASE_TIME,
  COMET_SEED_EXPERIMENT_COUNT,
  COMET_SEED_WORKSPACE,
  type CometSeed,
  type CometSeedArtifact,
  type CometSeedArtifactVersion,
  type CometSeedExperiment,
  type CometSeedExperimentModel,
  type CometSeedFile,
  type CometSeedRegistryModel,
  type CometSeedRegistryVersion,
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
export {
  COMET_THROTTLE_BUDGETS,
  type CometThrottleBudgets,
  THROTTLE_MESSAGE,
  THROTTLE_WINDOW_MILLIS,
  type ThrottleCategory,
  Throttler,
} from './throttle.js';
export type {
  CometExperimentMetadataWire,
  CometMetricPointWire,
  CometMetricSummaryWire,
  CometProjectWire,
  CometValueSummaryWire,
} from './views.js';
