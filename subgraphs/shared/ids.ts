/**
 * Global ids: `<instance>:<kind>:<native>` (DESIGN §3, docs/ids.md). `native` is the tuple of fields a
 * source needs to fetch the object, each percent-encoded and joined by `/`, so names containing
 * `:`, `/`, `%`, spaces or non-ASCII round-trip exactly.
 */
import { switchyardError } from './errors.js';

export type TrackerKind = 'CLEARML' | 'COMET' | 'CMF' | 'MLCONNECTOR';

export interface KindSpec {
  /** The unified interface the kind implements. */
  readonly entity: 'Task' | 'Model' | 'Artifact' | 'Deployment' | 'Node';
  /** The concrete GraphQL type. */
  readonly typename: string;
  /** Names of the native tuple's parts, in order. */
  readonly parts: readonly string[];
  /** Where this kind exists only in a fidelity other than `real`. */
  readonly note?: string;
}

/** The closed kind registry per tracker. docs/ids.md lists the same table (a test keeps them together). */
export const KIND_REGISTRY: Readonly<Record<TrackerKind, Readonly<Record<string, KindSpec>>>> = {
  CLEARML: {
    task: { entity: 'Task', typename: 'ClearMLTask', parts: ['taskId'] },
    model: { entity: 'Model', typename: 'ClearMLModel', parts: ['modelId'] },
    artifact: { entity: 'Artifact', typename: 'ClearMLArtifact', parts: ['taskId', 'key', 'mode'] },
    serving: { entity: 'Deployment', typename: 'ClearMLServingEndpoint', parts: ['endpoint'] },
  },
  COMET: {
    experiment: { entity: 'Task', typename: 'CometExperiment', parts: ['experimentKey'] },
    'model-version': { entity: 'Model', typename: 'CometModelVersion', parts: ['workspace', 'model', 'version'] },
    'experiment-model': { entity: 'Model', typename: 'CometExperimentModel', parts: ['experimentKey', 'name'] },
    asset: { entity: 'Artifact', typename: 'CometAsset', parts: ['experimentKey', 'assetId'] },
    'artifact-version': { entity: 'Artifact', typename: 'CometArtifactVersion', parts: ['workspace', 'name', 'version'] },
  },
  CMF: {
    execution: { entity: 'Task', typename: 'CmfExecution', parts: ['pipeline', 'executionUuid'] },
    artifact: { entity: 'Artifact', typename: 'CmfArtifact', parts: ['pipeline', 'name'] },
    /** A Model-type MLMD artifact (ADR 0008): same native tuple, its own kind so the id says it is a model. */
    model: { entity: 'Model', typename: 'CmfModel', parts: ['pipeline', 'name'] },
  },
  MLCONNECTOR: {
    model: { entity: 'Model', typename: 'MLConnectorModel', parts: ['modelId'] },
    deployment: { entity: 'Deployment', typename: 'MLConnectorDeployment', parts: ['deploymentId'] },
    file: { entity: 'Artifact', typename: 'MLConnectorFile', parts: ['modelId', 'fileKind'] },
    operation: { entity: 'Node', typename: 'MLConnectorOperation', parts: ['operationId'] },
    training: { entity: 'Task', typename: 'MLConnectorTraining', parts: ['trainingId'], note: 'documented fidelity only' },
  },
};

export const INSTANCE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export interface GlobalId {
  readonly instance: string;
  readonly kind: string;
  /** Decoded native parts, in the kind's order. */
  readonly native: readonly string[];
}

export interface DecodedId extends GlobalId {
  readonly tracker: TrackerKind;
  readonly spec: KindSpec;
}

/** Maps instance names to the tracker they are an instance of (from config). */
export type InstanceMap = ReadonlyMap<string, TrackerKind>;

export function encodeId(id: GlobalId): string {
  return `${id.instance}:${id.kind}:${id.native.map(encodeURIComponent).join('/')}`;
}

/**
 * Decode and validate an id against the configured instances. Anything malformed, an unknown
 * instance or kind, or the wrong number of native parts is the caller's mistake: BAD_USER_INPUT.
 */
export function decodeId(raw: string, instances: InstanceMap): DecodedId {
  const bad = (why: string) => switchyardError('BAD_USER_INPUT', `Invalid id "${truncate(raw)}": ${why}.`, { id: truncate(raw) });
  const first = raw.indexOf(':');
  const second = first < 0 ? -1 : raw.indexOf(':', first + 1);
  if (first < 0 || second < 0) throw bad('expected <source>:<kind>:<native>');
  const instance = raw.slice(0, first);
  const kind = raw.slice(first + 1, second);
  const nativeRaw = raw.slice(second + 1);
  if (!INSTANCE_PATTERN.test(instance)) throw bad('malformed source name');
  const tracker = instances.get(instance);
  if (!tracker) throw bad(`unknown source "${instance}"`);
  const spec = KIND_REGISTRY[tracker][kind];
  if (!spec) throw bad(`unknown kind "${kind}" for ${tracker.toLowerCase()} sources`);
  const pieces = nativeRaw.split('/');
  if (pieces.length !== spec.parts.length) throw bad(`kind "${kind}" takes ${spec.parts.length} native part(s)`);
  const native: string[] = [];
  for (const piece of pieces) {
    if (piece === '') throw bad('empty native part');
    let decoded: string;
    try {
      decoded = decodeURIComponent(piece);
    } catch {
      throw bad('bad percent-encoding');
    }
    // Only the canonical encoding is accepted, so one object has exactly one id.
    if (encodeURIComponent(decoded) !== piece) throw bad('non-canonical encoding');
    native.push(decoded);
  }
  return { instance, kind, native, tracker, spec };
}

/** Decode without throwing: undefined for anything `decodeId` rejects. */
export function tryDecodeId(raw: string, instances: InstanceMap): DecodedId | undefined {
  try {
    return decodeId(raw, instances);
  } catch {
    return undefined;
  }
}

function truncate(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}
