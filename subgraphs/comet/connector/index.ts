export { CometConnector, COMET_API_PREFIX, type CometConnectorOptions, type CometQuery } from './CometConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { cometError, cometErrorCode, sdkErrorCodeOf, SDK_NON_EXISTING_RUN } from './errors.js';
export { Limiter, MAX_IN_FLIGHT, mapBounded } from '../../shared/limit.js';
export type { CometAssetWire, CometErrorWire, CometExperimentModelWire, CometExperimentWire, CometProjectWire, CometRegistryModelWire, CometRegistryVersionWire, CometValueSummaryWire } from './wire.js';
export {
  isAssetWire,
  isExperimentModelWire,
  isExperimentWire,
  isProjectWire,
  isRecord,
  isRegistryModelWire,
  isRegistryVersionWire,
  isValueSummaryWire,
  listOf,
  tagsOf,
  workspaceNames,
} from './wire.js';
