/**
 * Per-experiment reads of what an experiment logged besides metrics: its models (`/experiment/model`),
 * its assets (`/experiment/asset/list`), a model's files (`/experiment/model/asset/list`), system
 * details, git metadata and output. Each is one call per experiment, cached per experiment through
 * `CometInstance.experimentRead` (2 s while it runs, 60 s otherwise); undefined when the experiment is gone.
 */
import { type CometQuery, isAssetWire, isExperimentModelWire, listOf } from './connector/index.js';
import {
  type AssetOwner,
  type CometAssetView,
  type CometExperimentModelView,
  type CometExperimentView,
  type CometGitMetadata,
  mapAsset,
  mapExperimentModel,
  mapGitMetadata,
  mapSystemDetails,
  outputTail,
} from './mapper/index.js';
import type { CometInstance } from './source.js';

export function ownerOf(e: CometExperimentView): AssetOwner {
  return { experimentKey: e.experimentKey, project: e.project, workspace: e.workspace };
}

async function read<T>(inst: CometInstance, path: string, e: CometExperimentView, map: (body: unknown) => T, query: CometQuery = {}): Promise<T | undefined> {
  const body = await inst.experimentRead(path, e, query);
  return body === undefined ? undefined : map(body);
}

export function experimentModels(inst: CometInstance, e: CometExperimentView): Promise<CometExperimentModelView[] | undefined> {
  const ctx = { instance: inst.config.name, webUrl: inst.config.webUrl, owner: ownerOf(e) };
  return read(inst, 'experiment/model', e, (body) => listOf(body, 'models', isExperimentModelWire).map((m) => mapExperimentModel(m, ctx)));
}

export function experimentAssets(inst: CometInstance, e: CometExperimentView): Promise<CometAssetView[] | undefined> {
  const ctx = { instance: inst.config.name, webUrl: inst.config.webUrl, owner: ownerOf(e) };
  return read(inst, 'experiment/asset/list', e, (body) => listOf(body, 'assets', isAssetWire).map((a) => mapAsset(a, ctx)));
}

export function modelAssets(inst: CometInstance, e: CometExperimentView, modelName: string): Promise<CometAssetView[] | undefined> {
  const ctx = { instance: inst.config.name, webUrl: inst.config.webUrl, owner: ownerOf(e) };
  return read(inst, 'experiment/model/asset/list', e, (body) => listOf(body, 'assets', isAssetWire).map((a) => mapAsset(a, ctx)), { modelName });
}

export function systemDetails(inst: CometInstance, e: CometExperimentView): Promise<unknown> {
  return read(inst, 'experiment/system-details', e, mapSystemDetails);
}

export function gitMetadata(inst: CometInstance, e: CometExperimentView): Promise<CometGitMetadata | null | undefined> {
  return read(inst, 'experiment/git/metadata', e, mapGitMetadata);
}

export function output(inst: CometInstance, e: CometExperimentView, lines: number): Promise<string[] | undefined> {
  return read(inst, 'experiment/output', e, (body) => outputTail(body, lines));
}
