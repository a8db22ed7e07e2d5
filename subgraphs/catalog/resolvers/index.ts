/**
 * Catalog resolvers. The catalog resolves every shared field itself (ADR 0001, pattern b1): from its
 * listing rows on lists, through get-by-ids on by-id paths (answering NOT_FOUND itself), and the detail
 * fields through one batched `details` call per source when a row does not carry them. Tracker-only
 * fields are left to the gateway's `_entities`; fields that cross trackers are in crossFields.ts.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type AccessRule, rowAllowed, ruleFor, sourceAllowed } from '../../shared/access.js';
import type { Clock } from '../../shared/clock.js';
import { switchyardError } from '../../shared/errors.js';
import { decodeId, type InstanceMap, KIND_REGISTRY, tryDecodeId } from '../../shared/ids.js';
import type { EntityDetails, EntityKind, EntityRow } from '../../shared/model.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import { validMaxPoints } from '../../shared/series.js';
import type { SourceClient } from '../../shared/SourceClient.js';
import type { CatalogConfig } from '../config.js';
import { type ListArgs, listEntities } from '../fanout/listEntities.js';
import { listSources } from '../fanout/listSources.js';
import { type Direction, type LineageValue, validateWalk, walkLineage } from '../lineage/walkLineage.js';
import { type CatalogContext, loadOrNull } from './context.js';
import { createCrossFieldResolvers } from './crossFields.js';
import { createMutationResolvers } from './mutations.js';
import type { IdempotencyLedger } from '../../shared/idempotency.js';

export interface CatalogResolverDeps {
  readonly config: CatalogConfig;
  readonly clients: ReadonlyMap<string, SourceClient>;
  readonly clock: Clock;
  readonly instances: InstanceMap;
  readonly idempotency: IdempotencyLedger;
}

type Entity = 'Task' | 'Model' | 'Artifact' | 'Deployment';
const ENTITIES: readonly Entity[] = ['Task', 'Model', 'Artifact', 'Deployment'];

/** Every concrete type of an entity across trackers (the catalog declares them all). */
const typenamesOf = (entity: Entity) => Object.values(KIND_REGISTRY).flatMap((kinds) => Object.values(kinds).filter((k) => k.entity === entity).map((k) => k.typename));

