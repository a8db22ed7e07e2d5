/**
 * One entry of a task's `execution.artifacts` → the unified artifact. Pure. ClearML artifacts have no
 * id of their own: `clearml:artifact:<task>/<key>/<mode>` names one (a task holds one artifact per key
 * and mode). The SDK stores the file's bare SHA-256 hex digest as `hash`; the unified hash names its
 * algorithm (`sha256:<hex>`), and a value that already carries a prefix is kept as written.
 */
import { encodeId } from '../../shared/ids.js';
import type { ArtifactRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { ClearMLArtifactWire } from '../connector/wire.js';
import { clearmlOrigin } from './origin.js';

export interface MapArtifactContext {
  readonly instance: string;
  readonly taskId: string;
  readonly projectId: string | null;
  readonly projectName: string | null;
  readonly webUrl?: string | undefined;
}

export type ArtifactMode = 'input' | 'output';

export interface ClearMLArtifactView extends ArtifactRow {
  readonly raw: unknown;
  readonly key: string;
  /** `INPUT` or `OUTPUT`. */
  readonly mode: string;
  readonly taskId: string;
  readonly contentType: string | null;
  readonly preview: string | null;
  readonly displayData: unknown;
  readonly hashAlgorithm: string | null;
  /** `type_data.data_hash`: the SDK's hash of the object before serialisation. */
  readonly dataHash: string | null;
}

/** ClearML's default mode is `output`. */
export function artifactMode(mode: unknown): ArtifactMode {
  return mode === 'input' ? 'input' : 'output';
}

export function artifactId(instance: string, taskId: string, key: string, mode: ArtifactMode): string {
  return encodeId({ instance, kind: 'artifact', native: [taskId, key, mode] });
}

export function mapArtifact(artifact: ClearMLArtifactWire, ctx: MapArtifactContext): ClearMLArtifactView {
  const mode = artifactMode(artifact.mode);
  const hash = normaliseHash(artifact.hash);
  return {
    __typename: 'ClearMLArtifact',
    id: artifactId(ctx.instance, ctx.taskId, artifact.key, mode),
    origin: clearmlOrigin(ctx.instance, `${ctx.taskId}/${artifact.key}/${mode}`, ctx.webUrl, ctx.projectId && `projects/${ctx.projectId}/experiments/${ctx.taskId}/artifacts`),
    name: artifact.key,
    project: ctx.projectName,
    createdAt: typeof artifact.timestamp === 'number' && Number.isFinite(artifact.timestamp) ? new Date(artifact.timestamp * 1000).toISOString() : null,
    type: artifact.type ?? null,
    uri: artifact.uri || null,
    hash,
    size: typeof artifact.content_size === 'number' ? artifact.content_size : null,
    raw: capRaw(artifact),
    key: artifact.key,
    mode: mode.toUpperCase(),
    taskId: ctx.taskId,
    contentType: artifact.type_data?.content_type ?? null,
    preview: artifact.type_data?.preview ?? null,
    displayData: artifact.display_data ?? null,
    hashAlgorithm: hash ? hash.slice(0, hash.indexOf(':')) : null,
    dataHash: artifact.type_data?.data_hash ?? null,
  };
}

/** `<algo>:<hex>`: a bare hex digest is the SDK's SHA-256; anything else unprefixed cannot be compared. */
export function normaliseHash(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const prefixed = /^([a-z0-9-]+):([0-9a-f]+)$/i.exec(value);
  if (prefixed) return `${(prefixed[1] as string).toLowerCase()}:${(prefixed[2] as string).toLowerCase()}`;
  return /^[0-9a-f]+$/i.test(value) ? `sha256:${value.toLowerCase()}` : null;
}
