/**
 * Views by global id for every kind, batched per instance (one `get_all` per kind and instance, or
 * one `serving.get_endpoints`), in request order; null for absent, malformed or foreign ids.
 * Artifacts are read through their task (ClearML keeps them inside the task document).
 */
import { groupIdsByInstance } from '../shared/groupIds.js';
import { type InstanceMap, tryDecodeId } from '../shared/ids.js';
import type { EntityKind } from '../shared/model.js';
import type { ClearMLArtifactView, ClearMLModelView, ClearMLServingEndpointView, ClearMLTaskView } from './mapper/index.js';
import { mapServingEndpoint } from './mapper/index.js';
import type { ClearMLInstance, ClearMLSource } from './source.js';

/** Instance name → tracker, for decoding ids of this subgraph's instances. */
export function clearmlInstanceMap(source: ClearMLSource): InstanceMap {
  return new Map(source.instances.map((i) => [i.config.name, 'CLEARML'] as const));
}

/** The id registry's ClearML kind for a unified entity kind. */
export const CLEARML_KIND: Readonly<Record<EntityKind, string>> = { task: 'task', model: 'model', artifact: 'artifact', deployment: 'serving' };

/** One requested id: its position in the request and its decoded native parts. */
interface Wanted {
  readonly index: number;
  readonly id: string;
  readonly parts: readonly string[];
}

type Loader<V> = (inst: ClearMLInstance, wanted: readonly Wanted[]) => Promise<ReadonlyMap<string, V>>;

async function loadPerInstance<V>(source: ClearMLSource, instances: InstanceMap, ids: readonly string[], kind: string, load: Loader<V>): Promise<(V | null)[]> {
  const out: (V | null)[] = ids.map(() => null);
  await Promise.all(
    [...groupIdsByInstance(ids, instances, kind)].map(async ([name, group]) => {
      const wanted = group.map((w) => {
        const id = ids[w.index] as string;
        return { index: w.index, id, parts: tryDecodeId(id, instances)?.native ?? [w.native] };
      });
      const byId = await load(source.instance(name), wanted);
      for (const w of wanted) out[w.index] = byId.get(w.id) ?? null;
    }),
  );
  return out;
}

const first = (wanted: readonly Wanted[]) => wanted.map((w) => w.parts[0] ?? '');
const present = <T>(list: readonly (T | undefined)[]) => list.filter((x): x is T => x !== undefined);
const byId = <V extends { readonly id: string }>(views: readonly V[]) => new Map(views.map((v) => [v.id, v]));

export function loadTaskViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLTaskView | null)[]> {
  return loadPerInstance(source, instances, ids, 'task', async (inst, wanted) => byId(await inst.view(present(await inst.loadTasks(first(wanted))))));
}

export function loadModelViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLModelView | null)[]> {
  return loadPerInstance(source, instances, ids, 'model', async (inst, wanted) => byId(await inst.viewModels(present(await inst.loadModels(first(wanted))))));
}

export function loadArtifactViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLArtifactView | null)[]> {
  return loadPerInstance(source, instances, ids, 'artifact', async (inst, wanted) => byId(await inst.viewArtifacts(present(await inst.loadTasks(first(wanted))))));
}

export function loadEndpointViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLServingEndpointView | null)[]> {
  return loadPerInstance(source, instances, ids, 'serving', async (inst) => byId((await inst.loadEndpoints()).map((e) => mapServingEndpoint(e, { instance: inst.config.name }))));
}
