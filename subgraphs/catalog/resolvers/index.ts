/**
 * Catalog resolvers. The catalog resolves every shared Task field itself (reference/federation.md,
 * pattern b1): from its listing rows on lists, through get-by-ids on by-id paths (answering NOT_FOUND
 * itself), and the detail fields (parameters, metrics, raw) through one batched `details` call per
 * source when a row does not carry them. Tracker-only fields are left to the gateway's `_entities`.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { Clock } from '../../shared/clock.js';
import { switchyardError } from '../../shared/errors.js';
import { decodeId, type InstanceMap, KIND_REGISTRY } from '../../shared/ids.js';
import type { TaskDetails, TaskRow } from '../../shared/model.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import type { ListOrder } from '../../shared/sourceContract.js';
import type { CatalogConfig } from '../config.js';
import { listTasks } from '../fanout/listTasks.js';
import type { TaskFilterArg } from '../fanout/taskFilter.js';
import { listSources } from '../fanout/listSources.js';
import type { SourceClient } from '../../shared/SourceClient.js';
import type { CatalogContext } from './context.js';

export interface CatalogResolverDeps {
  readonly config: CatalogConfig;
  readonly clients: ReadonlyMap<string, SourceClient>;
  readonly clock: Clock;
}

/** Every concrete Task type across sources (the catalog declares them all). */
const TASK_TYPENAMES = Object.values(KIND_REGISTRY).flatMap((kinds) => Object.values(kinds).filter((k) => k.entity === 'Task').map((k) => k.typename));

export function createCatalogResolvers(deps: CatalogResolverDeps): GraphQLResolverMap<CatalogContext> {
  const instances: InstanceMap = new Map(deps.config.sources.map((s) => [s.name, s.kind] as const));

  const taskById = async (id: string, ctx: CatalogContext): Promise<TaskRow> => {
    const decoded = decodeId(id, instances);
    if (decoded.spec.entity !== 'Task') {
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `${decoded.spec.typename} objects are not served yet.`, { source: decoded.instance, id });
    }
    const row = await ctx.rows.load(id);
    if (!row) throw switchyardError('NOT_FOUND', `No task ${id}.`, { source: decoded.instance, id });
    return row;
  };

  const detail = <K extends keyof TaskDetails>(key: K) => async (row: TaskRow, _args: unknown, ctx: CatalogContext): Promise<TaskDetails[K] | null> => {
    const own = (row as Partial<TaskDetails>)[key];
    if (own !== undefined) return own as TaskDetails[K];
    const d = await ctx.details.load(row.id);
    if (d === null) throw switchyardError('NOT_FOUND', `No task ${row.id}.`, { source: row.origin.source, id: row.id });
    return d[key];
  };

  const taskFields = {
    __resolveReference: async (ref: { id: string }, ctx: CatalogContext) => ctx.rows.load(ref.id),
    tags: detail('tags'),
    parameters: detail('parameters'),
    metrics: detail('metrics'),
    raw: detail('raw'),
  };

  return {
    ...sharedScalarResolvers,
    Query: {
      task: (_: unknown, args: { id: string }, ctx: CatalogContext) => taskById(args.id, ctx),
      node: (_: unknown, args: { id: string }, ctx: CatalogContext) => taskById(args.id, ctx),
      tasks: (_: unknown, args: { filter?: TaskFilterArg | null; orderBy: ListOrder; first: number; after?: string | null }, ctx: CatalogContext) =>
        listTasks(args, {
          clients: deps.clients,
          cursorSecret: deps.config.cursorSecret,
          schemaVersion: deps.config.schemaVersion ?? '1',
          clock: deps.clock,
          caller: { principalToken: ctx.principalToken, requestId: ctx.requestId },
          reportError: (err) => ctx.sourceErrors.push(err),
        }),
      sources: (_: unknown, __: unknown, ctx: CatalogContext) => listSources(deps, { principalToken: ctx.principalToken, requestId: ctx.requestId }),
    },
    Node: { __resolveType: (obj: TaskRow) => obj.__typename },
    Task: { __resolveType: (obj: TaskRow) => obj.__typename, __resolveReference: taskFields.__resolveReference },
    ...Object.fromEntries(TASK_TYPENAMES.map((t) => [t, taskFields])),
  } as unknown as GraphQLResolverMap<CatalogContext>;
}
