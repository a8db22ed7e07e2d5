/**
 * Comet REST v2 JSON as the server writes it (reference/comet.md §4, §5): experiments, projects,
 * summaries, and the model, asset and artifact objects. Only the key fields are typed
 * as what they must be; every other value is `unknown` and the mapper narrows it, because recordings,
 * SDK DTOs and docs disagree on optional fields (`running` absent in old listings, `workspaces` as
 * strings or objects, summary values as strings that clients parse).
 */

/** ExperimentMetadata (§5.3): `/experiments` items and `/experiment/metadata`. */
export interface CometExperimentWire {
  readonly experimentKey: string;
  readonly experimentName?: unknown;
  readonly optimizationId?: unknown;
  /** Java DTO only; absent from the cometr recording. */
  readonly userName?: unknown;
  readonly projectId?: unknown;
  readonly projectName?: unknown;
  readonly workspaceName?: unknown;
  readonly filePath?: unknown;
  readonly fileName?: unknown;
  readonly durationMillis?: unknown;
  readonly startTimeMillis?: unknown;
  readonly endTimeMillis?: unknown;
  readonly archived?: unknown;
  /** Metadata endpoint and newer listings; absent from the 2020 `/experiments` recording. */
  readonly running?: unknown;
  readonly throttle?: unknown;
}

/** A project of `/projects` (§5.2). `projectId` is not always hex (`owner-NA` exists). */
export interface CometProjectWire {
  readonly projectId: string;
  readonly projectName?: unknown;
  readonly workspaceName?: unknown;
}

/**
 * One entry of `values[]` in `/experiment/metrics/summary`, `/experiment/parameters` and
 * `/experiment/log-other` (§5.5): values are strings, timestamps epoch ms, metrics add run context and step.
 */
export interface CometValueSummaryWire {
  readonly name: string;
  readonly valueMax?: unknown;
  readonly valueMin?: unknown;
  readonly valueCurrent?: unknown;
  readonly timestampMax?: unknown;
  readonly timestampMin?: unknown;
  readonly timestampCurrent?: unknown;
  readonly runContextMax?: unknown;
  readonly runContextMin?: unknown;
  readonly runContextCurrent?: unknown;
  readonly stepMax?: unknown;
  readonly stepMin?: unknown;
  readonly stepCurrent?: unknown;
  readonly editable?: unknown;
}

/** Comet's error body (§6.1); every field may be missing when a proxy answered instead. */
export interface CometErrorWire {
  readonly code?: unknown;
  readonly msg?: unknown;
  readonly sdk_error_code?: unknown;
}

/** An AssetLink of `/experiment/asset/list`, `/experiment/model/asset/list` and registry versions (§5.7). */
export interface CometAssetWire {
  readonly assetId: string;
  readonly fileName?: unknown;
  readonly fileSize?: unknown;
  readonly runContext?: unknown;
  readonly step?: unknown;
  /** A direct link, possibly pre-signed (S3). */
  readonly link?: unknown;
  readonly createdAt?: unknown;
  readonly dir?: unknown;
  readonly type?: unknown;
  /** A JSON-encoded string, or null. */
  readonly metadata?: unknown;
  /** Newer backends: the experiment the asset belongs to (registry version assets). */
  readonly experimentKey?: unknown;
  /** JAVA `AssetLink` only (reference §5.7): the asset's tags. */
  readonly tags?: unknown;
}

/** An item of `/experiment/model` → `models[]` (§4). */
export interface CometExperimentModelWire {
  readonly modelName: string;
  readonly experimentModelId?: unknown;
  readonly experimentKey?: unknown;
  /** `[{registryModelId, registryModelItemId, registryModelName, version, createdAt}]`: where it was registered. */
  readonly registryRecords?: unknown;
  readonly createdAt?: unknown;
}

/** An item of `/registry-model` → `registryModels[]`, or the `/registry-model/details` object (§5.8). */
export interface CometRegistryModelWire {
  readonly modelName: string;
  readonly registryModelId?: unknown;
  readonly description?: unknown;
  readonly numberOfVersions?: unknown;
  readonly isPublic?: unknown;
  readonly userName?: unknown;
  readonly createdAt?: unknown;
  readonly lastUpdated?: unknown;
  /** Details only. */
  readonly versions?: unknown;
}

/** One of `versions[]` in `/registry-model/details` (§5.8). */
export interface CometRegistryVersionWire {
  readonly version: string;
  readonly registryModelItemId?: unknown;
  /** `{experimentModelId, experimentKey, modelName}` (docs also say `experimentModelName`). */
  readonly experimentModel?: unknown;
  readonly comment?: unknown;
  readonly stages?: unknown;
  readonly assets?: unknown;
  readonly userName?: unknown;
  readonly createdAt?: unknown;
  readonly lastUpdated?: unknown;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isExperimentWire(v: unknown): v is CometExperimentWire {
  return isRecord(v) && typeof v['experimentKey'] === 'string' && v['experimentKey'] !== '';
}

export function isProjectWire(v: unknown): v is CometProjectWire {
  return isRecord(v) && typeof v['projectId'] === 'string' && v['projectId'] !== '';
}

export function isValueSummaryWire(v: unknown): v is CometValueSummaryWire {
  return isRecord(v) && typeof v['name'] === 'string';
}

/** `body.<key>` as an array of items passing `guard` (anything else is dropped). */
export function listOf<T>(body: unknown, key: string, guard: (v: unknown) => v is T): T[] {
  const list = isRecord(body) ? body[key] : undefined;
  return Array.isArray(list) ? list.filter(guard) : [];
}

/**
 * Workspace names from `/workspaces`: the recording has plain strings (`{"workspaceNames": [...]}`),
 * cometx also handles objects with `name` on some deployments (reference §9), so both are read.
 */
export function workspaceNames(body: unknown): string[] {
  const list = isRecord(body) ? (body['workspaceNames'] ?? body['workspaces']) : undefined;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list) {
    const name = typeof item === 'string' ? item : isRecord(item) ? item['name'] : undefined;
    if (typeof name === 'string' && name !== '') out.push(name);
  }
  return out;
}

/** `{"tags": [...]}` of `/experiment/tags`, non-strings dropped. */
export function tagsOf(body: unknown): string[] {
  const list = isRecord(body) ? body['tags'] : undefined;
  return Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : [];
}

export function isAssetWire(v: unknown): v is CometAssetWire {
  return isRecord(v) && typeof v['assetId'] === 'string' && v['assetId'] !== '';
}

export function isExperimentModelWire(v: unknown): v is CometExperimentModelWire {
  return isRecord(v) && typeof v['modelName'] === 'string' && v['modelName'] !== '';
}

export function isRegistryModelWire(v: unknown): v is CometRegistryModelWire {
  return isRecord(v) && typeof v['modelName'] === 'string' && v['modelName'] !== '';
}

export function isRegistryVersionWire(v: unknown): v is CometRegistryVersionWire {
  return isRecord(v) && typeof v['version'] === 'string' && v['version'] !== '';
}
