/**
 * Wire shapes: how stored records look in Comet's JSON, key for key and in the recorded key order (fixtures in
 * test/fixtures/comet). Values logged by clients are always strings here (reference §7 "Value typing").
 */
import type { Fidelity } from '../shared/index.js';
import { downsample } from './downsample.js';
import { md5Hex } from './ids.js';
import type { JsonObject } from './input.js';
import type { ArtifactRecord, ArtifactVersionRecord } from './artifacts.js';
import { experimentModelId } from './ids.js';
import type { AssetRecord, ExperimentLog, ExperimentModelRecord, MetricPoint, MetricSummary, ValueSummary } from './log.js';
import type { RegistryModelRecord, RegistryVersionRecord } from './registry.js';
import type { CometStore, ExperimentRecord, ProjectRecord } from './store.js';

/** A project as `/projects` and `/project` return it (`public` in real mode, `isPublic` + `workspaceId` documented). */
export interface CometProjectWire {
  readonly projectId: string;
  readonly projectName: string;
  readonly ownerUserName: string;
  readonly projectDescription: string;
  readonly workspaceName: string;
  readonly workspaceId?: string;
  readonly numberOfExperiments: number;
  readonly lastUpdated: number;
  readonly public?: boolean;
  readonly isPublic?: boolean;
}

export function projectView(store: CometStore, p: ProjectRecord, fidelity: Fidelity): CometProjectWire {
  const common = {
    projectId: p.id,
    projectName: p.name,
    ownerUserName: p.ownerUserName,
    projectDescription: p.description,
    workspaceName: p.workspaceName,
  };
  const counts = { numberOfExperiments: store.experimentCount(p), lastUpdated: store.lastUpdated(p) };
  if (fidelity === 'documented') {
    return { ...common, workspaceId: store.workspace(p.workspaceName)?.id ?? '', ...counts, isPublic: p.isPublic };
  }
  // The recorded response and the Java DTO (`@JsonProperty("public")`) use `public`.
  return { ...common, ...counts, public: p.isPublic };
}

/** ExperimentMetadata (reference §5.3): `/experiments` items and `/experiment/metadata`. */
export interface CometExperimentMetadataWire {
  readonly experimentKey: string;
  readonly experimentName: string | null;
  readonly optimizationId: string | null;
  readonly projectId: string;
  readonly projectName: string;
  readonly workspaceName: string;
  readonly filePath: string | null;
  readonly fileName: string | null;
  readonly durationMillis: number;
  readonly startTimeMillis: number;
  readonly endTimeMillis: number | null;
  readonly archived: boolean;
  readonly running: boolean;
  readonly throttle: boolean;
  /** Only on throttled experiments (newer backends, reference §5.3). */
  readonly throttleMessage?: string;
  readonly throttleReasons?: readonly string[];
}

export function experimentView(store: CometStore, e: ExperimentRecord): CometExperimentMetadataWire {
  const p = store.projectOf(e);
  const s = store.status(e);
  const throttled = e.throttle ? { throttleMessage: store.throttleMessage(e) ?? '', throttleReasons: [...e.throttleReasons] } : {};
  return {
    experimentKey: e.key,
    experimentName: e.name,
    optimizationId: e.optimizationId,
    projectId: p.id,
    projectName: p.name,
    workspaceName: p.workspaceName,
    filePath: e.filePath,
    fileName: e.fileName,
    durationMillis: s.durationMillis,
    startTimeMillis: s.startTimeMillis,
    endTimeMillis: s.endTimeMillis,
    archived: e.archived,
    running: s.running,
    throttle: e.throttle,
    ...throttled,
  };
}

/** One metric point of `get-metric` (reference §5.4): `metricValue` is a string. */
export interface CometMetricPointWire {
  readonly metricName: string;
  readonly metricValue: string;
  readonly timestamp: number;
  readonly step: number | null;
  readonly epoch: number | null;
  readonly runContext: string | null;
  readonly offset: number;
}

