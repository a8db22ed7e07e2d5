export { startMLConnectorSubgraph, type MLConnectorSubgraphOptions, type RunningMLConnectorSubgraph } from './server.js';
export type { MLConnectorFidelity, MLConnectorInstanceConfig } from './config.js';
export { MLCONNECTOR_DEPLOY_TIMEOUT_MS, MLConnectorConnector, type MLConnectorConnectorOptions, type RawRequest, type RawResponse } from './connector/index.js';
export { MLCONNECTOR_CAPABILITIES, createMLConnectorContract } from './contract.js';
export { chooseDeploymentId, modelOfDeploymentId } from './deploymentIds.js';
export { MLConnectorInstance, MLConnectorSource } from './source.js';
export {
  createDeployment,
  deleteDeployment,
  predict,
  registerModel,
  type CreateDeploymentInput,
  type CreateDeploymentResult,
  type PlacementInput,
  type PredictInput,
  type PredictResult,
} from './writes/index.js';
export { IDEMPOTENCY_TAG as MLCONNECTOR_IDEMPOTENCY_TAG } from './writes/registerModel.js';
