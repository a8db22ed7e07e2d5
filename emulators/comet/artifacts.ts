/**
 * Comet artifacts (reference §3.4, §4, §5.9): named, typed, workspace-wide collections of files with semver versions.
 * A version is produced by the experiment that upserted it (`experimentKey`) and consumed by every experiment that
 * fetched it with `consumerExperimentKey` (what the SDKs' `get_artifact` sends): the two ends of Comet's lineage.
 * Version states follow the Java enum: OPEN while files upload, then CLOSED (immutable) or ERROR.
 */
import { CometError, SdkErrorCode } from './errors.js';
import { newHexId } from './ids.js';
import type { AssetRecord } from './log.js';
import { compareSemver, highestSemver, isSemver } from './semver.js';
import type { CometStore, ExperimentRecord } from './store.js';

export type ArtifactVersionState = 'OPEN' | 'CLOSED' | 'ERROR';
/** Java serialises the enum by name; ordinals 0/1/2 are accepted too (reference §3.4). */
export const ARTIFACT_VERSION_STATES: readonly ArtifactVersionState[] = ['OPEN', 'CLOSED', 'ERROR'];

export interface ArtifactVersionRecord {
  readonly id: string;
  readonly artifactId: string;
  readonly version: string;
  /** The producing experiment. */
  readonly experimentKey: string;
  state: ArtifactVersionState;
  aliases: string[];
  tags: string[];
  /** JSON-encoded string, as clients send `versionMetadata`. */
  metadata: string | null;
  readonly owner: string;
  readonly createdAt: number;
  readonly files: AssetRecord[];
  /** Consuming experiments, in first-use order (the producer is never listed). */
  readonly consumers: string[];
}

export interface ArtifactRecord {
  readonly id: string;
  readonly workspaceName: string;
  readonly name: string;
  readonly type: string;
  readonly projectId: string | null;
  /** The experiment that created the artifact (its first version's producer). */
  readonly experimentKey: string;
  description: string;
  isPublic: boolean;
  metadata: string | null;
  tags: string[];
  emoji: string | null;
  readonly owner: string;
  readonly createdAt: number;
  readonly versions: ArtifactVersionRecord[];
}

export interface ArtifactUpsertInput {
  readonly experiment: ExperimentRecord;
  readonly artifactId?: string | undefined;
  readonly artifactName?: string | undefined;
  readonly artifactType?: string | undefined;
  readonly workspaceName?: string | undefined;
  readonly projectName?: string | undefined;
  readonly version?: string | undefined;
  readonly aliases?: readonly string[] | undefined;
  readonly versionTags?: readonly string[] | undefined;
  readonly versionMetadata?: string | undefined;
  readonly description?: string | undefined;
  readonly isPublic?: boolean | undefined;
  readonly metadata?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly emoji?: string | undefined;
  /** Seeds only. */
  readonly newArtifactId?: string | undefined;
  readonly newVersionId?: string | undefined;
  readonly at?: number | undefined;
}

/** Version selectors of `/artifacts/version` and `/artifacts/version/files` (reference §4). */
export interface ArtifactSelector {
  readonly workspaceName?: string | undefined;
  readonly artifactName?: string | undefined;
  readonly artifactId?: string | undefined;
  readonly versionId?: string | undefined;
  readonly version?: string | undefined;
  readonly alias?: string | undefined;
  readonly versionOrAlias?: string | undefined;
}

export const artifactErrors = {
  notFound: (what: string): CometError => new CometError(400, `Artifact not found: ${what}`, SdkErrorCode.noArtifactFound),
  versionNotFound: (what: string): CometError => new CometError(400, `Artifact version not found: ${what}`, SdkErrorCode.noArtifactVersionFound),
} as const;

function uniq(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}

export class CometArtifacts {
  readonly #store: CometStore;
  readonly #artifacts: ArtifactRecord[] = [];

  constructor(store: CometStore) {
    this.#store = store;
  }

  /** Artifacts of a workspace in creation order, optionally of one type. */
  artifactsIn(workspaceName: string, type?: string): ArtifactRecord[] {
    return this.#artifacts.filter((a) => a.workspaceName === workspaceName && (type === undefined || a.type === type));
  }

  byId(id: string): ArtifactRecord | undefined {
    return this.#artifacts.find((a) => a.id === id);
  }

