/**
 * The fields that cross trackers, owned by the catalog (DESIGN §2) and fed by the sources' edges plus
 * the stitched ones (docs/stitching.md):
 * - Task.models/artifacts/parent: the tracker's own edges;
 * - Artifact.sameAs: stitched SAME_AS; Artifact.producedBy/consumedBy: of the artifact and of every
 *   artifact SAME_AS it (the same file, written or read in another tracker);
 * - Model.deployments: of the model, of models SAME_AS it and of models whose tags name it (the same
 *   model registered in another tracker); Model.producedBy: the native producer, else an equivalent's,
 *   else the task the model's tags name;
 * - Deployment.model: the native DEPLOYED_AS edge;
 * - lineage everywhere.
 * A source whose stitching lookup fails is named in an error beside the data; the field keeps what
 * the other sources gave.
 */
import { type ErrorCode, switchyardError } from '../../shared/errors.js';
import { type InstanceMap, tryDecodeId } from '../../shared/ids.js';
import type { EntityRow, LineageEdgeValue, LineageRelation } from '../../shared/model.js';
import { type Direction, type LineageValue, validateWalk, walkLineage } from '../lineage/walkLineage.js';
import { type CatalogContext, loadOrNull, type SourceFailure } from './context.js';

type Entity = 'Task' | 'Model' | 'Artifact' | 'Deployment';

interface Pick {
  /** The relation, and which end of the edge is this object. */
  readonly relation: LineageRelation;
  readonly self: 'from' | 'to';
  /** The kind of object wanted at the other end. */
  readonly other: Entity;
}

const SAME_AS_ARTIFACT: readonly Pick[] = [
  { relation: 'SAME_AS', self: 'from', other: 'Artifact' },
  { relation: 'SAME_AS', self: 'to', other: 'Artifact' },
];
const SAME_MODEL: readonly Pick[] = [
  { relation: 'SAME_AS', self: 'from', other: 'Model' },
  { relation: 'SAME_AS', self: 'to', other: 'Model' },
  { relation: 'REFERENCES', self: 'from', other: 'Model' },
];

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

const CODE_OF_OUTCOME: Readonly<Record<string, ErrorCode>> = { TIMEOUT: 'SOURCE_TIMEOUT', UNAUTHORIZED: 'UNAUTHENTICATED', CIRCUIT_OPEN: 'SOURCE_UNAVAILABLE' };

/** Sources already named in this request's errors, so one failing lookup is reported once. */
const reported = new WeakMap<CatalogContext, Set<string>>();

function reportFailures(ctx: CatalogContext, failures: readonly SourceFailure[]): void {
  const seen = reported.get(ctx) ?? new Set<string>();
  reported.set(ctx, seen);
  for (const f of failures) {
    // A partial search is not an error: the lineage walk reports it as PARTIAL in `sources`.
    if (f.outcome === 'PARTIAL' || seen.has(f.source)) continue;
    seen.add(f.source);
    ctx.sourceErrors.push(switchyardError(CODE_OF_OUTCOME[f.outcome] ?? 'SOURCE_ERROR', `Source "${f.source}" could not be searched for related objects: ${f.message ?? 'failed'}`, { source: f.source }));
  }
}

