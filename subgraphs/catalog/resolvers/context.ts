/**
 * The catalog's per-request context: who is calling, one DataLoader per source-contract operation
 * (each batches per source instance), and errors to report beside data.
 */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { EntityDetails, EntityKind, EntityRow, LineageEdgeValue, MetricSeriesValue } from '../../shared/model.js';
import type { InstanceMap } from '../../shared/ids.js';
import { tryDecodeId } from '../../shared/ids.js';
import type { CallerContext, SourceClient } from '../../shared/SourceClient.js';
import type { SeriesRequest } from '../../shared/sourceContract.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';

export type SeriesItem = SeriesRequest['items'][number];

export interface CatalogContext extends SubgraphRequestContext {
  /** Rows by global id (get-by-ids), batched per source and kind. */
  readonly rows: DataLoader<string, EntityRow | null>;
  /** Detail fields by global id, batched per source and kind. */
  readonly details: DataLoader<string, EntityDetails | null>;
  readonly series: DataLoader<SeriesItem, MetricSeriesValue | null, string>;
  /** Native edges touching an id (both directions), batched per source. */
  readonly edges: DataLoader<string, readonly LineageEdgeValue[] | null>;
  /** Errors naming a failed source, appended to the response by the catalog's plugin. */
  readonly sourceErrors: GraphQLError[];
  readonly caller: CallerContext;
}

/**
 * Groups keys by source instance (and kind, where the operation takes one), calls `load` once per
 * group, and spreads the answers back in order. A failed group fails only its own keys.
 */
function grouped<K, T>(
  instances: InstanceMap,
  clients: ReadonlyMap<string, SourceClient>,
  idOf: (key: K) => string,
  byKind: boolean,
  load: (client: SourceClient, kind: EntityKind, keys: K[]) => Promise<readonly (T | null)[]>,
) {
  return async (keys: readonly K[]): Promise<(T | null | Error)[]> => {
    const groups = new Map<string, { client: SourceClient; kind: EntityKind; indexes: number[] }>();
    keys.forEach((key, i) => {
      const decoded = tryDecodeId(idOf(key), instances);
      const client = decoded ? clients.get(decoded.instance) : undefined;
      if (!decoded || !client) return;
      const kind = decoded.spec.entity === 'Node' ? 'task' : (decoded.spec.entity.toLowerCase() as EntityKind);
      const group = `${decoded.instance}\u0000${byKind ? kind : ''}`;
      const g = groups.get(group) ?? { client, kind, indexes: [] };
      g.indexes.push(i);
      groups.set(group, g);
    });
    const out: (T | null | Error)[] = keys.map(() => null);
    await Promise.all(
      [...groups.values()].map(async ({ client, kind, indexes }) => {
        try {
          const got = await load(client, kind, indexes.map((i) => keys[i] as K));
          indexes.forEach((i, k) => (out[i] = got[k] ?? null));
        } catch (err) {
          indexes.forEach((i) => (out[i] = err instanceof Error ? err : new Error(String(err))));
        }
      }),
    );
    return out;
  };
}

/**
 * A related object that cannot be read (its source down, the object deleted) becomes a null item in
 * its list; the error is reported beside the data rather than failing the whole list.
 */
export function loadOrNull(ctx: CatalogContext, id: string): Promise<EntityRow | null> {
  return ctx.rows.load(id).catch((err: unknown) => {
    if (err instanceof GraphQLError) ctx.sourceErrors.push(err);
    return null;
  });
}

export function createCatalogContext(base: SubgraphRequestContext, clients: ReadonlyMap<string, SourceClient>, instances: InstanceMap): CatalogContext {
  const caller = { principalToken: base.principalToken, requestId: base.requestId };
  const id = (s: string) => s;
  return {
    ...base,
    caller,
    rows: new DataLoader(grouped(instances, clients, id, true, async (c, kind, ids) => (await c.getByIds({ kind, ids }, caller)).rows), { maxBatchSize: 500 }),
    details: new DataLoader(grouped(instances, clients, id, true, async (c, kind, ids) => (await c.details({ kind, ids }, caller)).details), { maxBatchSize: 500 }),
    series: new DataLoader(
      grouped(instances, clients, (i: SeriesItem) => i.id, false, async (c, _kind, items) => (await c.series({ items }, caller)).series),
      { cacheKeyFn: (i) => JSON.stringify([i.id, i.name, i.variant, i.maxPoints]), maxBatchSize: 500 },
    ),
    edges: new DataLoader(
      grouped(instances, clients, id, false, async (c, _kind, ids) => {
        const { edges } = await c.edges({ ids, direction: 'BOTH' }, caller);
        return ids.map((i) => edges.filter((e) => e.from === i || e.to === i));
      }),
      { maxBatchSize: 500 },
    ),
    sourceErrors: [],
  };
}
