/**
 * CMF's implementation of the source contract (DESIGN §5.1) the catalog calls. Every call gets its
 * own pipeline loaders, so it pulls each pipeline it touches at most once (and not at all when the
 * pull is cached); `edges` carries the ids' stitching keys and `match` searches the pulls (stitch.ts).
 * Metric histories and deployments do not exist in CMF.
 */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import type { InstanceMap } from '../shared/ids.js';
import type { EntityDetails, EntityRow } from '../shared/model.js';
import { probe } from '../shared/probe.js';
import { toArtifactRow, toModelRow, toTaskRow } from '../shared/rows.js';
import type { Capability, SourceContract } from '../shared/sourceContract.js';
import { loadEdges } from './lineage.js';
import { listCmf } from './listing.js';
import { type CmfView, loadViews } from './loadViews.js';
import { PipelineLoaders } from './pipelineLoader.js';
import type { CmfSource } from './source.js';
import { matchCmf } from './stitch.js';
import { applyWrite, CMF_WRITES } from './writes/index.js';

const ALL_ORDERS = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'] as const;

/** Every kind is served from pulls; no filter is pushed down to CMF (it has none to push to). */
export const CMF_CAPABILITIES: readonly Capability[] = [
  { kind: 'task', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: CMF_WRITES },
  { kind: 'model', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: [] },
  { kind: 'artifact', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: [] },
  { kind: 'deployment', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
];

/** Instance name → tracker, for decoding ids of this subgraph's instances. */
export function cmfInstanceMap(source: CmfSource): InstanceMap {
  return new Map(source.instances.map((i) => [i.config.name, 'CMF'] as const));
}

/** The shared fields of a view, by its typename (a Model artifact is a model row whatever kind asked). */
export function rowOf(view: CmfView): EntityRow {
  return view.__typename === 'CmfExecution' ? toTaskRow(view) : view.__typename === 'CmfModel' ? toModelRow(view) : toArtifactRow(view);
}

export function detailsOf(view: CmfView): EntityDetails {
  if (view.__typename === 'CmfExecution') return { tags: view.tags ?? null, parameters: view.parameters ?? null, metrics: view.metrics ?? null, raw: view.raw };
  if (view.__typename === 'CmfModel') return { tags: view.tags ?? null, metrics: view.metrics ?? null, raw: view.raw };
  return { raw: view.raw };
}

export function createCmfContract(source: CmfSource, clock: Clock): SourceContract {
  const instances = cmfInstanceMap(source);
  return {
    async list(req) {
      return listCmf(new PipelineLoaders(source), source.instance(req.instance), req);
    },
    async getByIds(req) {
      return { rows: (await loadViews(new PipelineLoaders(source), instances, req.kind, req.ids)).map((v) => (v ? rowOf(v) : null)) };
    },
    async details(req) {
      return { details: (await loadViews(new PipelineLoaders(source), instances, req.kind, req.ids)).map((v) => (v ? detailsOf(v) : null)) };
    },
    async series(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'CMF keeps no metric histories: Metrics artifacts hold last values, Step_Metrics live in files CMF does not serve.', { source: req.instance });
    },
    async match(req) {
      return matchCmf(new PipelineLoaders(source), source.instance(req.instance), req);
    },
    async edges(req) {
      return loadEdges(new PipelineLoaders(source), instances, req);
    },
    async write(req) {
      return applyWrite(source, req);
    },
    async invalidate(req) {
      await source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      // `/pipelines` is CMF's cheapest call and exists in every generation; CMF reports no version,
      // so the detected generation stands in for it.
      const probes = await Promise.all(source.instances.map((inst) => probe(clock, () => inst.connector.pipelines())));
      const layouts = await Promise.all(source.instances.map((inst) => inst.connector.layout().catch(() => undefined)));
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.config.name,
          kind: 'CMF' as const,
          version: layouts[i] ? `generation ${layouts[i].generation}` : null,
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: CMF_CAPABILITIES,
        })),
      };
    },
  };
}
