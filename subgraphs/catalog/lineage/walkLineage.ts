/**
 * `lineage(of, direction, depth, maxNodes)`: breadth-first over every source's native edges and the
 * stitched ones (stitch.ts): per hop one batched `edges` call per source of the frontier and one `match`
 * call per source (through the request's DataLoaders), cycle-safe, capped by depth and maxNodes. A
 * source whose edges or lookups cannot be read is reported in `sources` and the walk goes on without it.
 */
import { errorCodeOf, switchyardError } from '../../shared/errors.js';
import type { LineageEdgeValue } from '../../shared/model.js';
import type { SourceOutcome, SourceResult } from '../fanout/listEntities.js';
import type { CatalogContext } from '../resolvers/context.js';

export type Direction = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

export interface LineageValue {
  readonly root: string;
  /** Ids, resolved to nodes by the Lineage.nodes resolver. */
  readonly nodeIds: readonly string[];
  readonly edges: readonly LineageEdgeValue[];
  readonly truncated: boolean;
  readonly sources: readonly SourceResult[];
}

export const MAX_DEPTH = 10;
export const MAX_NODES = 5_000;

export function validateWalk(depth: number, maxNodes: number): void {
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw switchyardError('BAD_USER_INPUT', `"depth" must be between 1 and ${MAX_DEPTH}; got ${depth}.`);
  if (!Number.isInteger(maxNodes) || maxNodes < 1 || maxNodes > MAX_NODES) throw switchyardError('BAD_USER_INPUT', `"maxNodes" must be between 1 and ${MAX_NODES}; got ${maxNodes}.`);
}

/** The ends of `edge` that a walk in `direction` reaches from `id`. */
export function step(edge: LineageEdgeValue, id: string, direction: Direction): string | undefined {
  // SAME_AS has no direction: it is followed both ways.
  if (edge.relation === 'SAME_AS') return edge.from === id ? edge.to : edge.to === id ? edge.from : undefined;
  if (direction !== 'DOWNSTREAM' && edge.to === id) return edge.from;
  if (direction !== 'UPSTREAM' && edge.from === id) return edge.to;
  return undefined;
}

/** Worse outcomes win when a source is reported twice in one walk. */
const SEVERITY: Readonly<Record<SourceOutcome, number>> = { OK: 0, SKIPPED: 1, PARTIAL: 2, CIRCUIT_OPEN: 3, UNAUTHORIZED: 3, TIMEOUT: 3, ERROR: 3 };

export async function walkLineage(root: string, direction: Direction, depth: number, maxNodes: number, ctx: CatalogContext): Promise<LineageValue> {
  const visited = new Set([root]);
  const edges = new Map<string, LineageEdgeValue>();
  const outcomes = new Map<string, { outcome: SourceOutcome; message: string | null }>();
  const report = (source: string, outcome: SourceOutcome, message: string | null) => {
    const had = outcomes.get(source);
    if (!had || SEVERITY[outcome] > SEVERITY[had.outcome]) outcomes.set(source, { outcome, message });
  };
  const load = (id: string) => ctx.links.load(id).then((l) => ({ id, l }), (err: unknown) => ({ id, err }));
  let frontier = [root];
  let truncated = false;
  for (let level = 0; level < depth && frontier.length > 0; level += 1) {
    const found = await Promise.all(frontier.map(load));
    const next: string[] = [];
    for (const f of found) {
      const source = f.id.slice(0, f.id.indexOf(':'));
      if ('err' in f) {
        const code = errorCodeOf(f.err);
        report(source, code === 'SOURCE_TIMEOUT' ? 'TIMEOUT' : code === 'NOT_SUPPORTED_BY_SOURCE' ? 'SKIPPED' : 'ERROR', f.err instanceof Error ? f.err.message : 'failed');
        continue;
      }
      report(source, 'OK', null);
      for (const failure of f.l?.failures ?? []) report(failure.source, failure.outcome, failure.message);
      for (const edge of f.l?.edges ?? []) {
        const other = step(edge, f.id, direction);
        if (other === undefined) continue;
        if (!visited.has(other)) {
          if (visited.size >= maxNodes) {
            truncated = true;
            continue;
          }
          visited.add(other);
          next.push(other);
        }
        edges.set(`${edge.from}\u0000${edge.to}\u0000${edge.relation}`, edge);
      }
    }
    frontier = next;
  }
  // Depth ran out with nodes still unexplored: the walk is cut short only if they lead further.
  if (!truncated && frontier.length > 0) {
    const beyond = await Promise.all(frontier.map(async (id) => {
      const f = await load(id);
      return 'l' in f && (f.l?.edges ?? []).some((edge) => {
        const o = step(edge, id, direction);
        return o !== undefined && !visited.has(o);
      });
    }));
    truncated = beyond.some(Boolean);
  }
  return {
    root,
    nodeIds: [...visited],
    edges: [...edges.values()],
    truncated,
    sources: [...outcomes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([source, o]) => ({ source, ...o, latencyMs: null })),
  };
}
