/**
 * Comet's model registry (reference §3.5, §5.8): registry models per workspace, each with semver versions that point
 * at an experiment model (an experiment's `model-element` files under one name). Versions carry free-form stages.
 * Errors use the registry's codes: 42001 invalid version, 42006 no (experiment) model, 42008 registry model not found.
 */
import { CometError, SdkErrorCode } from './errors.js';
import { newHexId } from './ids.js';
import type { AssetRecord } from './log.js';
import { compareSemver, highestSemver, isSemver } from './semver.js';
import type { CometStore, ExperimentRecord } from './store.js';

export interface RegistryVersionRecord {
  readonly id: string;
  readonly version: string;
  readonly experimentModelId: string;
  readonly experimentKey: string;
  readonly experimentModelName: string;
  comment: string;
  stages: string[];
  readonly userName: string;
  readonly createdAt: number;
  lastUpdated: number;
}

export interface RegistryModelRecord {
  readonly id: string;
  readonly workspaceName: string;
  name: string;
  description: string;
  isPublic: boolean;
  notes: string;
  readonly userName: string;
  readonly createdAt: number;
  lastUpdated: number;
  /** In creation order. */
  readonly versions: RegistryVersionRecord[];
}

/** Input of a new registry model or version. Seeds pass ids and a time; the API leaves them out. */
export interface RegistryVersionInput {
  readonly experimentModelId: string;
  readonly registryModelName: string;
  readonly version: string;
  readonly comment?: string | undefined;
  readonly stages?: readonly string[] | undefined;
  readonly itemId?: string | undefined;
  readonly at?: number | undefined;
}

export interface RegistryModelInput extends RegistryVersionInput {
  readonly description?: string | undefined;
  readonly isPublic?: boolean | undefined;
  readonly modelId?: string | undefined;
}

export const registryErrors = {
  modelNotFound: (what: string): CometError => new CometError(400, `Registry model not found: ${what}`, SdkErrorCode.registryModelNotFound),
  versionNotFound: (id: string): CometError => new CometError(400, `Registry model version not found: ${id}`, SdkErrorCode.registryModelNotFound),
  noExperimentModel: (id: string): CometError => new CometError(400, `Experiment model not found: ${id}`, SdkErrorCode.noModelToUpdate),
  invalidVersion: (v: string): CometError =>
    new CometError(400, `Invalid version string: "${v}" (expected a semantic version such as 1.0.0)`, SdkErrorCode.invalidVersion),
} as const;

