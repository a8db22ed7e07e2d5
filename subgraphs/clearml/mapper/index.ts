export { mapTask, mapParameters, mapLastMetrics, type ClearMLTaskView, type MapTaskContext } from './mapTask.js';
export { mapModel, type ClearMLModelView, type MapModelContext } from './mapModel.js';
export { mapArtifact, artifactId, artifactMode, normaliseHash, type ArtifactMode, type ClearMLArtifactView, type MapArtifactContext } from './mapArtifact.js';
export { mapServingEndpoint, servingStatus, type ClearMLServingEndpointView } from './mapServingEndpoint.js';
export { modelStages, systemTagsForStages, idempotencyTag, IDEMPOTENCY_TAG_PREFIX, NATIVE_STAGES, STAGE_TAG_PREFIX } from './stages.js';
export { mapStatus, clearmlStatusesFor } from './mapStatus.js';
export { mapTime, toClearMLTime } from './mapTime.js';