  byName(workspaceName: string, name: string): ArtifactRecord | undefined {
    return this.#artifacts.find((a) => a.workspaceName === workspaceName && a.name === name);
  }

  versionById(id: string): { artifact: ArtifactRecord; version: ArtifactVersionRecord } | undefined {
    for (const artifact of this.#artifacts) {
      const version = artifact.versions.find((v) => v.id === id);
      if (version) return { artifact, version };
    }
    return undefined;
  }

  /** The highest semver version. */
  latest(artifact: ArtifactRecord): ArtifactVersionRecord | undefined {
    return highestSemver(artifact.versions, (v) => v.version);
  }

  /**
   * `write/artifacts/upsert`: finds the artifact (by id, or by name in the workspace; the workspace defaults to the
   * experiment's) or creates it, then adds a new OPEN version produced by the experiment. Without `version` the first
   * one is 1.0.0 and later ones bump the major version of the highest (emulator choice; see README).
   */
  upsert(input: ArtifactUpsertInput): { artifact: ArtifactRecord; version: ArtifactVersionRecord; previous: ArtifactVersionRecord | undefined } {
    const store = this.#store;
    const project = store.projectOf(input.experiment);
    let artifact: ArtifactRecord | undefined;
    if (input.artifactId !== undefined && input.artifactId !== '') {
      artifact = this.byId(input.artifactId);
      if (!artifact) throw artifactErrors.notFound(input.artifactId);
    } else {
      const name = input.artifactName ?? '';
      if (name === '') throw new CometError(400, 'artifactName is required');
      const ws = input.workspaceName !== undefined && input.workspaceName !== '' ? store.requireWorkspace(input.workspaceName).name : project.workspaceName;
      artifact = this.byName(ws, name);
      if (!artifact) {
        if (input.artifactType === undefined || input.artifactType === '') throw new CometError(400, 'artifactType is required for a new artifact');
        const inProject = input.projectName !== undefined && input.projectName !== '' ? store.projectByName(ws, input.projectName) : ws === project.workspaceName ? project : undefined;
        artifact = {
          id: input.newArtifactId ?? newHexId(),
          workspaceName: ws,
          name,
          type: input.artifactType,
          projectId: inProject?.id ?? null,
          experimentKey: input.experiment.key,
          description: '',
          isPublic: false,
          metadata: null,
          tags: [],
          emoji: null,
          owner: store.userName,
          createdAt: input.at ?? store.clock.now(),
          versions: [],
        };
        this.#artifacts.push(artifact);
      }
    }
    const previous = this.latest(artifact);
    let versionString = input.version;
    if (versionString === undefined || versionString === '') {
      versionString = previous ? `${Number(previous.version.split('.')[0]) + 1}.0.0` : '1.0.0';
    } else if (!isSemver(versionString)) {
      throw new CometError(400, `Invalid artifact version: "${versionString}" (expected a semantic version such as 1.0.0)`);
    }
    const wanted = versionString;
    if (artifact.versions.some((v) => compareSemver(v.version, wanted) === 0)) {
      throw new CometError(400, `Version ${wanted} of artifact ${artifact.name} already exists`, SdkErrorCode.artifactVersionExists);
    }
    if (input.description !== undefined) artifact.description = input.description;
    if (input.isPublic !== undefined) artifact.isPublic = input.isPublic;
    if (input.metadata !== undefined) artifact.metadata = input.metadata;
    if (input.tags !== undefined) artifact.tags = uniq(input.tags);
    if (input.emoji !== undefined) artifact.emoji = input.emoji;
    const aliases = uniq(input.aliases ?? []);
    // An alias names one version: giving it to the new version takes it from the others.
    for (const v of artifact.versions) v.aliases = v.aliases.filter((a) => !aliases.includes(a));
    const version: ArtifactVersionRecord = {
      id: input.newVersionId ?? newHexId(),
      artifactId: artifact.id,
      version: wanted,
      experimentKey: input.experiment.key,
      state: 'OPEN',
      aliases,
      tags: uniq(input.versionTags ?? []),
      metadata: input.versionMetadata ?? null,
      owner: store.userName,
      createdAt: input.at ?? store.clock.now(),
      files: [],
      consumers: [],
    };
    artifact.versions.push(version);
    return { artifact, version, previous };
  }

