export { artifactId, CMF_MODEL_KIND, locationOf, mapArtifact, type CmfArtifactFields, type CmfArtifactOrModelView, type CmfArtifactView, type CmfModelView, type MapArtifactContext } from './mapArtifact.js';
export { executionId, mapExecution, mapParameters, type CmfExecutionView, type MapExecutionContext } from './mapExecution.js';
export { executionMetrics, metricsOf } from './metrics.js';
export { artifactDisplayName, executionName, stageShortName } from './names.js';
export { mapPipeline, mapPipelines, pipelineNameOf, type CmfPipelineData } from './mapPipeline.js';
export { createdMs, epochMs, isoTime, md5Hash } from './values.js';
