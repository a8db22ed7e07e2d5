/**
 * The artifact snapshot: the assets of the instance's experiments (`/experiment/asset/list`, one call
 * per experiment, for the newest `EXPERIMENT_READ_BUDGET` non-archived ones: PARTIAL beyond) and every
 * artifact version of its workspaces (artifacts.ts). Cached like the experiment snapshot.
 */
import { allArtifactVersions, type CometArtifactView } from './artifacts.js';
import { experimentAssets } from './experimentReads.js';
import { listedExperiments } from './modelSnapshot.js';
import type { SnapshotContent } from './snapshotSlot.js';
import type { CometInstance } from './source.js';

export type { CometArtifactView } from './artifacts.js';

export async function buildArtifactRows(inst: CometInstance): Promise<SnapshotContent<CometArtifactView>> {
  const [versions, listed] = await Promise.all([allArtifactVersions(inst), listedExperiments(inst, 'assets')]);
  const perExperiment = await inst.connector.each(listed.experiments, async (e) => (await experimentAssets(inst, e)) ?? []);
  return { rows: [...versions, ...perExperiment.flat()], partial: listed.partial, volatile: listed.volatile };
}
