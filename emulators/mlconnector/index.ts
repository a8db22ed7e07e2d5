/** MLConnector (mlsysops-eu/mlsysops-framework) emulator: public surface. See README.md. */
export { type Json, type JsonObject, pyRepr, type ValidationError } from './fastapi.js';
export { dataRepr, inputFeatures, numpyArray, predictValue } from './inference.js';
export { CONTAINER_ROUTES, MLCONNECTOR_ROUTES, type Route } from './routes.js';
export { FILE_KINDS, type FileKind } from './schemas.js';
export {
  applyMLConnectorSeed,
  buildMLConnectorSeed,
  type MLConnectorSeed,
  SEED_DEPLOYMENT_ID,
  SEED_FRAUD_MODEL_ID,
  SEED_OPERATION_ID,
  SEED_OWNER_ID,
  SEED_REGRESSOR_MODEL_ID,
} from './seed.js';
export {
  createMLConnectorHandler,
  MLCONNECTOR_DEFAULT_MAX_UPLOAD_BYTES,
  type MLConnectorEmulator,
  type MLConnectorEmulatorOptions,
  type MLConnectorHandlerOptions,
  startMLConnectorEmulator,
} from './server.js';
export {
  MLCONNECTOR_CLUSTERS,
  MLCONNECTOR_LIFECYCLE,
  MLConnectorStore,
  type DeploymentRec,
  type FileRec,
  type MLConnectorStoreView,
  type ModelRec,
  type NorthboundRec,
  type NorthboundState,
  type OperationRec,
  type PlacementRec,
} from './store.js';
