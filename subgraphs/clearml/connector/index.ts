export { ClearMLConnector, type ClearMLConnectorOptions, type ClearMLCredentials, type RawRequest, type RawResponse } from './ClearMLConnector.js';
export { clearmlError } from './errors.js';
export type { ClearMLTaskWire, ClearMLProjectWire, ClearMLParamsItem, ClearMLConfigurationItem, ClearMLMetricEvent } from './wire.js';
export { isTaskWire, isProjectWire, listOf, isRecord } from './wire.js';