  /** `write/artifacts/state`: only an OPEN version changes state (CLOSED and ERROR are final). */
  setState(versionId: string, state: ArtifactVersionState): ArtifactVersionRecord {
    const found = this.versionById(versionId);
    if (!found) throw artifactErrors.versionNotFound(versionId);
    const v = found.version;
    if (v.state !== 'OPEN' && v.state !== state) {
      throw new CometError(400, `Artifact version ${versionId} is ${v.state} and cannot change state`, SdkErrorCode.artifactVersionStateImmutable);
    }
    v.state = state;
    return v;
  }

  /** Adds a file to an OPEN version (`upload-asset` with `artifactVersionId`). */
  addFile(versionId: string, file: AssetRecord, overwrite: boolean): void {
    const found = this.versionById(versionId);
    if (!found) throw artifactErrors.versionNotFound(versionId);
    const v = found.version;
    if (v.state !== 'OPEN') {
      throw new CometError(400, `Artifact version ${versionId} is ${v.state}; files can only be added while it is OPEN`, SdkErrorCode.artifactVersionStateImmutable);
    }
    const i = overwrite ? v.files.findIndex((f) => f.fileName === file.fileName) : -1;
    if (i >= 0) v.files.splice(i, 1, file);
    else v.files.push(file);
  }

  /**
   * Resolves a selector: a version id alone, or an artifact (id, or name in a workspace) plus `version`, `alias` or
   * `versionOrAlias`; no version selector means the highest version.
   */
  resolve(sel: ArtifactSelector): { artifact: ArtifactRecord; version: ArtifactVersionRecord } {
    if (sel.versionId !== undefined && sel.versionId !== '') {
      const found = this.versionById(sel.versionId);
      if (!found) throw artifactErrors.versionNotFound(sel.versionId);
      return found;
    }
    let artifact: ArtifactRecord | undefined;
    if (sel.artifactId !== undefined && sel.artifactId !== '') {
      artifact = this.byId(sel.artifactId);
      if (!artifact) throw artifactErrors.notFound(sel.artifactId);
    } else {
      if (sel.artifactName === undefined || sel.artifactName === '') throw new CometError(400, 'artifactName, artifactId or versionId is required');
      if (sel.workspaceName === undefined || sel.workspaceName === '') {
        throw new CometError(400, 'workspace is required (or experimentKey, whose workspace is used)', SdkErrorCode.nonExistingTeam);
      }
      const ws = this.#store.requireWorkspace(sel.workspaceName).name;
      artifact = this.byName(ws, sel.artifactName);
      if (!artifact) throw artifactErrors.notFound(`${ws}/${sel.artifactName}`);
    }
    const a = artifact;
    const byVersion = (s: string): ArtifactVersionRecord | undefined => (isSemver(s) ? a.versions.find((v) => compareSemver(v.version, s) === 0) : undefined);
    const byAlias = (s: string): ArtifactVersionRecord | undefined => a.versions.find((v) => v.aliases.includes(s));
    let version: ArtifactVersionRecord | undefined;
    let what: string;
    if (sel.version !== undefined && sel.version !== '') {
      what = sel.version;
      version = byVersion(sel.version);
    } else if (sel.alias !== undefined && sel.alias !== '') {
      what = sel.alias;
      version = byAlias(sel.alias);
    } else if (sel.versionOrAlias !== undefined && sel.versionOrAlias !== '') {
      what = sel.versionOrAlias;
      version = byVersion(sel.versionOrAlias) ?? byAlias(sel.versionOrAlias);
    } else {
      what = 'latest';
      version = this.latest(a);
    }
    if (!version) throw artifactErrors.versionNotFound(`${a.name}:${what}`);
    return { artifact: a, version };
  }

  /**
   * Records that an experiment used a version (`consumerExperimentKey`). Only a CLOSED version can be consumed
   * (90402 while OPEN, 90403 after an ERROR: the codes cometr reads). The producer is not its own consumer.
   */
  consume(version: ArtifactVersionRecord, consumer: ExperimentRecord): void {
    if (version.state === 'OPEN') {
      throw new CometError(400, `Artifact version ${version.id} is not closed yet`, SdkErrorCode.artifactVersionStateNotClosed);
    }
    if (version.state === 'ERROR') {
      throw new CometError(400, `Artifact version ${version.id} failed to upload (state ERROR)`, SdkErrorCode.artifactVersionStateNotClosedErrorOccurred);
    }
    if (consumer.key !== version.experimentKey && !version.consumers.includes(consumer.key)) version.consumers.push(consumer.key);
  }
}
