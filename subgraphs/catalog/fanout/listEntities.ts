/**
 * `tasks`, `models`, `artifacts`, `deployments` (filter, orderBy, first, after): fan out to every
 * included source in parallel, merge their pages, and report each source's outcome. A source that
 * fails is reported (and named in an error) but never fails the list; it stays out of the rest of the
 * traversal. A source that cannot list the kind is SKIPPED (no error: it has nothing to give).
 */
import type { GraphQLError } from 'graphql';
import type { Clock } from '../../shared/clock.js';
import { errorCodeOf, reasonOf, switchyardError } from '../../shared/errors.js';
import type { EntityKind, EntityRow } from '../../shared/model.js';
import type { ListOrder, ListRequest, ListResponse } from '../../shared/sourceContract.js';
import { bindingOf, type CursorState, decodeCursor, encodeCursor, type SourceState } from '../cursor/cursor.js';
import { mergePage, type SourcePage } from '../merge/mergePage.js';
import type { CallerContext, SourceClient } from '../../shared/SourceClient.js';
import { normaliseFilter, resolveSources, validateFirst } from './listFilters.js';

export type SourceOutcome = 'OK' | 'PARTIAL' | 'TIMEOUT' | 'ERROR' | 'UNAUTHORIZED' | 'CIRCUIT_OPEN' | 'SKIPPED';

export interface SourceResult {
  readonly source: string;
  readonly outcome: SourceOutcome;
  readonly message: string | null;
  readonly latencyMs: number | null;
}

export interface ConnectionValue {
  readonly edges: readonly { cursor: string; node: EntityRow }[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
  readonly sources: readonly SourceResult[];
}

export interface ListArgs {
  /** The kind's GraphQL filter input, already shaped by the schema. */
  readonly filter?: ({ readonly sources?: readonly string[] | null } & Record<string, unknown>) | null;
  readonly orderBy: ListOrder;
  readonly first: number;
  readonly after?: string | null;
}

export interface ListDeps {
  readonly clients: ReadonlyMap<string, SourceClient>;
  readonly cursorSecret: string;
  readonly schemaVersion: string;
  readonly clock: Clock;
  readonly caller: CallerContext;
  /** Errors to report beside the data (the catalog's response plugin appends them). */
  readonly reportError: (err: GraphQLError) => void;
}

export async function listEntities(kind: EntityKind, args: ListArgs, deps: ListDeps): Promise<ConnectionValue> {
  const first = validateFirst(args.first);
  const filter = normaliseFilter(kind, args.filter);
  const sources = resolveSources(args.filter?.sources, [...deps.clients.keys()]);
  const binding = bindingOf({ kind, filter, order: args.orderBy, sources, v: deps.schemaVersion });
  const start: CursorState = args.after
    ? decodeCursor(args.after, binding, deps.cursorSecret)
    : { positions: Object.fromEntries(sources.map((s) => [s, 'start' as SourceState])), failed: [] };

  const results: SourceResult[] = [];
  const pages: SourcePage[] = [];
  const failed = new Set(start.failed);

  await Promise.all(
    sources.map(async (name) => {
      const before = start.positions[name] ?? 'start';
      if (failed.has(name)) {
        results.push({ source: name, outcome: 'SKIPPED', message: 'failed earlier in this traversal', latencyMs: null });
        return;
      }
      if (before === 'done') {
        results.push({ source: name, outcome: 'OK', message: null, latencyMs: 0 });
        pages.push({ source: name, rows: [], hasMore: false, before });
        return;
      }
      const client = deps.clients.get(name) as SourceClient;
      const started = deps.clock.now();
      let page: ListResponse;
      try {
        // kind and filter were normalised together, so the pair is one of ListRequest's variants.
        const request = { kind, filter, order: args.orderBy, first, after: before === 'start' ? null : before } as Omit<ListRequest, 'instance'>;
        page = await client.list(request, deps.caller);
      } catch (err) {
        if (errorCodeOf(err) === 'NOT_SUPPORTED_BY_SOURCE') {
          results.push({ source: name, outcome: 'SKIPPED', message: err instanceof Error ? err.message : `Source "${name}" cannot list ${kind}s.`, latencyMs: deps.clock.now() - started });
          pages.push({ source: name, rows: [], hasMore: false, before });
          return;
        }
        failed.add(name);
        const outcome = outcomeOf(err);
        const message = err instanceof Error ? err.message : `Source "${name}" failed.`;
        results.push({ source: name, outcome, message, latencyMs: deps.clock.now() - started });
        deps.reportError(asSourceError(err, name));
        return;
      }
      results.push({ source: name, outcome: page.partial ? 'PARTIAL' : 'OK', message: page.partial ?? null, latencyMs: deps.clock.now() - started });
      pages.push({ source: name, rows: page.rows, hasMore: page.hasMore, before, next: page.next });
    }),
  );

  const merged = mergePage(pages, args.orderBy, first);
  const failedList = [...failed].sort();
  const cursorOf = (positions: Readonly<Record<string, SourceState>>) => encodeCursor({ positions: { ...start.positions, ...positions }, failed: failedList }, binding, deps.cursorSecret);
  const edges = merged.edges.map((e) => ({ cursor: cursorOf(e.positions), node: e.row }));
  results.sort((a, b) => (a.source < b.source ? -1 : 1));
  return {
    edges,
    pageInfo: { hasNextPage: merged.hasNextPage, endCursor: edges.length > 0 || merged.hasNextPage ? cursorOf(merged.positions) : null },
    sources: results,
  };
}

/** The outcome a failed source call is reported with. */
export function outcomeOf(err: unknown): SourceOutcome {
  // The source's breaker refused the call without reaching the tracker (SOURCE_UNAVAILABLE, reason circuit-open).
  if (reasonOf(err) === 'circuit-open') return 'CIRCUIT_OPEN';
  const code = errorCodeOf(err);
  if (code === 'SOURCE_TIMEOUT') return 'TIMEOUT';
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return 'UNAUTHORIZED';
  return 'ERROR';
}

function asSourceError(err: unknown, source: string): GraphQLError {
  const code = errorCodeOf(err);
  if (code && err instanceof Error) return err as GraphQLError;
  return switchyardError('SOURCE_ERROR', `Source "${source}" failed.`, { source });
}
