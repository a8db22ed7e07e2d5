/** CMF Server emulator: public surface. See README.md. */
export { decodeUtf8, LEAF_CHARS, Pacer, parseJsonCooperative, SLICE_CHARS } from './coopJson.js';
export { dumpDocument, type DumpFilter } from './dump.js';
export { MERGED_ARTIFACT_TYPES } from './merge.js';
export { pyDumps } from './pyjson.js';
export type { Json, JsonObject } from './pyjson.js';
export { pySetOrder } from './pyset.js';
export { CMF_ROUTES, type CmfMethod, type CmfRoute, NGINX_413, routesOf } from './routes.js';
export {
  applyCmfSeed,
  buildCmfSeed,
  CMF_SEED_BASE_TIME,
  CMF_SEED_FRAUD_CSV,
  CMF_SEED_FRAUD_CSV_MD5,
  CMF_SEED_FRAUD_DATASET_MD5,
  CMF_SEED_FRAUD_DATASET_URI,
  CMF_SEED_PIPELINES,
  type CmfSeed,
} from './seed.js';
export { pipelineDocument, testEnvPipeline } from './seedDocs.js';
export {
  CMF_DEFAULT_MAX_PUSH_BYTES,
  type CmfEmulator,
  type CmfEmulatorOptions,
  type CmfHandlerOptions,
  createCmfHandler,
  startCmfEmulator,
} from './server.js';
export { CmfStore, type CmfStoreView, type PushResult } from './store.js';
export { CMF_GENERATIONS, type CmfGeneration, INPUT, OUTPUT } from './types.js';
export type { ArtifactRec, ExecutionRec, PipelineRec, StageRec, StoreState } from './types.js';