export function metricPointView(p: MetricPoint): CometMetricPointWire {
  return {
    metricName: p.metricName,
    metricValue: p.value,
    timestamp: p.timestamp,
    step: p.step,
    epoch: p.epoch,
    runContext: p.runContext,
    offset: p.offset,
  };
}

/**
 * Points for `get-metric`: one metric, or every metric when no name is given (what the Python SDK's
 * `get_metrics()` asks for). Each metric is downsampled on its own. Points come grouped by metric in an order
 * unrelated to logging time (md5 of the name), and in logging order inside a group: the real backend's output is
 * not sorted (reference §5.4; the recorded points list `val_acc` before the earlier `loss`), and clients must sort.
 */
export function metricPointsForRead(log: ExperimentLog, metricName: string | undefined): CometMetricPointWire[] {
  const names = metricName === undefined ? log.metricNames() : [metricName];
  const ordered = [...names].sort((a, b) => (md5Hex(a) < md5Hex(b) ? -1 : 1));
  return ordered.flatMap((n) => downsample(log.pointsOf(n)).map(metricPointView));
}

/** A metric summary (`/experiment/metrics/summary` → `values[]`). */
export interface CometMetricSummaryWire {
  readonly name: string;
  readonly valueMax: string;
  readonly valueMin: string;
  readonly valueCurrent: string;
  readonly timestampMax: number;
  readonly timestampMin: number;
  readonly timestampCurrent: number;
  readonly runContextMax: string | null;
  readonly runContextMin: string | null;
  readonly runContextCurrent: string | null;
  readonly stepMax: number | null;
  readonly stepMin: number | null;
  readonly stepCurrent: number | null;
}

export function metricSummaryView(s: MetricSummary): CometMetricSummaryWire {
  return {
    name: s.name,
    valueMax: s.max.value,
    valueMin: s.min.value,
    valueCurrent: s.current.value,
    timestampMax: s.max.timestamp,
    timestampMin: s.min.timestamp,
    timestampCurrent: s.current.timestamp,
    runContextMax: s.max.runContext,
    runContextMin: s.min.runContext,
    runContextCurrent: s.current.runContext,
    stepMax: s.max.step,
    stepMin: s.min.step,
    stepCurrent: s.current.step,
  };
}

/** A parameter or log-other summary (`values[]`), with `editable`. */
export interface CometValueSummaryWire {
  readonly name: string;
  readonly valueMax: string;
  readonly valueMin: string;
  readonly valueCurrent: string;
  readonly timestampMax: number;
  readonly timestampMin: number;
  readonly timestampCurrent: number;
  readonly editable: boolean;
}

export function valueSummaryView(s: ValueSummary): CometValueSummaryWire {
  return {
    name: s.name,
    valueMax: s.max.value,
    valueMin: s.min.value,
    valueCurrent: s.current.value,
    timestampMax: s.max.timestamp,
    timestampMin: s.min.timestamp,
    timestampCurrent: s.current.timestamp,
    editable: s.editable,
  };
}

/** Keys of `system-details` with their empty values; the read returns all of them, stored values overlaid. */
const SYSTEM_DETAIL_DEFAULTS: JsonObject = {
  user: null,
  pythonVersion: null,
  pythonVersionVerbose: null,
  pid: null,
  osType: null,
  os: null,
  osRelease: null,
  machine: null,
  processor: null,
  ip: null,
  hostname: null,
  env: null,
  gpuStaticInfoList: [],
  logAdditionalSystemInfoList: [],
  networkInterfaceIps: [],
  command: [],
  executable: null,
  osPackages: [],
  installedPackages: [],
  totalRam: null,
  maxTotalMemory: null,
  systemMetricNames: [],
};

export function systemDetailsView(e: ExperimentRecord): JsonObject {
  return { experimentKey: e.key, ...SYSTEM_DETAIL_DEFAULTS, ...e.log.systemDetails() };
}

/** Where the UI files each asset type (`dir`); `media` for images is recorded, the rest is an emulator guess. */
function assetDir(type: string): string {
  if (type === 'image' || type === 'audio' || type === 'video') return 'media';
  return 'assets';
}

