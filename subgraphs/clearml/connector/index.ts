export { ClearMLConnector, type ClearMLConnectorOptions, type ClearMLCredentials } from './ClearMLConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { clearmlError } from './errors.js';
export type { ClearMLTaskWire, ClearMLProjectWire, ClearMLParamsItem, ClearMLConfigurationItem, ClearMLMetricEvent } from './wire.js';
export { isTaskWire, isProjectWire, listOf, isRecord } from './wire.js';
