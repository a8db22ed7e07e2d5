/**
 * A Comet artifact version (reference/comet.md §3.4, §4 `/artifacts/*`, §5.9) → the unified artifact.
 * Pure. The version arrives either inside an artifact item (`/artifacts/get-all`, `/artifacts/get`:
 * the artifact's fields plus `versions[]`) or as `/artifacts/version` (the version's fields plus
 * `artifact`); the mapper takes the two objects apart. The producer is the version's `experimentKey`,
 * else the artifact's (§5.9); consumers are `consumerExperimentKeys` where the server lists them (the
 * emulator does; no client DTO reads it), else none. Comet keeps no content hash and no single URI.
 */
import { encodeId } from '../../shared/ids.js';
import type { ArtifactRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import { mapTime } from './mapTime.js';
import { field, jsonValue, safeInt, stringList, text } from './values.js';

export interface CometArtifactVersionView extends ArtifactRow {
  readonly raw: unknown;
  readonly workspace: string;
  readonly artifactId: string | null;
  readonly artifactVersionId: string | null;
  readonly artifactName: string;
  readonly version: string;
  readonly aliases: readonly string[];
  /** The version's tags. */
  readonly tags: readonly string[];
  /** The artifact's own tags (every version shares them): stitching links. */
  readonly artifactTags: readonly string[];
  /** The producing experiment. */
  readonly experimentKey: string | null;
  readonly state: string | null;
  readonly owner: string | null;
  readonly metadata: unknown;
  /** Keys of the experiments that used the version. */
  readonly consumers: readonly string[];
}

export interface MapArtifactVersionContext {
  readonly instance: string;
  readonly workspace: string;
  /** Project names by id (Comet names an artifact's project only by id). */
  readonly projectNames: ReadonlyMap<string, string>;
}

export function artifactVersionId(instance: string, workspace: string, name: string, version: string): string {
  return encodeId({ instance, kind: 'artifact-version', native: [workspace, name, version] });
}

/** The version's semver string (`artifactVersion`, or `version` in older shapes). */
export function versionOf(v: unknown): string | null {
  return text(field(v, 'artifactVersion')) ?? text(field(v, 'version'));
}

/** null when the artifact has no name or the version no version string. */
export function mapArtifactVersion(artifact: unknown, v: unknown, ctx: MapArtifactVersionContext): CometArtifactVersionView | null {
  const name = text(field(artifact, 'artifactName')) ?? text(field(artifact, 'name'));
  const version = versionOf(v);
  if (!name || !version) return null;
  const projectId = text(field(artifact, 'projectId'));
  const versionId = text(field(v, 'artifactVersionId'));
  const size = safeInt(field(v, 'sizeInBytes'));
  const { versions: _versions, ...artifactFields } = (typeof artifact === 'object' && artifact !== null ? artifact : {}) as Record<string, unknown>;
  return {
    __typename: 'CometArtifactVersion',
    id: artifactVersionId(ctx.instance, ctx.workspace, name, version),
    origin: { source: ctx.instance, kind: 'COMET', nativeId: versionId ?? `${name}:${version}`, url: null },
    name,
    project: projectId ? (ctx.projectNames.get(projectId) ?? null) : null,
    createdAt: mapTime(field(v, 'added')),
    type: text(field(artifact, 'artifactType')) ?? text(field(artifact, 'type')),
    uri: null,
    hash: null,
    size: size !== null && size >= 0 ? size : null,
    raw: capRaw({ ...(typeof v === 'object' && v !== null ? v : {}), artifact: artifactFields }),
    workspace: ctx.workspace,
    artifactId: text(field(artifact, 'artifactId')),
    artifactVersionId: versionId,
    artifactName: name,
    version,
    aliases: stringList(field(v, 'alias')) ?? [],
    tags: stringList(field(v, 'tags')) ?? [],
    artifactTags: stringList(field(artifact, 'tags')) ?? [],
    experimentKey: text(field(v, 'experimentKey')) ?? text(field(artifact, 'experimentKey')),
    state: text(field(v, 'state')),
    owner: text(field(v, 'owner')) ?? text(field(artifact, 'owner')),
    metadata: jsonValue(field(v, 'metadata')),
    consumers: stringList(field(v, 'consumerExperimentKeys')) ?? [],
  };
}
