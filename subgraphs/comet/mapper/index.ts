export { mapExperiment, withDetails, withTags, type CometExperimentView, type CometExperimentDetails, type MapExperimentContext } from './mapExperiment.js';
export { mapMetricSummaries, mapParameters, mapOthers, parseMetricValue, type CometOther } from './mapSummaries.js';
export { mapStatus } from './mapStatus.js';
export { mapTime, epochMs } from './mapTime.js';
export { assetId, mapAsset, normaliseLink, type AssetOwner, type CometAssetView, type MapAssetContext } from './mapAsset.js';
export {
  experimentModelId,
  mapExperimentModel,
  mapModelVersion,
  modelVersionId,
  type CometExperimentModelView,
  type CometModelVersionView,
  type CometModelView,
  type RegistryRecord,
} from './mapModels.js';
export { mapGitMetadata, mapSystemDetails, outputTail, type CometGitMetadata } from './mapExtras.js';
export { artifactVersionId, mapArtifactVersion, versionOf, type CometArtifactVersionView, type MapArtifactVersionContext } from './mapArtifactVersion.js';
