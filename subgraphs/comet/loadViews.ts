/**
 * Models and artifacts by global id, batched per instance, in request order; null for absent,
 * malformed or foreign ids (the catalog answers NOT_FOUND itself). A cached snapshot answers first
 * (a by-id read never builds one); the rest are read with one call per distinct experiment
 * (`/experiment/model`, `/experiment/asset/list`), per registry model (`/registry-model/details`) or
 * per artifact version (`/artifacts/version`), all cached and bounded to eight in flight.
 */
import type { InstanceMap } from '../shared/ids.js';
import { type CometArtifactView, artifactVersion } from './artifacts.js';
import { decodeOwnIds, groupBy, type OwnId } from './decodeIds.js';
import { experimentAssets, experimentModels } from './experimentReads.js';
import type { CometExperimentView, CometModelView } from './mapper/index.js';
import { registryVersions } from './registry.js';
import type { CometInstance, CometSource } from './source.js';

export const MODEL_KINDS = ['model-version', 'experiment-model'] as const;
export const ARTIFACT_KINDS = ['asset', 'artifact-version'] as const;

type Reader<V> = (inst: CometInstance, missing: readonly OwnId[]) => Promise<readonly V[]>;
/** A snapshot slot, as far as a by-id read uses it. */
interface CachedRows<V> {
  cached(): Promise<{ get(id: string): V | undefined } | undefined>;
}

async function loadPerInstance<V extends { readonly id: string }>(
  source: CometSource,
  instances: InstanceMap,
  ids: readonly string[],
  kinds: readonly string[],
  slot: (inst: CometInstance) => CachedRows<V>,
  read: Reader<V>,
): Promise<(V | null)[]> {
  const out: (V | null)[] = ids.map(() => null);
  await Promise.all(
    [...decodeOwnIds(ids, instances, kinds)].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      const snap = await slot(inst).cached();
      const found = new Map<string, V>();
      for (const w of wanted) {
        const row = snap?.get(w.id);
        if (row) found.set(w.id, row);
      }
      const missing = wanted.filter((w) => !found.has(w.id));
      if (missing.length > 0) for (const v of await read(inst, missing)) found.set(v.id, v);
      for (const w of wanted) out[w.index] = found.get(w.id) ?? null;
    }),
  );
  return out;
}

/** What the experiments named by the ids' first part hold (their models or assets): one read per experiment. */
export async function childrenOf<V>(inst: CometInstance, keys: readonly string[], read: (inst: CometInstance, e: CometExperimentView) => Promise<V[] | undefined>): Promise<V[]> {
  const experiments = (await inst.loadExperiments([...new Set(keys)])).filter((e): e is CometExperimentView => e !== undefined);
  return (await inst.connector.each(experiments, async (e) => (await read(inst, e)) ?? [])).flat();
}

const firstParts = (wanted: readonly OwnId[]) => wanted.map((w) => w.parts[0] ?? '');

export function loadModelViews(source: CometSource, instances: InstanceMap, ids: readonly string[]): Promise<(CometModelView | null)[]> {
  return loadPerInstance<CometModelView>(source, instances, ids, MODEL_KINDS, (inst) => inst.models, async (inst, missing) => {
    const [experimentModelViews, versions] = await Promise.all([
      childrenOf(inst, firstParts(missing.filter((w) => w.kind === 'experiment-model')), experimentModels),
      registryModelsOf(inst, missing.filter((w) => w.kind === 'model-version')),
    ]);
    return [...experimentModelViews, ...versions];
  });
}

/** The versions of the registry models the ids name: one details read per distinct model. */
async function registryModelsOf(inst: CometInstance, wanted: readonly OwnId[]): Promise<CometModelView[]> {
  const models = [...groupBy(wanted, (w) => JSON.stringify([w.parts[0], w.parts[1]])).values()].map((g) => g[0] as OwnId);
  const versions = await inst.connector.each(models, async (w) => (await registryVersions(inst, w.parts[0] ?? '', w.parts[1] ?? '')) ?? []);
  return versions.flat();
}

export function loadArtifactViews(source: CometSource, instances: InstanceMap, ids: readonly string[]): Promise<(CometArtifactView | null)[]> {
  return loadPerInstance<CometArtifactView>(source, instances, ids, ARTIFACT_KINDS, (inst) => inst.artifacts, async (inst, missing) => {
    const versionIds = missing.filter((w) => w.kind === 'artifact-version');
    const [assets, versions] = await Promise.all([
      childrenOf(inst, firstParts(missing.filter((w) => w.kind === 'asset')), experimentAssets),
      inst.connector.each(versionIds, (w) => artifactVersion(inst, w.parts[0] ?? '', w.parts[1] ?? '', w.parts[2] ?? '')),
    ]);
    return [...assets, ...versions.filter((v) => v !== null)];
  });
}
