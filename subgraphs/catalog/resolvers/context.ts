/** The catalog's per-request context: who is calling, one DataLoader per source, errors to report beside data. */
import DataLoader from 'dataloader';
import type { GraphQLError } from 'graphql';
import type { TaskDetails, TaskRow } from '../../shared/model.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import type { SourceClient } from '../../shared/SourceClient.js';

export interface CatalogContext extends SubgraphRequestContext {
  /** Rows by global id (get-by-ids), batched per source. */
  readonly rows: DataLoader<string, TaskRow | null>;
  /** Detail fields by global id, batched per source. */
  readonly details: DataLoader<string, TaskDetails | null>;
  /** Errors naming a failed source, appended to the response by the catalog's plugin. */
  readonly sourceErrors: GraphQLError[];
}

/** Groups ids by their source instance (the id's first part) and calls `load` once per source. */
function perSource<T>(clients: ReadonlyMap<string, SourceClient>, load: (client: SourceClient, ids: string[]) => Promise<readonly (T | null)[]>) {
  return async (ids: readonly string[]): Promise<(T | null | Error)[]> => {
    const groups = new Map<string, number[]>();
    ids.forEach((id, i) => {
      const source = id.slice(0, id.indexOf(':'));
      groups.set(source, [...(groups.get(source) ?? []), i]);
    });
    const out: (T | null | Error)[] = ids.map(() => null);
    await Promise.all(
      [...groups].map(async ([source, indexes]) => {
        const client = clients.get(source);
        if (!client) return;
        try {
          const got = await load(client, indexes.map((i) => ids[i] as string));
          indexes.forEach((i, k) => (out[i] = got[k] ?? null));
        } catch (err) {
          indexes.forEach((i) => (out[i] = err instanceof Error ? err : new Error(String(err))));
        }
      }),
    );
    return out;
  };
}

export function createCatalogContext(base: SubgraphRequestContext, clients: ReadonlyMap<string, SourceClient>): CatalogContext {
  const caller = { principalToken: base.principalToken, requestId: base.requestId };
  return {
    ...base,
    rows: new DataLoader(perSource(clients, async (c, ids) => (await c.getByIds({ kind: 'task', ids }, caller)).rows), { maxBatchSize: 500 }),
    details: new DataLoader(perSource(clients, async (c, ids) => (await c.details({ kind: 'task', ids }, caller)).details), { maxBatchSize: 500 }),
    sourceErrors: [],
  };
}
