/**
 * Experiments by global id, batched per instance, in request order; null for absent, malformed or
 * foreign ids (the catalog answers NOT_FOUND itself). `withDetails` also loads tags, parameters,
 * metric summaries and log-other values, for the contract's `details` call.
 */
import { groupIdsByInstance } from '../shared/groupIds.js';
import type { InstanceMap } from '../shared/ids.js';
import { type CometExperimentView, withDetails } from './mapper/index.js';
import type { CometSource } from './source.js';

export interface LoadTaskViewsOptions {
  /** Also load the per-experiment details. @default false */
  readonly withDetails?: boolean;
}

export async function loadTaskViews(source: CometSource, instances: InstanceMap, ids: readonly string[], options: LoadTaskViewsOptions = {}): Promise<(CometExperimentView | null)[]> {
  const byInstance = groupIdsByInstance(ids, instances, 'experiment');
  const out: (CometExperimentView | null)[] = ids.map(() => null);
  await Promise.all(
    [...byInstance].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      const views = await inst.loadExperiments(wanted.map((w) => w.native));
      let present = views.filter((v): v is CometExperimentView => v !== undefined);
      if (options.withDetails) {
        const details = await inst.loadDetails(present);
        // An experiment deleted between the two reads is absent, like one never found.
        present = present.flatMap((v, i) => {
          const d = details[i];
          return d ? [withDetails(v, d)] : [];
        });
      }
      const byKey = new Map(present.map((v) => [v.experimentKey, v]));
      for (const w of wanted) out[w.index] = byKey.get(w.native) ?? null;
    }),
  );
  return out;
}
