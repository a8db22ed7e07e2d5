export { ClearMLConnector, type ClearMLConnectorOptions, type ClearMLCredentials } from './ClearMLConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { clearmlError } from './errors.js';
export type {
  ClearMLArtifactWire,
  ClearMLConfigurationItem,
  ClearMLEndpointWire,
  ClearMLMetadataItem,
  ClearMLMetricEvent,
  ClearMLModelRef,
  ClearMLModelWire,
  ClearMLParamsItem,
  ClearMLProjectWire,
  ClearMLTaskWire,
} from './wire.js';
export { isArtifactWire, isEndpointWire, isModelWire, isTaskWire, isProjectWire, listOf, isRecord } from './wire.js';
