/** Tasks by global id, batched per instance (one get_all each), in request order; null for absent or foreign ids. */
import { type InstanceMap, tryDecodeId } from '../shared/ids.js';
import type { ClearMLTaskView } from './mapper/index.js';
import type { ClearMLSource } from './source.js';

export async function loadTaskViews(source: ClearMLSource, instances: InstanceMap, ids: readonly string[]): Promise<(ClearMLTaskView | null)[]> {
  const byInstance = new Map<string, { index: number; native: string }[]>();
  ids.forEach((id, index) => {
    const decoded = tryDecodeId(id, instances);
    if (!decoded || decoded.kind !== 'task') return;
    const list = byInstance.get(decoded.instance) ?? [];
    list.push({ index, native: decoded.native[0] ?? '' });
    byInstance.set(decoded.instance, list);
  });
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