/** The API download URL of an asset on this emulator (reference §5.1 "API asset URL"). */
export function assetLink(origin: string, experimentKey: string, assetId: string): string {
  return `${origin}/api/rest/v2/experiment/asset/get-asset?assetId=${assetId}&experimentKey=${experimentKey}`;
}

/** An asset list item (reference §5.7). */
export function assetView(a: AssetRecord, origin: string, experimentKey: string): JsonObject {
  return {
    fileName: a.fileName,
    fileSize: a.content?.length ?? 0,
    runContext: a.runContext,
    step: a.step,
    link: a.remoteLink ?? assetLink(origin, experimentKey, a.assetId),
    compressedAssetLink: null,
    createdAt: a.createdAt,
    dir: assetDir(a.type),
    canView: true,
    audio: a.type === 'audio',
    video: a.type === 'video',
    histogram: a.type === 'histogram3d' || a.type === 'histogram_combined_3d',
    image: a.type === 'image',
    type: a.type,
    metadata: a.metadata,
    assetId: a.assetId,
  };
}

// --- experiment models and the registry (reference §4 `/experiment/model`, §5.8) ---------------------------------

/** `/experiment/model` → `models[]`: the experiment model with the registry versions made from it. */
export function experimentModelView(store: CometStore, e: ExperimentRecord, m: ExperimentModelRecord): JsonObject {
  const id = experimentModelId(e.key, m.name);
  return {
    experimentModelId: id,
    experimentKey: e.key,
    modelName: m.name,
    registryRecords: store.registry.versionsOf(id).map(({ model, version }) => ({
      registryModelId: model.id,
      registryModelItemId: version.id,
      registryModelName: model.name,
      version: version.version,
      createdAt: version.createdAt,
    })),
  };
}

/** `experimentModel` inside registry versions: `modelName` as the Java DTO reads it; the docs call it `experimentModelName`. */
function experimentModelRef(v: RegistryVersionRecord, fidelity: Fidelity): JsonObject {
  const name = fidelity === 'documented' ? { experimentModelName: v.experimentModelName } : { modelName: v.experimentModelName };
  return { experimentModelId: v.experimentModelId, experimentKey: v.experimentKey, ...name };
}

/** `latestVersion` of the overview (Java `RegistryModelItemOverview`). */
function registryVersionOverview(v: RegistryVersionRecord, fidelity: Fidelity): JsonObject {
  return {
    registryModelItemId: v.id,
    experimentModel: experimentModelRef(v, fidelity),
    version: v.version,
    comment: v.comment,
    stages: [...v.stages],
    metadata: [],
    userName: v.userName,
    createdAt: v.createdAt,
    lastUpdated: v.lastUpdated,
  };
}

/** `/registry-model` → `registryModels[]` (Java `RegistryModelOverview`). */
export function registryModelOverview(store: CometStore, m: RegistryModelRecord, fidelity: Fidelity): JsonObject {
  const latest = store.registry.latest(m);
  return {
    registryModelId: m.id,
    modelName: m.name,
    description: m.description,
    numberOfVersions: m.versions.length,
    isPublic: m.isPublic,
    latestVersion: latest ? registryVersionOverview(latest, fidelity) : null,
    imagePath: null,
    userName: m.userName,
    createdAt: m.createdAt,
    lastUpdated: m.lastUpdated,
  };
}

/** A download URL of one version on this emulator (the endpoint itself answers 501). */
function registryVersionUrl(origin: string, m: RegistryModelRecord, v: RegistryVersionRecord): string {
  const q = new URLSearchParams({ workspaceName: m.workspaceName, modelName: m.name, version: v.version });
  return `${origin}/api/rest/v2/registry-model/item/download?${q.toString()}`;
}

