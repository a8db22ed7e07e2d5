/**
 * Comet's model registry (reference/comet.md §4, §5.8): `/registry-model` lists a workspace's models,
 * `/registry-model/details` one model with its versions. Both are cached in the instance's scope for
 * `REGISTRY_TTL_MS`; a model or workspace Comet does not know reads as absent.
 */
import { GraphQLError } from 'graphql';
import { errorCodeOf } from '../shared/errors.js';
import { type CometRegistryModelWire, isRegistryModelWire, isRegistryVersionWire, listOf } from './connector/index.js';
import { type CometModelVersionView, mapModelVersion } from './mapper/index.js';
import type { CometInstance } from './source.js';

/** Registry reads change only by writes (which invalidate) and by stage changes made elsewhere. */
export const REGISTRY_TTL_MS = 30_000;

/** `nonExistingTeam`: an unknown workspace (reference §6.3), a caller's mistake elsewhere, "absent" on by-id reads. */
const SDK_NON_EXISTING_TEAM = 90219;

/** True for a Comet error meaning the object (or its workspace) does not exist. */
export function isAbsent(err: unknown): boolean {
  if (errorCodeOf(err) === 'NOT_FOUND') return true;
  const sourceCode = err instanceof GraphQLError ? err.extensions['sourceCode'] : undefined;
  return typeof sourceCode === 'string' && sourceCode.endsWith(`/${SDK_NON_EXISTING_TEAM}`);
}

/** A read whose "does not exist" answer is `null` (so it can be cached). */
export async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isAbsent(err)) return null;
    throw err;
  }
}

/** The workspace's registry models (overview objects); [] for a workspace Comet does not know. */
export async function registryModels(inst: CometInstance, workspace: string): Promise<CometRegistryModelWire[]> {
  return inst.cached(`registry:${workspace}`, REGISTRY_TTL_MS, async () => {
    const body = await orNull(() => inst.connector.get('registry-model', { workspaceName: workspace }, 'read'));
    return listOf(body, 'registryModels', isRegistryModelWire);
  });
}

/** One registry model's versions, mapped and cached; null when the model does not exist. */
export async function registryVersions(inst: CometInstance, workspace: string, modelName: string): Promise<CometModelVersionView[] | null> {
  return inst.cached(`registry:${workspace}:${modelName}`, REGISTRY_TTL_MS, () => readRegistryVersions(inst, workspace, modelName));
}

/** One registry model's versions as Comet has them now (writes depend on it); null when the model does not exist. */
export async function readRegistryVersions(inst: CometInstance, workspace: string, modelName: string): Promise<CometModelVersionView[] | null> {
  const body = await orNull(() => inst.connector.get('registry-model/details', { workspaceName: workspace, modelName }, 'read'));
  if (!isRegistryModelWire(body)) return null;
  return listOf(body, 'versions', isRegistryVersionWire).map((v) => mapModelVersion(v, { instance: inst.config.name, workspace, model: body }));
}

/** Every version of every registry model in the instance's workspaces: one call per workspace and per model. */
export async function allRegistryVersions(inst: CometInstance): Promise<CometModelVersionView[]> {
  const workspaces = await inst.workspaces();
  const models = (await inst.connector.each(workspaces, async (ws) => (await registryModels(inst, ws)).map((m) => ({ ws, name: m.modelName })))).flat();
  const versions = await inst.connector.each(models, async (m) => (await registryVersions(inst, m.ws, m.name)) ?? []);
  return versions.flat();
}
