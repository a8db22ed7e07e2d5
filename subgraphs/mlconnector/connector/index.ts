export { MLCONNECTOR_DEPLOY_TIMEOUT_MS, MLConnectorConnector, type MLConnectorConnectorOptions } from './MLConnectorConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { detailOf, invalidFields, isUpstreamNotFound, mlconnectorError, mlconnectorErrorCode } from './errors.js';
export * from './wire.js';