export function createCatalogResolvers(deps: CatalogResolverDeps): GraphQLResolverMap<CatalogContext> {
  const { instances } = deps;
  /** The caller's access rule (subgraphs/shared/access.ts): from config by the verified principal id. */
  const ruleOf = (ctx: CatalogContext): AccessRule => ruleFor(deps.config.access, ctx.principal.id);
  /** Visible under the caller's rule: rows outside it are absent, never FORBIDDEN, so existence does not leak. */
  const visible = (ctx: CatalogContext, row: EntityRow | null): EntityRow | null => (row && rowAllowed(ruleOf(ctx), { source: row.origin.source, project: row.project }) ? row : null);

  /** By id, of any entity (`node`) or of one (`task`, `model`, …): BAD_USER_INPUT, NOT_SUPPORTED or NOT_FOUND otherwise. */
  const byId = async (id: string, ctx: CatalogContext, entity?: Entity): Promise<EntityRow> => {
    const decoded = decodeId(id, instances);
    if (entity && decoded.spec.entity !== entity) throw switchyardError('BAD_USER_INPUT', `"${id}" is not a ${entity.toLowerCase()} id.`, { source: decoded.instance, id });
    if (decoded.spec.entity === 'Node') throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `${decoded.spec.typename} objects are not served yet.`, { source: decoded.instance, id });
    // A source outside the caller's rule is not even asked.
    const row = sourceAllowed(ruleOf(ctx), decoded.instance) ? visible(ctx, await ctx.rows.load(id)) : null;
    if (!row) throw switchyardError('NOT_FOUND', `No ${decoded.spec.entity.toLowerCase()} ${id}.`, { source: decoded.instance, id });
    return row;
  };

  const detail = <K extends keyof EntityDetails>(key: K) => async (row: EntityRow, _args: unknown, ctx: CatalogContext): Promise<EntityDetails[K] | null> => {
    const own = (row as Partial<EntityDetails>)[key];
    if (own !== undefined) return own;
    const d = await ctx.details.load(row.id);
    if (d === null) throw switchyardError('NOT_FOUND', `No object ${row.id}.`, { source: row.origin.source, id: row.id });
    return d[key] ?? null;
  };

  const list = (kind: EntityKind) => async (_: unknown, args: ListArgs, ctx: CatalogContext) => {
    const rule = ruleOf(ctx);
    const forbidden = (args.filter?.sources ?? []).filter((s) => !sourceAllowed(rule, s));
    if (forbidden.length > 0) throw switchyardError('FORBIDDEN', `Not allowed to read source ${forbidden.map((s) => `"${s}"`).join(', ')}.`, { source: forbidden[0] as string });
    const conn = await listEntities(kind, args, {
      clients: new Map([...deps.clients].filter(([name]) => sourceAllowed(rule, name))),
      cursorSecret: deps.config.cursorSecret,
      schemaVersion: deps.config.schemaVersion ?? '1',
      clock: deps.clock,
      caller: ctx.caller,
      reportError: (err) => ctx.sourceErrors.push(err),
    });
    // Project rules: rows outside are dropped here (a page may then hold fewer than `first` rows).
    return rule.projects === undefined ? conn : { ...conn, edges: conn.edges.filter((e) => visible(ctx, e.node) !== null) };
  };

  const cross = createCrossFieldResolvers(instances);
  const shared = {
    __resolveReference: async (ref: { id: string }, ctx: CatalogContext) => visible(ctx, await ctx.rows.load(ref.id)),
    tags: detail('tags'),
    raw: detail('raw'),
  };
  const perEntity: Record<Entity, Record<string, unknown>> = {
    Task: {
      ...shared,
      ...cross.Task,
      parameters: detail('parameters'),
      metrics: detail('metrics'),
      metricSeries: (row: EntityRow, args: { name: string; variant?: string | null; maxPoints: number }, ctx: CatalogContext) =>
        ctx.series.load({ id: row.id, name: args.name, variant: args.variant ?? null, maxPoints: validMaxPoints(args.maxPoints) }),
    },
    Model: { ...shared, ...cross.Model, metrics: detail('metrics') },
    Artifact: { ...shared, ...cross.Artifact },
    Deployment: { ...shared, ...cross.Deployment },
  };

  const mutations = guardWrites(createMutationResolvers(instances, deps.clients, { ledger: deps.idempotency, writeTimeoutMs: (source) => deps.config.sources.find((s) => s.name === source)?.writeTimeoutMs ?? 30_000 }), ruleOf);
  const resolveType = (obj: EntityRow) => obj.__typename;
  return {
    ...sharedScalarResolvers,
    Query: {
      node: (_: unknown, a: { id: string }, ctx: CatalogContext) => byId(a.id, ctx),
      task: (_: unknown, a: { id: string }, ctx: CatalogContext) => byId(a.id, ctx, 'Task'),
      model: (_: unknown, a: { id: string }, ctx: CatalogContext) => byId(a.id, ctx, 'Model'),
      artifact: (_: unknown, a: { id: string }, ctx: CatalogContext) => byId(a.id, ctx, 'Artifact'),
      deployment: (_: unknown, a: { id: string }, ctx: CatalogContext) => byId(a.id, ctx, 'Deployment'),
      tasks: list('task'),
      models: list('model'),
      artifacts: list('artifact'),
      deployments: list('deployment'),
      lineage: async (_: unknown, a: { of: string; direction: Direction; depth: number; maxNodes: number }, ctx: CatalogContext): Promise<LineageValue> => {
        validateWalk(a.depth, a.maxNodes);
        await byId(a.of, ctx);
        return walkLineage(a.of, a.direction, a.depth, a.maxNodes, ctx);
      },
      sources: async (_: unknown, __: unknown, ctx: CatalogContext) => (await listSources(deps, ctx.caller)).filter((s) => sourceAllowed(ruleOf(ctx), s.name)),
    },
    ...mutations,
    Lineage: {
      // Nodes that cannot be read (a source down, an object deleted) are null in the list. Objects that
      // are Nodes but no entity (MLConnector operations) are references: their source's edge named them,
      // and the gateway reads their fields from that source.
      // Nodes outside the caller's rule are left out (not null: a null would say something is there).
      nodes: async (l: LineageValue, _: unknown, ctx: CatalogContext) => {
        const rule = ruleOf(ctx);
        const nodes = await Promise.all(
          l.nodeIds.map(async (id) => {
            const decoded = tryDecodeId(id, instances);
            if (decoded && !sourceAllowed(rule, decoded.instance)) return undefined;
            if (decoded?.spec.entity === 'Node') return { __typename: decoded.spec.typename, id };
            const row = await loadOrNull(ctx, id);
            return row === null || visible(ctx, row) ? row : undefined;
          }),
        );
        return nodes.filter((n) => n !== undefined);
      },
    },
    Node: { __resolveType: resolveType },
    ...Object.fromEntries(ENTITIES.map((e) => [e, { __resolveType: resolveType, __resolveReference: shared.__resolveReference }])),
    ...Object.fromEntries(ENTITIES.flatMap((e) => typenamesOf(e).map((t) => [t, perEntity[e]]))),
  } as unknown as GraphQLResolverMap<CatalogContext>;
}

/** Every mutation needs `write` in the caller's rule (FORBIDDEN otherwise, before any source is called). */
function guardWrites<M extends { Mutation: Record<string, unknown> }>(m: M, ruleOf: (ctx: CatalogContext) => AccessRule): M {
  const guarded = Object.fromEntries(
    Object.entries(m.Mutation).map(([name, resolve]) => [
      name,
      (parent: unknown, args: unknown, ctx: CatalogContext, info: unknown) => {
        if (!ruleOf(ctx).write) throw switchyardError('FORBIDDEN', 'Not allowed to write (read-only principal).');
        return (resolve as (p: unknown, a: unknown, c: CatalogContext, i: unknown) => unknown)(parent, args, ctx, info);
      },
    ]),
  );
  return { ...m, Mutation: guarded };
}
