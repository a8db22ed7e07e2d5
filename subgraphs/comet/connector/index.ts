export { CometConnector, COMET_API_PREFIX, type CometConnectorOptions, type CometQuery } from './CometConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { cometError, cometErrorCode, sdkErrorCodeOf, SDK_NON_EXISTING_RUN } from './errors.js';
export { Limiter, MAX_IN_FLIGHT, mapBounded } from './limit.js';
export type { CometExperimentWire, CometProjectWire, CometValueSummaryWire, CometErrorWire } from './wire.js';
export { isExperimentWire, isProjectWire, isRecord, isValueSummaryWire, listOf, tagsOf, workspaceNames } from './wire.js';
