/** ClearML's implementation of the source contract (DESIGN §5.1) the catalog calls, for every kind. */
import type { Clock } from '../shared/clock.js';
import { switchyardError } from '../shared/errors.js';
import type { Capability, SourceContract } from '../shared/sourceContract.js';
import type { EntityDetails, EntityKind, EntityRow } from '../shared/model.js';
import { toTaskRow } from '../shared/rows.js';
import { probe } from '../shared/probe.js';
import type { InstanceMap } from '../shared/ids.js';
import { isRecord } from './connector/index.js';
import { listArtifacts } from './artifactListing.js';
import { loadEdges } from './lineage.js';
import { CLEARML_PUSHED_FILTERS, listTasks } from './listing.js';
import { clearmlInstanceMap, loadArtifactViews, loadEndpointViews, loadModelViews, loadTaskViews } from './loadViews.js';
import { toArtifactRow, toDeploymentRow, toModelRow } from '../shared/rows.js';
import { CLEARML_MODEL_FILTERS, listModels } from './modelListing.js';
import { loadSeries } from './series.js';
import { listDeployments } from './servingListing.js';
import type { ClearMLSource } from './source.js';
import { matchObjects } from './stitch.js';
import { applyWrite, MODEL_WRITES, TASK_WRITES } from './writes/index.js';

const ALL_ORDERS = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'] as const;

/** Per kind: listable, orders, the filters pushed down to ClearML (every filter of the kind is honoured), writes. */
export const CLEARML_CAPABILITIES: readonly Capability[] = [
  { kind: 'task', listable: true, orderBy: ALL_ORDERS, filters: CLEARML_PUSHED_FILTERS, byIds: true, writes: TASK_WRITES },
  { kind: 'model', listable: true, orderBy: ALL_ORDERS, filters: CLEARML_MODEL_FILTERS, byIds: true, writes: MODEL_WRITES },
  { kind: 'artifact', listable: true, orderBy: ALL_ORDERS, filters: ['projects'], byIds: true, writes: [] },
  { kind: 'deployment', listable: true, orderBy: ALL_ORDERS, filters: [], byIds: true, writes: [] },
];

/** One read of every kind's views by id, as rows and as details. */
function viewsOf(source: ClearMLSource, instances: InstanceMap, kind: EntityKind, ids: readonly string[]) {
  switch (kind) {
    case 'task':
      return loadTaskViews(source, instances, ids).then((vs) => vs.map((v) => v && { row: toTaskRow(v) as EntityRow, details: { tags: v.tags ?? null, parameters: v.parameters, metrics: v.metrics, raw: v.raw } as EntityDetails }));
    case 'model':
      return loadModelViews(source, instances, ids).then((vs) => vs.map((v) => v && { row: toModelRow(v) as EntityRow, details: { tags: v.tags, metrics: v.metrics, raw: v.raw } as EntityDetails }));
    case 'artifact':
      return loadArtifactViews(source, instances, ids).then((vs) => vs.map((v) => v && { row: toArtifactRow(v) as EntityRow, details: { raw: v.raw } as EntityDetails }));
    case 'deployment':
      return loadEndpointViews(source, instances, ids).then((vs) => vs.map((v) => v && { row: toDeploymentRow(v) as EntityRow, details: { raw: v.raw } as EntityDetails }));
    default:
      throw unknownKind(kind, undefined);
  }
}

function unknownKind(kind: unknown, source: string | undefined): Error {
  return switchyardError('BAD_USER_INPUT', `ClearML sources have no kind "${String(kind)}".`, { source });
}

export function createClearMLContract(source: ClearMLSource, clock: Clock): SourceContract {
  const instances = clearmlInstanceMap(source);
  return {
    async list(req) {
      const inst = source.instance(req.instance);
      switch (req.kind) {
        case 'task':
          return listTasks(inst, req);
        case 'model':
          return listModels(inst, req);
        case 'artifact':
          return listArtifacts(inst, req);
        case 'deployment':
          return listDeployments(inst, req);
        default:
          throw unknownKind((req as { kind: unknown }).kind, inst.config.name);
      }
    },
    async getByIds(req) {
      return { rows: (await viewsOf(source, instances, req.kind, req.ids)).map((v) => v?.row ?? null) };
    },
    async details(req) {
      return { details: (await viewsOf(source, instances, req.kind, req.ids)).map((v) => v?.details ?? null) };
    },
    async series(req) {
      return { series: await loadSeries(source, instances, req.items) };
    },
    async match(req) {
      return matchObjects(source.instance(req.instance), req);
    },
    async edges(req) {
      return loadEdges(source, instances, req);
    },
    async write(req) {
      return applyWrite(source, instances, clock, req);
    },
    async invalidate(req) {
      await source.instance(req.instance).invalidate();
      return { invalidated: true as const };
    },
    async capabilities() {
      const probes = await Promise.all(source.instances.map((inst) => probe(clock, () => inst.connector.call('server.info', {}, 'read'))));
      return {
        sources: source.instances.map((inst, i) => ({
          name: inst.config.name,
          kind: 'CLEARML' as const,
          version: versionOf(probes[i]?.value),
          health: probes[i]?.health ?? { outcome: 'ERROR' as const, message: 'not probed', latencyMs: 0 },
          emulated: inst.config.emulated ?? false,
          capabilities: CLEARML_CAPABILITIES,
        })),
      };
    },
  };
}

/** `server.info` → `version` (reference: resolved/server.json). */
function versionOf(info: unknown): string | null {
  return isRecord(info) && typeof info['version'] === 'string' ? info['version'] : null;
}
