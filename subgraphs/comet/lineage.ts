/**
 * Comet's native lineage edges (the source contract's `edges`), all with evidence `native`, from
 * upstream to downstream:
 * - OUTPUT_OF experiment → experiment model (`/experiment/model`) and experiment → asset (`/experiment/asset/list`);
 * - VERSION_OF experiment model → registry version (the model's `registryRecords`; the version's `experimentModel`),
 *   and OUTPUT_OF experiment → registry version directly, so a version's `producedBy` is the run that made it
 *   (DESIGN §4: "experiment → registry version");
 * - OUTPUT_OF producer experiment → artifact version, INPUT_OF artifact version → consumer experiment.
 * UPSTREAM returns the edges whose `to` is one of the ids, DOWNSTREAM those whose `from` is, BOTH either.
 * Reads are the cached per-experiment, registry and artifact reads the by-id path uses; an experiment's
 * artifact edges come from the instance's artifact versions (artifacts.ts), read once per call.
 */
import type { InstanceMap } from '../shared/ids.js';
import { encodeId } from '../shared/ids.js';
import type { LineageEdgeValue, LineageRelation } from '../shared/model.js';
import type { EdgesRequest } from '../shared/sourceContract.js';
import { allArtifactVersions, artifactVersion } from './artifacts.js';
import { decodeOwnIds, type OwnId } from './decodeIds.js';
import { experimentAssets, experimentModels } from './experimentReads.js';
import { type CometExperimentView, experimentModelId, modelVersionId } from './mapper/index.js';
import { registryVersions } from './registry.js';
import type { CometInstance, CometSource } from './source.js';

const KINDS = ['experiment', 'experiment-model', 'model-version', 'asset', 'artifact-version'];

class Edges {
  readonly #edges = new Map<string, LineageEdgeValue>();
  add(from: string, to: string, relation: LineageRelation): void {
    this.#edges.set(`${from} ${to} ${relation}`, { from, to, relation, evidence: 'native' });
  }
  get values(): LineageEdgeValue[] {
    return [...this.#edges.values()];
  }
}

export async function loadEdges(source: CometSource, instances: InstanceMap, req: EdgesRequest): Promise<LineageEdgeValue[]> {
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  const groups = [...decodeOwnIds([...new Set(req.ids)], instances, KINDS)];
  const all = await Promise.all(groups.map(([name, wanted]) => edgesOf(source.instance(name), wanted, up, down)));
  return all.flat();
}

async function edgesOf(inst: CometInstance, wanted: readonly OwnId[], up: boolean, down: boolean): Promise<LineageEdgeValue[]> {
  const e = new Edges();
  const experimentId = (key: string) => encodeId({ instance: inst.config.name, kind: 'experiment', native: [key] });
  const of = (kind: string) => wanted.filter((w) => w.kind === kind);
  const keys = [...new Set(wanted.filter((w) => w.kind === 'experiment' || w.kind === 'experiment-model' || w.kind === 'asset').map((w) => w.parts[0] ?? ''))];
  const experiments = new Map((await inst.loadExperiments(keys)).filter((x): x is CometExperimentView => x !== undefined).map((x) => [x.experimentKey, x]));
  const experimentOf = (w: OwnId) => experiments.get(w.parts[0] ?? '');

  await Promise.all([
    // An experiment's outputs (downstream): its models and assets.
    inst.connector.each(down ? of('experiment') : [], async (w) => {
      const x = experimentOf(w);
      if (!x) return;
      const [models, assets] = await Promise.all([experimentModels(inst, x), experimentAssets(inst, x)]);
      for (const m of [...(models ?? []), ...(assets ?? [])]) e.add(w.id, m.id, 'OUTPUT_OF');
      for (const r of x.workspace ? (models ?? []).flatMap((m) => m.registryRecords) : []) e.add(w.id, modelVersionId(inst.config.name, x.workspace ?? '', r.registryModelName, r.version), 'OUTPUT_OF');
    }),
    // An experiment model's producer (upstream) and the registry versions made from it (downstream).
    inst.connector.each(of('experiment-model'), async (w) => {
      const x = experimentOf(w);
      const m = x ? (await experimentModels(inst, x))?.find((model) => model.id === w.id) : undefined;
      if (!x || !m) return;
      if (up) e.add(experimentId(x.experimentKey), w.id, 'OUTPUT_OF');
      for (const r of down && x.workspace ? m.registryRecords : []) e.add(w.id, modelVersionId(inst.config.name, x.workspace ?? '', r.registryModelName, r.version), 'VERSION_OF');
    }),
    // A registry version's experiment model (upstream).
    inst.connector.each(up ? of('model-version') : [], async (w) => {
      const [ws = '', model = ''] = w.parts;
      const v = (await registryVersions(inst, ws, model))?.find((version) => version.id === w.id);
      if (v?.experimentKey && v.experimentModelName) e.add(experimentModelId(inst.config.name, v.experimentKey, v.experimentModelName), w.id, 'VERSION_OF');
      if (v?.experimentKey) e.add(experimentId(v.experimentKey), w.id, 'OUTPUT_OF');
    }),
    // An asset's experiment (upstream).
    inst.connector.each(up ? of('asset') : [], async (w) => {
      const x = experimentOf(w);
      if (x && (await experimentAssets(inst, x))?.some((a) => a.id === w.id)) e.add(experimentId(x.experimentKey), w.id, 'OUTPUT_OF');
    }),
    // An artifact version's producer (upstream) and consumers (downstream).
    inst.connector.each(of('artifact-version'), async (w) => {
      const v = await artifactVersion(inst, w.parts[0] ?? '', w.parts[1] ?? '', w.parts[2] ?? '');
      if (up && v?.experimentKey) e.add(experimentId(v.experimentKey), w.id, 'OUTPUT_OF');
      for (const c of down ? (v?.consumers ?? []) : []) e.add(w.id, experimentId(c), 'INPUT_OF');
    }),
    // The artifact versions an experiment produced (downstream) or consumed (upstream).
    of('experiment').length > 0 ? experimentArtifactEdges(inst, e, of('experiment'), up, down) : undefined,
  ]);
  return e.values;
}

async function experimentArtifactEdges(inst: CometInstance, e: Edges, wanted: readonly OwnId[], up: boolean, down: boolean): Promise<void> {
  const byKey = new Map(wanted.map((w) => [w.parts[0] ?? '', w.id]));
  for (const v of await allArtifactVersions(inst)) {
    const producer = v.experimentKey ? byKey.get(v.experimentKey) : undefined;
    if (down && producer) e.add(producer, v.id, 'OUTPUT_OF');
    for (const c of up ? v.consumers : []) {
      const consumer = byKey.get(c);
      if (consumer) e.add(v.id, consumer, 'INPUT_OF');
    }
  }
}
