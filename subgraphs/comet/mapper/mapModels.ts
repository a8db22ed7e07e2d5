/**
 * Comet's two kinds of model (reference/comet.md §4, §5.8, §5.9) → the unified model. Pure.
 * - A registry model version (`/registry-model/details` → `versions[]`) is `CometModelVersion`
 *   (`comet:model-version:<workspace>/<model>/<version>`): semver `version`, free-form `stages`.
 *   Registry models live in a workspace, not a project: `project` is null.
 * - An experiment model (`/experiment/model` → `models[]`) is `CometExperimentModel`
 *   (`comet:experiment-model:<experimentKey>/<name>`): the files an experiment logged as a model, in
 *   the experiment's project. It has no version or stages of its own (null).
 * Comet models carry no framework, tags, URI or metrics (null), and registry versions no tags.
 */
import { encodeId } from '../../shared/ids.js';
import type { ModelRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import { isAssetWire, type CometExperimentModelWire, type CometRegistryModelWire, type CometRegistryVersionWire } from '../connector/wire.js';
import { type AssetOwner, type CometAssetView, mapAsset } from './mapAsset.js';
import { mapTime } from './mapTime.js';
import { experimentLink, field, stringList, text } from './values.js';

interface CometModelBase extends ModelRow {
  readonly tags: null;
  readonly metrics: null;
  readonly raw: unknown;
  readonly experimentKey: string | null;
  readonly workspace: string | null;
}

export interface CometModelVersionView extends CometModelBase {
  readonly registryModelId: string | null;
  readonly registryModelItemId: string | null;
  readonly registryModelName: string;
  readonly comment: string | null;
  /** The experiment model this version was registered from. */
  readonly experimentModelName: string | null;
  readonly experimentModelId: string | null;
  readonly user: string | null;
  readonly lastUpdated: string | null;
  /** The version's files (asset links), as the registry lists them. */
  readonly assets: readonly CometAssetView[];
}

/** A registry version an experiment model was registered as. */
export interface RegistryRecord {
  readonly registryModelName: string;
  readonly version: string;
}

export interface CometExperimentModelView extends CometModelBase {
  readonly experimentKey: string;
  readonly experimentModelId: string | null;
  readonly registryRecords: readonly RegistryRecord[];
}

export type CometModelView = CometModelVersionView | CometExperimentModelView;

export function modelVersionId(instance: string, workspace: string, model: string, version: string): string {
  return encodeId({ instance, kind: 'model-version', native: [workspace, model, version] });
}

export function experimentModelId(instance: string, experimentKey: string, name: string): string {
  return encodeId({ instance, kind: 'experiment-model', native: [experimentKey, name] });
}

export interface MapModelVersionContext {
  readonly instance: string;
  readonly workspace: string;
  /** The registry model (overview or details) the version belongs to. */
  readonly model: CometRegistryModelWire;
}

export function mapModelVersion(v: CometRegistryVersionWire, ctx: MapModelVersionContext): CometModelVersionView {
  const name = ctx.model.modelName;
  const itemId = text(v.registryModelItemId);
  const em = v.experimentModel;
  const experimentKey = text(field(em, 'experimentKey'));
  const owner: AssetOwner | null = experimentKey ? { experimentKey, project: null, workspace: ctx.workspace } : null;
  const assets = Array.isArray(v.assets) ? v.assets.filter(isAssetWire) : [];
  return {
    __typename: 'CometModelVersion',
    id: modelVersionId(ctx.instance, ctx.workspace, name, v.version),
    origin: { source: ctx.instance, kind: 'COMET', nativeId: itemId ?? `${name}/${v.version}`, url: null },
    name,
    project: null,
    createdAt: mapTime(v.createdAt),
    version: v.version,
    framework: null,
    stages: stringList(v.stages) ?? [],
    tags: null,
    uri: null,
    metrics: null,
    raw: capRaw({ ...ctx.model, versions: undefined, version: v }),
    experimentKey,
    workspace: ctx.workspace,
    registryModelId: text(ctx.model.registryModelId),
    registryModelItemId: itemId,
    registryModelName: name,
    comment: text(v.comment),
    experimentModelName: text(field(em, 'modelName')) ?? text(field(em, 'experimentModelName')),
    experimentModelId: text(field(em, 'experimentModelId')),
    user: text(v.userName),
    lastUpdated: mapTime(v.lastUpdated),
    assets: assets.flatMap((a) => {
      const key = text(a.experimentKey) ?? owner?.experimentKey;
      return key ? [mapAsset(a, { instance: ctx.instance, owner: { experimentKey: key, project: null, workspace: ctx.workspace } })] : [];
    }),
  };
}

export interface MapExperimentModelContext {
  readonly instance: string;
  readonly webUrl?: string | undefined;
  /** The experiment that logged the model. */
  readonly owner: AssetOwner;
}

export function mapExperimentModel(m: CometExperimentModelWire, ctx: MapExperimentModelContext): CometExperimentModelView {
  const key = ctx.owner.experimentKey;
  const records = Array.isArray(m.registryRecords) ? m.registryRecords : [];
  return {
    __typename: 'CometExperimentModel',
    id: experimentModelId(ctx.instance, key, m.modelName),
    origin: {
      source: ctx.instance,
      kind: 'COMET',
      nativeId: text(m.experimentModelId) ?? `${key}/${m.modelName}`,
      url: experimentLink(ctx.webUrl, ctx.owner.workspace, ctx.owner.project, key),
    },
    name: m.modelName,
    project: ctx.owner.project,
    createdAt: mapTime(m.createdAt),
    version: null,
    framework: null,
    stages: null,
    tags: null,
    uri: null,
    metrics: null,
    raw: capRaw(m),
    experimentKey: key,
    workspace: ctx.owner.workspace,
    experimentModelId: text(m.experimentModelId),
    registryRecords: records.flatMap((r) => {
      const registryModelName = text(field(r, 'registryModelName'));
      const version = text(field(r, 'version'));
      return registryModelName && version ? [{ registryModelName, version }] : [];
    }),
  };
}
