/**
 * The model snapshot: every registry model version of the instance's workspaces (registry.ts) and the
 * experiment models of its experiments (`/experiment/model`, one call per experiment). Experiment
 * models are read for the newest `EXPERIMENT_READ_BUDGET` non-archived experiments of the experiment
 * snapshot; beyond that every page says so (PARTIAL). Cached like the experiment snapshot (30 s, 10 s
 * while one of the experiments read is running).
 */
import { experimentModels } from './experimentReads.js';
import type { CometExperimentView, CometModelView } from './mapper/index.js';
import { allRegistryVersions } from './registry.js';
import type { SnapshotContent } from './snapshotSlot.js';
import type { CometInstance } from './source.js';

/** Most experiments whose models (and, for artifacts, assets) one snapshot reads: one call each. */
export const EXPERIMENT_READ_BUDGET = 1_000;

export interface ListedExperiments {
  readonly experiments: readonly CometExperimentView[];
  readonly partial?: string;
  readonly volatile: boolean;
}

/** The non-archived experiments, newest first, up to the budget. */
export async function listedExperiments(inst: CometInstance, what: string): Promise<ListedExperiments> {
  const live = (await inst.snapshot()).sorted('CREATED_AT_DESC').filter((e) => e.archived !== true);
  const experiments = live.slice(0, EXPERIMENT_READ_BUDGET);
  return {
    experiments,
    volatile: experiments.some((e) => e.running === true),
    ...(live.length > experiments.length ? { partial: `${what} are read from the newest ${EXPERIMENT_READ_BUDGET} experiments only` } : {}),
  };
}

export async function buildModelRows(inst: CometInstance): Promise<SnapshotContent<CometModelView>> {
  const [versions, listed] = await Promise.all([allRegistryVersions(inst), listedExperiments(inst, 'experiment models')]);
  const perExperiment = await inst.connector.each(listed.experiments, async (e) => (await experimentModels(inst, e)) ?? []);
  return { rows: [...versions, ...perExperiment.flat()], partial: listed.partial, volatile: listed.volatile };
}
