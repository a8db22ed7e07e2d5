/**
 * The fields that cross trackers, owned by the catalog (DESIGN §2) and fed by the sources' edges:
 * Task.models/artifacts/parent/lineage, Model.producedBy/artifacts/deployments/lineage,
 * Artifact.producedBy/consumedBy/sameAs/lineage, Deployment.model/lineage.
 */
import { type InstanceMap, tryDecodeId } from '../../shared/ids.js';
import type { EntityRow, LineageEdgeValue, LineageRelation } from '../../shared/model.js';
import { type Direction, type LineageValue, validateWalk, walkLineage } from '../lineage/walkLineage.js';
import { type CatalogContext, loadOrNull } from './context.js';

type Entity = 'Task' | 'Model' | 'Artifact' | 'Deployment';

interface Pick {
  /** The relation, and which end of the edge is this object. */
  readonly relation: LineageRelation;
  readonly self: 'from' | 'to';
  /** The kind of object wanted at the other end. */
  readonly other: Entity;
}

function neighbours(instances: InstanceMap, edges: readonly LineageEdgeValue[], selfId: string, picks: readonly Pick[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    for (const p of picks) {
      if (e.relation !== p.relation || e[p.self] !== selfId) continue;
      const other = p.self === 'from' ? e.to : e.from;
      if (tryDecodeId(other, instances)?.spec.entity === p.other && !out.includes(other)) out.push(other);
    }
  }
  return out;
}

export function createCrossFieldResolvers(instances: InstanceMap) {
  const related = (picks: (args: Record<string, unknown>) => readonly Pick[]) => async (row: EntityRow, args: Record<string, unknown>, ctx: CatalogContext) => {
    const edges = (await ctx.edges.load(row.id)) ?? [];
    const ids = neighbours(instances, edges, row.id, picks(args));
    return Promise.all(ids.map((id) => loadOrNull(ctx, id)));
  };
  const single = (pick: Pick) => async (row: EntityRow, _args: unknown, ctx: CatalogContext) => {
    const edges = (await ctx.edges.load(row.id)) ?? [];
    const [first] = neighbours(instances, edges, row.id, [pick]);
    return first === undefined ? null : ctx.rows.load(first);
  };
  const byRole = (other: Entity) => (args: Record<string, unknown>): Pick[] => [
    ...(args['role'] !== 'OUTPUT' ? [{ relation: 'INPUT_OF' as const, self: 'to' as const, other }] : []),
    ...(args['role'] !== 'INPUT' ? [{ relation: 'OUTPUT_OF' as const, self: 'from' as const, other }] : []),
  ];
  const lineage = (row: EntityRow, args: { direction: Direction; depth: number }, ctx: CatalogContext): Promise<LineageValue> => {
    validateWalk(args.depth, 500);
    return walkLineage(row.id, args.direction, args.depth, 500, ctx);
  };

  return {
    Task: {
      models: related(byRole('Model')),
      artifacts: related(byRole('Artifact')),
      parent: single({ relation: 'PARENT_OF', self: 'to', other: 'Task' }),
      lineage,
    },
    Model: {
      producedBy: single({ relation: 'OUTPUT_OF', self: 'to', other: 'Task' }),
      artifacts: related(() => [
        { relation: 'INPUT_OF', self: 'to', other: 'Artifact' },
        { relation: 'OUTPUT_OF', self: 'from', other: 'Artifact' },
        { relation: 'SAME_AS', self: 'from', other: 'Artifact' },
      ]),
      deployments: related(() => [{ relation: 'DEPLOYED_AS', self: 'from', other: 'Deployment' }]),
      lineage,
    },
    Artifact: {
      producedBy: related(() => [{ relation: 'OUTPUT_OF', self: 'to', other: 'Task' }]),
      consumedBy: related(() => [{ relation: 'INPUT_OF', self: 'from', other: 'Task' }]),
      sameAs: related(() => [
        { relation: 'SAME_AS', self: 'from', other: 'Artifact' },
        { relation: 'SAME_AS', self: 'to', other: 'Artifact' },
      ]),
      lineage,
    },
    Deployment: {
      model: single({ relation: 'DEPLOYED_AS', self: 'to', other: 'Model' }),
      lineage,
    },
  } satisfies Record<Entity, Record<string, unknown>>;
}
