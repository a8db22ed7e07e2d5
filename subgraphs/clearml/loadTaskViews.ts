/** Tasks by global id, batched per instance (one get_all each), in request order; null for absent or foreign ids. */
import { groupIdsByInstance } from '../shared/groupIds.js';
import type { InstanceMap } from '../shared/ids.js';
import type { ClearMLTaskView } from './mapper/index.js';
import type { ClearMLSource } from './source.js';

export async function loadTaskViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLTaskView | null)[]> {
  const byInstance = groupIdsByInstance(ids, instances, 'task');
  const out: (ClearMLTaskView | null)[] = ids.map(() => null);
  await Promise.all(
    [...byInstance].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      const tasks = await inst.loadTasks(wanted.map((w) => w.native));
      const present = tasks.filter((t) => t !== undefined);
      const views = await inst.view(present);
      const byNative = new Map(views.map((v) => [v.origin.nativeId, v]));
      for (const w of wanted) out[w.index] = byNative.get(w.native) ?? null;
    }),
  );
  return out;
}
