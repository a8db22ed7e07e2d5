export { mapExperiment, withDetails, withTags, type CometExperimentView, type CometExperimentDetails, type MapExperimentContext } from './mapExperiment.js';
export { mapMetricSummaries, mapParameters, mapOthers, parseMetricValue, type CometOther } from './mapSummaries.js';
export { mapStatus } from './mapStatus.js';
export { mapTime, epochMs } from './mapTime.js';
