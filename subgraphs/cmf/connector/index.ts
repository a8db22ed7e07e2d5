export { CmfConnector, type CmfConnectorOptions, type PushStatus } from './CmfConnector.js';
export type { RawRequest, RawResponse } from '../../shared/passthrough.js';
export { cmfError, cmfErrorCode, detailOf, isRouteMissing } from './errors.js';
export { type CmfGeneration, type CmfLayout, detectLayout } from './layout.js';
export { Limiter, MAX_IN_FLIGHT } from '../../shared/limit.js';
export { isMlmdDocument, isRecord, parseMlmdDocument, pipelineNames, recordsOf, type MlmdDocumentWire } from './wire.js';