export function createCrossFieldResolvers(instances: InstanceMap) {
  /** Native edges only: no stitching lookups for fields one tracker answers alone. */
  const nativeEdges = async (ctx: CatalogContext, id: string) => (await ctx.native.load(id))?.edges ?? [];
  const allEdges = async (ctx: CatalogContext, id: string) => {
    const links = await ctx.links.load(id);
    reportFailures(ctx, links?.failures ?? []);
    return links?.edges ?? [];
  };
  /** The object and the objects that stand for the same thing in other trackers. */
  const withEquivalents = async (ctx: CatalogContext, id: string, same: readonly Pick[]) => [id, ...neighbours(instances, await allEdges(ctx, id), id, same)];
  /** The `picks` neighbours of each of `ids`, each once, in order. */
  const around = async (ctx: CatalogContext, ids: readonly string[], picks: readonly Pick[]) => {
    const lists = await Promise.all(ids.map(async (i) => neighbours(instances, await allEdges(ctx, i), i, picks)));
    return [...new Set(lists.flat())];
  };
  const rows = (ctx: CatalogContext, ids: readonly string[]) => Promise.all(ids.map((i) => loadOrNull(ctx, i)));

  const native = (picks: (args: Record<string, unknown>) => readonly Pick[]) => async (row: EntityRow, args: Record<string, unknown>, ctx: CatalogContext) =>
    rows(ctx, neighbours(instances, await nativeEdges(ctx, row.id), row.id, picks(args)));
  const nativeOne = (pick: Pick) => async (row: EntityRow, _args: unknown, ctx: CatalogContext) => {
    const [first] = neighbours(instances, await nativeEdges(ctx, row.id), row.id, [pick]);
    return first === undefined ? null : ctx.rows.load(first);
  };
  const acrossEquivalents = (same: readonly Pick[], picks: readonly Pick[]) => async (row: EntityRow, _args: unknown, ctx: CatalogContext) =>
    rows(ctx, await around(ctx, await withEquivalents(ctx, row.id, same), picks));
  const byRole = (other: Entity) => (args: Record<string, unknown>): Pick[] => [
    ...(args['role'] !== 'OUTPUT' ? [{ relation: 'INPUT_OF' as const, self: 'to' as const, other }] : []),
    ...(args['role'] !== 'INPUT' ? [{ relation: 'OUTPUT_OF' as const, self: 'from' as const, other }] : []),
  ];
  const lineage = (row: EntityRow, args: { direction: Direction; depth: number }, ctx: CatalogContext): Promise<LineageValue> => {
    validateWalk(args.depth, 500);
    return walkLineage(row.id, args.direction, args.depth, 500, ctx);
  };
  const producer: Pick = { relation: 'OUTPUT_OF', self: 'to', other: 'Task' };

  return {
    Task: {
      models: native(byRole('Model')),
      artifacts: native(byRole('Artifact')),
      parent: nativeOne({ relation: 'PARENT_OF', self: 'to', other: 'Task' }),
      lineage,
    },
    Model: {
      producedBy: async (row: EntityRow, _args: unknown, ctx: CatalogContext) => {
        const own = neighbours(instances, await nativeEdges(ctx, row.id), row.id, [producer]);
        const [first] = own.length > 0 ? own : await around(ctx, await withEquivalents(ctx, row.id, SAME_MODEL), [producer, { relation: 'REFERENCES', self: 'to', other: 'Task' }]);
        return first === undefined ? null : ctx.rows.load(first);
      },
      artifacts: native(() => [
        { relation: 'INPUT_OF', self: 'to', other: 'Artifact' },
        { relation: 'OUTPUT_OF', self: 'from', other: 'Artifact' },
        { relation: 'SAME_AS', self: 'from', other: 'Artifact' },
      ]),
      deployments: acrossEquivalents(SAME_MODEL, [{ relation: 'DEPLOYED_AS', self: 'from', other: 'Deployment' }]),
      lineage,
    },
    Artifact: {
      producedBy: acrossEquivalents(SAME_AS_ARTIFACT, [producer]),
      consumedBy: acrossEquivalents(SAME_AS_ARTIFACT, [{ relation: 'INPUT_OF', self: 'from', other: 'Task' }]),
      sameAs: async (row: EntityRow, _args: unknown, ctx: CatalogContext) => rows(ctx, neighbours(instances, await allEdges(ctx, row.id), row.id, SAME_AS_ARTIFACT)),
      lineage,
    },
    Deployment: {
      model: nativeOne({ relation: 'DEPLOYED_AS', self: 'to', other: 'Model' }),
      lineage,
    },
  } satisfies Record<Entity, Record<string, unknown>>;
}
