/**
 * The catalog's per-request context: who is calling, one DataLoader per source-contract operation
 * (each batches per source instance), and errors to report beside data.
 */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { EntityDetails, EntityKind, EntityRow, LineageEdgeValue, MetricSeriesValue } from '../../shared/model.js';
import type { InstanceMap } from '../../shared/ids.js';
import { tryDecodeId } from '../../shared/ids.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { CallerContext, SourceClient } from '../../shared/SourceClient.js';
import type { SeriesRequest } from '../../shared/sourceContract.js';
import type { StitchKeys } from '../../shared/stitch.js';
import { outcomeOf, type SourceOutcome } from '../fanout/listEntities.js';
import type { LinkNames } from '../lineage/linkNames.js';
import { type KeyQuery, queriesFor, queryKey, stitchedEdges } from '../lineage/stitch.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';

export type SeriesItem = SeriesRequest['items'][number];

export interface NativeLinks {
  readonly edges: readonly LineageEdgeValue[];
  readonly keys: StitchKeys | null;
}

/** A source that could not answer part of a lookup (the rest of the answer stands). */
export interface SourceFailure {
  readonly source: string;
  readonly outcome: SourceOutcome;
  readonly message: string | null;
}

export interface MatchOutcome {
  readonly ids: readonly string[];
  readonly failures: readonly SourceFailure[];
}

export interface LinkSet {
  readonly edges: readonly LineageEdgeValue[];
  /** Sources whose stitching lookups failed or were partial: the edges may miss theirs. */
  readonly failures: readonly SourceFailure[];
}

export interface CatalogContext extends SubgraphRequestContext {
  /** Rows by global id (get-by-ids), batched per source and kind. */
  readonly rows: DataLoader<string, EntityRow | null>;
  /** Detail fields by global id, batched per source and kind. */
  readonly details: DataLoader<string, EntityDetails | null>;
  readonly series: DataLoader<SeriesItem, MetricSeriesValue | null, string>;
  /** Native edges touching an id (both directions) and its stitching keys, batched per source. */
  readonly native: DataLoader<string, NativeLinks | null>;
  /** Objects carrying a hash, URI or link value, from every source: one `match` call per source per batch. */
  readonly matches: DataLoader<KeyQuery, MatchOutcome, string>;
  /** Native and stitched edges touching an id (lineage and the cross-tracker fields read these). */
  readonly links: DataLoader<string, LinkSet | null>;
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

export function createCatalogContext(base: SubgraphRequestContext, clients: ReadonlyMap<string, SourceClient>, instances: InstanceMap, names: LinkNames): CatalogContext {
  const caller = { principalToken: base.principalToken, requestId: base.requestId };
  const id = (s: string) => s;
  const native = new DataLoader<string, NativeLinks | null>(
    grouped(instances, clients, id, false, async (c, _kind, ids) => {
      const res = await c.edges({ ids, direction: 'BOTH' }, caller);
      const keys = new Map((res.keys ?? []).map((k) => [k.id, k]));
      return ids.map((i) => ({ edges: res.edges.filter((e) => e.from === i || e.to === i), keys: keys.get(i) ?? null }));
    }),
    { maxBatchSize: 500 },
  );
  const matches = new DataLoader<KeyQuery, MatchOutcome, string>((queries) => matchEverywhere(clients, caller, queries), { cacheKeyFn: queryKey, maxBatchSize: 500 });
  const links = new DataLoader<string, LinkSet | null>(async (ids) => {
    const found = await native.loadMany(ids);
    const queries = ids.map((i, k) => {
      const n = found[k];
      return n instanceof Error ? [] : queriesFor(i, n?.keys ?? null, instances, names);
    });
    const answers = await matches.loadMany(queries.flat());
    let at = 0;
    return ids.map((i, k) => {
      const n = found[k];
      if (n instanceof Error) return n;
      const hits = new Map<string, readonly string[]>();
      const failures = new Map<string, SourceFailure>();
      for (const q of queries[k] ?? []) {
        const a = answers[at++];
        if (a === undefined || a instanceof Error) continue;
        hits.set(queryKey(q), a.ids);
        for (const f of a.failures) failures.set(f.source, f);
      }
      const stitched = stitchedEdges({ id: i, keys: n?.keys ?? null, hits }, instances, names);
      return { edges: [...(n?.edges ?? []), ...stitched], failures: [...failures.values()] };
    });
  }, { maxBatchSize: 500 });
  return {
    native,
    matches,
    links,
    ...base,
    caller,
    rows: new DataLoader(grouped(instances, clients, id, true, async (c, kind, ids) => (await c.getByIds({ kind, ids }, caller)).rows), { maxBatchSize: 500 }),
    details: new DataLoader(grouped(instances, clients, id, true, async (c, kind, ids) => (await c.details({ kind, ids }, caller)).details), { maxBatchSize: 500 }),
    series: new DataLoader(
      grouped(instances, clients, (i: SeriesItem) => i.id, false, async (c, _kind, items) => (await c.series({ items }, caller)).series),
      { cacheKeyFn: (i) => JSON.stringify([i.id, i.name, i.variant, i.maxPoints]), maxBatchSize: 500 },
    ),
    sourceErrors: [],
  };
}

/**
 * One `match` call per source for a batch of lookups. A source that fails (or searched only part of
 * its objects) is reported with every lookup of the batch; the others' answers stand.
 */
async function matchEverywhere(clients: ReadonlyMap<string, SourceClient>, caller: CallerContext, queries: readonly KeyQuery[]): Promise<MatchOutcome[]> {
  const of = (by: KeyQuery['by']) => [...new Set(queries.filter((q) => q.by === by).map((q) => q.value))];
  const request = { hashes: of('hash'), uris: of('uri'), links: of('link') };
  const hits = new Map<string, string[]>();
  const failures: SourceFailure[] = [];
  await Promise.all(
    [...clients].map(async ([source, client]) => {
      try {
        const res = await client.match(request, caller);
        for (const m of res.matches) {
          const key = queryKey({ by: m.by, value: m.value });
          hits.set(key, [...(hits.get(key) ?? []), m.id]);
        }
        if (res.partial) failures.push({ source, outcome: 'PARTIAL', message: res.partial });
      } catch (err) {
        // A source that does no stitching simply adds nothing.
        if (errorCodeOf(err) === 'NOT_SUPPORTED_BY_SOURCE') return;
        failures.push({ source, outcome: outcomeOf(err), message: err instanceof Error ? err.message : `Source "${source}" failed.` });
      }
    }),
  );
  return queries.map((q) => ({ ids: [...new Set(hits.get(queryKey(q)) ?? [])], failures }));
}
