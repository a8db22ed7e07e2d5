/**
 * MLConnector's implementation of the source contract (DESIGN §5.1). Models and deployments are
 * listed from the instance snapshot (source.ts): upstream has no order and no timestamps, so every
 * order is a snapshot sort (createdAt is null: time orders fall back to the id tiebreak) and every
 * filter is applied on the snapshot. No Task kind (trainings are not readable) and no Artifact kind
 * (the API cannot list a model's files): both `listable: false`. No metric histories. Stitching keys
 * (with `edges`) and `match` read the same snapshot (stitch.ts).
 */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import type { EntityDetails, EntityRow } from '../shared/model.js';
import { probe } from '../shared/probe.js';
import { toDeploymentRow, toModelRow } from '../shared/rows.js';
import { snapshotListResponse, snapshotPage } from '../shared/snapshot.js';
import type { Capability, DeploymentListRequest, ListResponse, ModelListRequest, SourceContract } from '../shared/sourceContract.js';
import { loadEdges } from './lineage.js';
import type { MLConnectorDeploymentView, MLConnectorModelView } from './mapper/index.js';
import type { MLConnectorInstance, MLConnectorSource } from './source.js';
import { matchInstance } from './stitch.js';
import { applyWrite, MLCONNECTOR_DEPLOYMENT_WRITES, MLCONNECTOR_MODEL_WRITES } from './writes/index.js';

const ALL_ORDERS = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'] as const;

export const MLCONNECTOR_CAPABILITIES: readonly Capability[] = [
  { kind: 'task', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
  { kind: 'model', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: MLCONNECTOR_MODEL_WRITES },
  { kind: 'artifact', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
  { kind: 'deployment', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: MLCONNECTOR_DEPLOYMENT_WRITES },
];

const anyOf = (wanted: readonly string[] | undefined, have: readonly string[] | null | undefined) => !wanted || (have ?? []).some((v) => wanted.includes(v));

export function modelMatcher(filter: ModelListRequest['filter']): (row: MLConnectorModelView) => boolean {
  const needle = filter.nameContains?.toLowerCase();
  // MLConnector has no projects, stages or frameworks: a filter on them matches nothing.
  return (row) =>
    filter.projects === undefined &&
    anyOf(filter.stages, row.stages) &&
    anyOf(filter.frameworks, row.framework === null ? [] : [row.framework]) &&
    anyOf(filter.tags, row.tags) &&
    (needle === undefined || row.name.toLowerCase().includes(needle));
}

export function deploymentMatcher(filter: DeploymentListRequest['filter']): (row: MLConnectorDeploymentView) => boolean {
  const needle = filter.nameContains?.toLowerCase();
  return (row) => (!filter.status || filter.status.includes(row.status)) && (needle === undefined || row.name.toLowerCase().includes(needle));
}

async function listInstance(inst: MLConnectorInstance, req: ModelListRequest | DeploymentListRequest): Promise<ListResponse> {
  const snap = await inst.snapshot();
  const page =
    req.kind === 'model'
      ? snapshotPage({ rows: snap.sorted('model', req.order), order: req.order, first: req.first, after: req.after, matches: modelMatcher(req.filter) })
      : snapshotPage({ rows: snap.sorted('deployment', req.order), order: req.order, first: req.first, after: req.after, matches: deploymentMatcher(req.filter) });
  return snapshotListResponse<MLConnectorModelView | MLConnectorDeploymentView>(page, rowOf, []);
}

export function rowOf(view: MLConnectorModelView | MLConnectorDeploymentView): EntityRow {
  return view.__typename === 'MLConnectorModel' ? toModelRow(view) : toDeploymentRow(view);
}

export function detailsOf(view: MLConnectorModelView | MLConnectorDeploymentView): EntityDetails {
  return view.__typename === 'MLConnectorModel' ? { tags: view.tags ?? null, metrics: null, raw: view.raw } : { raw: view.raw };
}

/** The views of the ids, in order (null for unknown ids, other instances' or kinds' ids). */
export async function loadViews(source: MLConnectorSource, instance: string, kind: string, ids: readonly string[]): Promise<(MLConnectorModelView | MLConnectorDeploymentView | null)[]> {
  if (kind !== 'model' && kind !== 'deployment') return ids.map(() => null);
  const snap = await source.instance(instance).snapshot();
  const index: ReadonlyMap<string, MLConnectorModelView | MLConnectorDeploymentView> = kind === 'model' ? snap.modelsById : snap.deploymentsById;
  return ids.map((id) => index.get(id) ?? null);
}

export function createMLConnectorContract(source: MLConnectorSource, clock: Clock): SourceContract {
  return {
    async list(req) {
      if (req.kind === 'task') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'MLConnector has no readable trainings: it serves no Task kind.', { source: req.instance });
      if (req.kind === 'artifact') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', "MLConnector cannot list a model's files: it serves no Artifact listing.", { source: req.instance });
      return listInstance(source.instance(req.instance), req);
    },
    async getByIds(req) {
      return { rows: (await loadViews(source, req.instance, req.kind, req.ids)).map((v) => (v ? rowOf(v) : null)) };
    },
    async details(req) {
      return { details: (await loadViews(source, req.instance, req.kind, req.ids)).map((v) => (v ? detailsOf(v) : null)) };
    },
    async series(req) {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'MLConnector keeps no metrics (modelperformance holds thresholds).', { source: req.instance });
    },
    async match(req) {
      return matchInstance(source.instance(req.instance), req);
    },
    async edges(req) {
      return loadEdges(source.instance(req.instance), req);
    },
    async write(req) {
      return applyWrite(source, req);
    },
    async invalidate(req) {
      source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      // GET /deployment/all is cheap and also proves the Northbound link works.
      const probes = await Promise.all(source.instances.map((inst) => probe(clock, () => inst.connector.deploymentStatuses())));
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.name,
          kind: 'MLCONNECTOR' as const,
          version: null,
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: MLCONNECTOR_CAPABILITIES,
        })),
      };
    },
  };
}
