/**
 * How long the hops in front of a source wait for it. The source subgraph enforces each tracker call's
 * own timeout (timeoutMs, per-operation `timeouts`, a connector's long defaults); the catalog and the
 * gateway only need a backstop against a hung subgraph, longer than the longest call a request can make:
 * reads make calls bounded by timeoutMs (a retry included), writes may make the longest one.
 */
import { MLCONNECTOR_DEPLOY_TIMEOUT_MS } from '../../subgraphs/mlconnector/index.js';
import type { SourceSettings } from './types.js';

/** A source's longest tracker call a write may make, in ms. */
export function longestWriteMs(source: SourceSettings): number {
  const configured = Object.values(source.timeouts ?? {});
  // MLConnector builds and pushes an image inside POST /deployment/add unless a shorter timeout is set.
  const deploy = source.kind === 'mlconnector' ? (source.timeouts?.['POST /deployment/add'] ?? MLCONNECTOR_DEPLOY_TIMEOUT_MS) : 0;
  return Math.max(source.timeoutMs, deploy, ...configured);
}

/** The catalog's budget for one contract call to the source: reads, and writes. */
export function catalogBudgets(source: SourceSettings): { readonly readMs: number; readonly writeMs: number } {
  return { readMs: source.timeoutMs * 2 + 1_000, writeMs: longestWriteMs(source) + 5_000 };
}

/** The gateway's budget for one subgraph fetch: queries wait for the catalog's reads, mutations for its writes. */
export function gatewayBudgets(sources: readonly SourceSettings[]): { readonly queryMs: number; readonly mutationMs: number } {
  const budgets = sources.map(catalogBudgets);
  return { queryMs: Math.max(...budgets.map((b) => b.readMs)) + 500, mutationMs: Math.max(...budgets.map((b) => b.writeMs)) + 5_000 };
}
