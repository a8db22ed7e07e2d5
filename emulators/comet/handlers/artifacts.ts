/**
 * Artifact endpoints (reference §3.4, §4): `write/artifacts/upsert` (new version, produced by `experimentKey`),
 * `write/artifacts/state` (OPEN → CLOSED | ERROR), `artifacts/version` (details; `consumerExperimentKey` records the
 * consumer), `artifacts/version/files`, and the listings `artifacts/get-all` and `artifacts/get`. Errors are 400 with
 * the artifact codes (624522, 624523, 90399, 90401, 90402, 90403, 90410): the status the Java SDK parses for them.
 */
import { json } from '../../shared/index.js';
import type { RouteHandler, RouteRequest } from '../context.js';
import { ARTIFACT_VERSION_STATES, artifactErrors, type ArtifactSelector, type ArtifactVersionState } from '../artifacts.js';
import { CometError, cometErrors, SdkErrorCode } from '../errors.js';
import type { Input } from '../input.js';
import { artifactFileView, artifactListItem, artifactVersionView } from '../views.js';

/** A JSON-encoded string field; an object is accepted and encoded (R sends a string, some callers an object). */
function jsonString(input: Input, name: string): string | undefined {
  const v = input.raw(name);
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `POST /write/artifacts/upsert` → `{artifactId, artifactVersionId, previousVersion, currentVersion}`. */
export const upsertArtifact: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const experiment = store.requireExperiment(input.string('experimentKey'), 'write');
  store.touch(experiment);
  const { artifact, version, previous } = store.artifacts.upsert({
    experiment,
    artifactId: input.string('artifactId'),
    artifactName: input.string('artifactName'),
    artifactType: input.string('artifactType'),
    workspaceName: input.string('workspaceName'),
    projectName: input.string('projectName'),
    version: input.string('version'),
    aliases: input.stringArray('alias'),
    versionTags: input.stringArray('versionTags'),
    versionMetadata: jsonString(input, 'versionMetadata'),
    description: input.string('description'),
    isPublic: input.boolean('isPublic'),
    metadata: jsonString(input, 'metadata'),
    tags: input.stringArray('tags'),
    emoji: input.string('emoji'),
  });
  return json(200, {
    artifactId: artifact.id,
    artifactVersionId: version.id,
    previousVersion: previous?.version ?? null,
    currentVersion: version.version,
  });
};

/** `OPEN`, `CLOSED`, `ERROR` or their ordinals 0 / 1 / 2 (Java enum). */
function stateOf(input: Input): ArtifactVersionState {
  const raw = input.raw('state');
  if (raw === undefined) throw cometErrors.missingField('state');
  const s = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw)) ? ARTIFACT_VERSION_STATES[Number(raw)] : ARTIFACT_VERSION_STATES.find((x) => x === String(raw).toUpperCase());
  if (s === undefined) {
    throw new CometError(400, `Invalid artifact version state: ${JSON.stringify(raw)} (expected OPEN, CLOSED or ERROR)`, SdkErrorCode.artifactVersionStateInvalid);
  }
  return s;
}

/** `POST /write/artifacts/state`: answers 200 with an empty body (reference §3.4). */
export const setArtifactVersionState: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const experiment = store.requireExperiment(input.string('experimentKey'), 'write');
  const versionId = input.requiredString('artifactVersionId');
  const state = stateOf(input);
  store.artifacts.setState(versionId, state);
  store.touch(experiment);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: '' };
};

/**
 * The version a read selects (reference §4 selectors). The workspace is `workspace` (or `workspaceName`), else the
 * workspace of `experimentKey`; `project` is accepted and ignored (names are unique per workspace).
 */
function selected(r: RouteRequest) {
  const input = r.input();
  const store = r.ctx.store;
  let workspaceName = input.string('workspace') ?? input.string('workspaceName');
  const hint = input.string('experimentKey');
  if ((workspaceName === undefined || workspaceName === '') && hint !== undefined && hint !== '') {
    workspaceName = store.projectOf(store.requireExperiment(hint, 'write')).workspaceName;
  }
  const sel: ArtifactSelector = {
    workspaceName,
    artifactName: input.string('artifactName'),
    artifactId: input.string('artifactId'),
    versionId: input.string('versionId'),
    version: input.string('version'),
    alias: input.string('alias'),
    versionOrAlias: input.string('versionOrAlias'),
  };
  return store.artifacts.resolve(sel);
}

/** `GET /artifacts/version`: version details; with `consumerExperimentKey`, that experiment becomes a consumer. */
export const artifactVersion: RouteHandler = (r) => {
  const { artifact, version } = selected(r);
  const consumerKey = r.input().string('consumerExperimentKey');
  if (consumerKey !== undefined && consumerKey !== '') {
    const consumer = r.ctx.store.requireExperiment(consumerKey, 'write');
    r.ctx.store.artifacts.consume(version, consumer);
    r.ctx.store.touch(consumer);
  }
  return json(200, artifactVersionView(r.ctx.store, artifact, version));
};

/** `GET /artifacts/version/files` → `{files: [...]}`. */
export const artifactVersionFiles: RouteHandler = (r) => {
  const { version } = selected(r);
  return json(200, { files: version.files.map((f) => artifactFileView(version, f, r.origin)) });
};

/** `GET /artifacts/get-all?workspace[&type]` → `{artifacts: [...]}` (emulator shape, README). */
export const allArtifacts: RouteHandler = (r) => {
  const input = r.input();
  const ws = r.ctx.store.requireWorkspace(input.string('workspace') ?? input.string('workspaceName'));
  const type = input.string('type');
  const list = r.ctx.store.artifacts.artifactsIn(ws.name, type === '' ? undefined : type);
  return json(200, { artifacts: list.map((a) => artifactListItem(r.ctx.store, a)) });
};

/** `GET /artifacts/get?artifact_id=` (or `artifactId`, or `workspace` + `artifactName`) → one artifact item. */
export const getArtifact: RouteHandler = (r) => {
  const input = r.input();
  const store = r.ctx.store;
  const id = input.string('artifact_id') ?? input.string('artifactId');
  if (id !== undefined && id !== '') {
    const a = store.artifacts.byId(id);
    if (!a) throw artifactErrors.notFound(id);
    return json(200, artifactListItem(store, a));
  }
  const ws = store.requireWorkspace(input.string('workspace') ?? input.string('workspaceName'));
  const name = input.requiredString('artifactName');
  const a = store.artifacts.byName(ws.name, name);
  if (!a) throw artifactErrors.notFound(`${ws.name}/${name}`);
  return json(200, artifactListItem(store, a));
};