/** `/registry-model/details` (Java `RegistryModelDetailsResponse`); versions oldest first. */
export function registryModelDetails(store: CometStore, m: RegistryModelRecord, origin: string, fidelity: Fidelity): JsonObject {
  return {
    registryModelId: m.id,
    workspaceId: store.workspace(m.workspaceName)?.id ?? '',
    modelName: m.name,
    description: m.description,
    numberOfVersions: m.versions.length,
    isPublic: m.isPublic,
    isAutoGenerated: false,
    isMonitored: false,
    imagePath: null,
    userName: m.userName,
    createdAt: m.createdAt,
    lastUpdated: m.lastUpdated,
    versions: m.versions.map((v) => {
      const files = store.registry.assetsOf(v);
      return {
        registryModelItemId: v.id,
        experimentModel: experimentModelRef(v, fidelity),
        version: v.version,
        comment: v.comment,
        stages: [...v.stages],
        assets: files ? files.assets.map((a) => assetView(a, origin, files.experiment.key)) : [],
        userName: v.userName,
        createdAt: v.createdAt,
        lastUpdated: v.lastUpdated,
        restApiUrl: registryVersionUrl(origin, m, v),
      };
    }),
  };
}

// --- artifacts (reference §4 `/artifacts/*`; Java `ArtifactVersionDetail`, `ArtifactDto`, `ArtifactVersionAsset`) --

/** The `artifact` object (Java `ArtifactDto`); `version` is the highest version. */
export function artifactView(store: CometStore, a: ArtifactRecord): JsonObject {
  return {
    artifactId: a.id,
    artifactName: a.name,
    projectId: a.projectId,
    workspaceId: store.workspace(a.workspaceName)?.id ?? '',
    workspaceName: a.workspaceName,
    experimentKey: a.experimentKey,
    description: a.description,
    version: store.artifacts.latest(a)?.version ?? null,
    metadata: a.metadata,
    artifactType: a.type,
    isPublic: a.isPublic,
    owner: a.owner,
    emoji: a.emoji,
    tags: [...a.tags],
  };
}

function sizeOf(v: ArtifactVersionRecord): number {
  return v.files.reduce((n, f) => n + (f.content?.length ?? 0), 0);
}

/**
 * `/artifacts/version`: the version, its producer (`experimentKey`) and, as an emulator extension (no client DTO has
 * it), `consumerExperimentKeys`: the experiments that fetched it with `consumerExperimentKey`.
 */
export function artifactVersionView(store: CometStore, a: ArtifactRecord, v: ArtifactVersionRecord): JsonObject {
  return {
    artifactVersionId: v.id,
    artifactVersion: v.version,
    experimentKey: v.experimentKey,
    owner: v.owner,
    createdFrom: 'experiment',
    sizeInBytes: sizeOf(v),
    metadata: v.metadata,
    note: null,
    added: v.createdAt,
    state: v.state,
    tags: [...v.tags],
    alias: [...v.aliases],
    consumerExperimentKeys: [...v.consumers],
    artifact: artifactView(store, a),
  };
}

/** One version as `/artifacts/get-all` and `/artifacts/get` list them (emulator shape; reference §4 says only "JSON"). */
function artifactVersionSummary(v: ArtifactVersionRecord): JsonObject {
  return {
    artifactVersionId: v.id,
    artifactVersion: v.version,
    experimentKey: v.experimentKey,
    state: v.state,
    added: v.createdAt,
    alias: [...v.aliases],
    tags: [...v.tags],
    consumerExperimentKeys: [...v.consumers],
  };
}

/** `/artifacts/get-all` items and `/artifacts/get`: the `ArtifactDto` fields plus `versions` (oldest first). */
export function artifactListItem(store: CometStore, a: ArtifactRecord): JsonObject {
  return { ...artifactView(store, a), versions: a.versions.map(artifactVersionSummary) };
}

/** `/artifacts/version/files` → `files[]` (Java `ArtifactVersionAsset`). */
export function artifactFileView(v: ArtifactVersionRecord, f: AssetRecord, origin: string): JsonObject {
  const link = f.remoteLink ?? `${assetLink(origin, v.experimentKey, f.assetId)}&artifactVersionId=${v.id}`;
  return {
    artifactId: v.artifactId,
    artifactVersionId: v.id,
    assetId: f.assetId,
    fileName: f.fileName,
    fileSize: f.content?.length ?? 0,
    link,
    dir: assetDir(f.type),
    type: f.type,
    metadata: f.metadata,
    remote: f.remoteLink !== null,
  };
}
