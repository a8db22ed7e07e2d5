/** Comet's implementation of the source contract (DESIGN §5.1) the catalog calls, for every kind. */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import type { InstanceMap } from '../shared/ids.js';
import type { EntityDetails, EntityKind, EntityRow } from '../shared/model.js';
import { probe } from '../shared/probe.js';
import { toArtifactRow, toModelRow, toTaskRow } from '../shared/rows.js';
import type { Capability, SourceContract } from '../shared/sourceContract.js';
import { loadEdges } from './lineage.js';
import { COMET_PUSHED_FILTERS, listTasks } from './listing.js';
import { loadTaskViews } from './loadTaskViews.js';
import { loadArtifactViews, loadModelViews } from './loadViews.js';
import { loadSeries } from './series.js';
import { listArtifacts, listModels } from './snapshotListing.js';
import { loadKeys, matchKeys } from './stitch.js';
import type { CometSource } from './source.js';
import { applyWrite, MODEL_WRITES, TASK_WRITES } from './writes/index.js';

const ALL_ORDERS = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'] as const;

/** Per kind: listable, orders, filters Comet applies itself (none: the rest are applied on snapshots), writes. */
export const COMET_CAPABILITIES: readonly Capability[] = [
  { kind: 'task', listable: true, orderBy: ALL_ORDERS, filters: COMET_PUSHED_FILTERS, byIds: true, writes: TASK_WRITES },
  { kind: 'model', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: MODEL_WRITES },
  { kind: 'artifact', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: [] },
  // Comet has no deployments: registry stages are labels on a version (`Model.stages`).
  { kind: 'deployment', listable: false, orderBy: [], filters: [], byIds: false, writes: [] },
];

/** Instance name → tracker, for decoding ids of this subgraph's instances. */
export function cometInstanceMap(source: CometSource): InstanceMap {
  return new Map(source.instances.map((i) => [i.config.name, 'COMET'] as const));
}

interface RowAndDetails {
  readonly row: EntityRow;
  readonly details: EntityDetails;
}

/** Every kind's views by id, as rows and as details (tasks read their details only when asked). */
async function viewsOf(source: CometSource, instances: InstanceMap, kind: EntityKind, ids: readonly string[], withDetails: boolean): Promise<(RowAndDetails | null)[]> {
  switch (kind) {
    case 'task':
      return (await loadTaskViews(source, instances, ids, { withDetails })).map((v) => v && { row: toTaskRow(v), details: { tags: v.tags ?? null, parameters: v.parameters ?? null, metrics: v.metrics ?? null, raw: v.raw } });
    case 'model':
      return (await loadModelViews(source, instances, ids)).map((v) => v && { row: toModelRow(v), details: { tags: v.tags, metrics: v.metrics, raw: v.raw } });
    case 'artifact':
      return (await loadArtifactViews(source, instances, ids)).map((v) => v && { row: toArtifactRow(v), details: { raw: v.raw } });
    case 'deployment':
      return ids.map(() => null);
    default:
      throw switchyardError('BAD_USER_INPUT', `Comet sources have no kind "${String(kind)}".`);
  }
}

export function createCometContract(source: CometSource, clock: Clock): SourceContract {
  const instances = cometInstanceMap(source);
  return {
    async list(req) {
      const inst = source.instance(req.instance);
      if (req.kind === 'task') return listTasks(inst, req);
      if (req.kind === 'model') return listModels(inst, req);
      if (req.kind === 'artifact') return listArtifacts(inst, req);
      if (req.kind === 'deployment') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', 'Comet has no deployments (registry stages are labels on model versions).', { source: req.instance });
      throw switchyardError('BAD_USER_INPUT', `Comet sources have no kind "${String((req as { kind: unknown }).kind)}".`, { source: inst.config.name });
    },
    async getByIds(req) {
      return { rows: (await viewsOf(source, instances, req.kind, req.ids, false)).map((v) => v?.row ?? null) };
    },
    async details(req) {
      return { details: (await viewsOf(source, instances, req.kind, req.ids, true)).map((v) => v?.details ?? null) };
    },
    async series(req) {
      return { series: await loadSeries(source, instances, req.items) };
    },
    async match(req) {
      return matchKeys(source.instance(req.instance), req);
    },
    async edges(req) {
      const edges = await loadEdges(source, instances, req);
      // After the edges, not beside them: the keys then read what the edges just cached.
      return { edges, keys: await loadKeys(source, instances, req.ids) };
    },
    async write(req) {
      return applyWrite(source, instances, clock, req);
    },
    async invalidate(req) {
      await source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      // `/account-details` is Comet's "who am I" (reference/comet.md §2): cheap, and it proves the key works.
      // Comet's REST API reports no server version.
      const probes = await Promise.all(source.instances.map((inst) => probe(clock, () => inst.connector.get('account-details', {}, 'read'))));
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.config.name,
          kind: 'COMET' as const,
          version: null,
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: COMET_CAPABILITIES,
        })),
      };
    },
  };
}