function uniq(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

export class CometRegistry {
  readonly #store: CometStore;
  readonly #models: RegistryModelRecord[] = [];

  constructor(store: CometStore) {
    this.#store = store;
  }

  /** Registry models of a workspace, in creation order. */
  modelsIn(workspaceName: string): RegistryModelRecord[] {
    return this.#models.filter((m) => m.workspaceName === workspaceName);
  }

  byName(workspaceName: string, name: string): RegistryModelRecord | undefined {
    return this.#models.find((m) => m.workspaceName === workspaceName && m.name === name);
  }

  byId(id: string): RegistryModelRecord | undefined {
    return this.#models.find((m) => m.id === id);
  }

  requireByName(workspaceName: string, name: string): RegistryModelRecord {
    const m = this.byName(workspaceName, name);
    if (!m) throw registryErrors.modelNotFound(`${workspaceName}/${name}`);
    return m;
  }

  /** A version by its `registryModelItemId`, with its model. */
  requireVersion(itemId: string): { model: RegistryModelRecord; version: RegistryVersionRecord } {
    for (const model of this.#models) {
      const version = model.versions.find((v) => v.id === itemId);
      if (version) return { model, version };
    }
    throw registryErrors.versionNotFound(itemId);
  }

  /** The highest semver version (what `latestVersion` shows), or undefined for a model without versions. */
  latest(model: RegistryModelRecord): RegistryVersionRecord | undefined {
    return highestSemver(model.versions, (v) => v.version);
  }

  /** Every registry version built from an experiment model (its `registryRecords`). */
  versionsOf(experimentModelId: string): { model: RegistryModelRecord; version: RegistryVersionRecord }[] {
    return this.#models.flatMap((model) => model.versions.filter((v) => v.experimentModelId === experimentModelId).map((version) => ({ model, version })));
  }

  /** The files of a version: the experiment model's current `model-element` assets (empty once the run is deleted). */
  assetsOf(version: RegistryVersionRecord): { experiment: ExperimentRecord; assets: AssetRecord[] } | undefined {
    const e = this.#store.experiment(version.experimentKey);
    return e ? { experiment: e, assets: e.log.modelAssets(version.experimentModelName) } : undefined;
  }

  /** `write/registry-model`: a new registry model in the experiment's workspace, with its first version. */
  create(input: RegistryModelInput): { model: RegistryModelRecord; version: RegistryVersionRecord } {
    const { experiment, name: modelName } = this.#experimentModel(input.experimentModelId);
    const workspaceName = this.#store.projectOf(experiment).workspaceName;
    this.#checkName(input.registryModelName);
    this.#checkVersion(input.version);
    if (this.byName(workspaceName, input.registryModelName)) {
      throw new CometError(400, `Registry model already exists: ${workspaceName}/${input.registryModelName}; add a version with write/registry-model/item`);
    }
    const at = input.at ?? this.#store.clock.now();
    const model: RegistryModelRecord = {
      id: input.modelId ?? newHexId(),
      workspaceName,
      name: input.registryModelName,
      description: input.description ?? '',
      isPublic: input.isPublic ?? false,
      notes: '',
      userName: this.#store.userName,
      createdAt: at,
      lastUpdated: at,
      versions: [],
    };
    this.#models.push(model);
    const version = this.#pushVersion(model, input, experiment.key, modelName, at);
    return { model, version };
  }

  /** `write/registry-model/item`: a new version of an existing registry model (same workspace as the experiment). */
  addVersion(input: RegistryVersionInput): { model: RegistryModelRecord; version: RegistryVersionRecord } {
    const { experiment, name: modelName } = this.#experimentModel(input.experimentModelId);
    const workspaceName = this.#store.projectOf(experiment).workspaceName;
    this.#checkName(input.registryModelName);
    const model = this.requireByName(workspaceName, input.registryModelName);
    this.#checkVersion(input.version);
    if (model.versions.some((v) => compareSemver(v.version, input.version) === 0)) {
      throw new CometError(400, `Version ${input.version} of registry model ${model.name} already exists`);
    }
    const at = input.at ?? this.#store.clock.now();
    const version = this.#pushVersion(model, input, experiment.key, modelName, at);
    model.lastUpdated = at;
    return { model, version };
  }

  /** `write/registry-model/update`: rename, describe, publish. */
  update(id: string, changes: { name?: string | undefined; description?: string | undefined; isPublic?: boolean | undefined }): RegistryModelRecord {
    const model = this.byId(id);
    if (!model) throw registryErrors.modelNotFound(id);
    if (changes.name !== undefined && changes.name !== model.name) {
      this.#checkName(changes.name);
      if (this.byName(model.workspaceName, changes.name)) throw new CometError(400, `Registry model already exists: ${model.workspaceName}/${changes.name}`);
      model.name = changes.name;
    }
    if (changes.description !== undefined) model.description = changes.description;
    if (changes.isPublic !== undefined) model.isPublic = changes.isPublic;
    model.lastUpdated = this.#store.clock.now();
    return model;
  }

  /** `write/registry-model/item/update`: comment and (replacing) stages. */
  updateVersion(itemId: string, changes: { comment?: string | undefined; stages?: readonly string[] | undefined }): RegistryVersionRecord {
    const { model, version } = this.requireVersion(itemId);
    if (changes.comment !== undefined) version.comment = changes.comment;
    if (changes.stages !== undefined) version.stages = uniq(changes.stages);
    this.#touch(model, version);
    return version;
  }

  addStage(itemId: string, stage: string): RegistryVersionRecord {
    const { model, version } = this.requireVersion(itemId);
    if (!version.stages.includes(stage)) version.stages.push(stage);
    this.#touch(model, version);
    return version;
  }

  removeStage(itemId: string, stage: string): RegistryVersionRecord {
    const { model, version } = this.requireVersion(itemId);
    version.stages = version.stages.filter((s) => s !== stage);
    this.#touch(model, version);
    return version;
  }

  setNotes(model: RegistryModelRecord, notes: string): void {
    model.notes = notes;
    model.lastUpdated = this.#store.clock.now();
  }

  delete(model: RegistryModelRecord): void {
    const i = this.#models.indexOf(model);
    if (i >= 0) this.#models.splice(i, 1);
  }

  /** Removes one version; the model stays (with `numberOfVersions` 0 once the last one is gone). */
  deleteVersion(itemId: string): void {
    const { model, version } = this.requireVersion(itemId);
    model.versions.splice(model.versions.indexOf(version), 1);
    model.lastUpdated = this.#store.clock.now();
  }

  #touch(model: RegistryModelRecord, version: RegistryVersionRecord): void {
    const now = this.#store.clock.now();
    version.lastUpdated = now;
    model.lastUpdated = now;
  }

  #pushVersion(model: RegistryModelRecord, input: RegistryVersionInput, experimentKey: string, modelName: string, at: number): RegistryVersionRecord {
    const version: RegistryVersionRecord = {
      id: input.itemId ?? newHexId(),
      version: input.version,
      experimentModelId: input.experimentModelId,
      experimentKey,
      experimentModelName: modelName,
      comment: input.comment ?? '',
      stages: uniq(input.stages ?? []),
      userName: this.#store.userName,
      createdAt: at,
      lastUpdated: at,
    };
    model.versions.push(version);
    return version;
  }

  #experimentModel(id: string): { experiment: ExperimentRecord; name: string } {
    const found = this.#store.experimentModelById(id);
    if (!found) throw registryErrors.noExperimentModel(id);
    return found;
  }

  #checkName(name: string): void {
    if (name.trim() === '') throw new CometError(400, 'registryModelName is required');
  }

  #checkVersion(v: string): void {
    if (!isSemver(v)) throw registryErrors.invalidVersion(v);
  }
}
