/**
 * The union-view flag of the REST mounts (DESIGN §6): `?switchyard.sources=all` (or a comma-separated list
 * of source names), else the header `X-Switchyard-Sources`. The query parameter wins because it is what a
 * caller typed for this one request; a header may come from a client-wide session setting.
 */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationRunner } from './operationRunner.js';

/** The query parameter that asks for the union view (every mount declares it in its parameter subsets). */
export const UNION_PARAMETER = 'switchyard.sources';

/** 'all', the named sources, or undefined when the request does not ask for the union view. */
export type UnionSources = 'all' | readonly string[];

/** The flag's raw value (trimmed), or undefined when the request does not carry one (or an empty one). */
export function unionFlag(search: string, headers: Readonly<Record<string, string>>): string | undefined {
  const raw = (new URLSearchParams(search).get(UNION_PARAMETER) ?? headers['x-switchyard-sources'] ?? '').trim();
  return raw === '' ? undefined : raw;
}

export function unionSources(search: string, headers: Readonly<Record<string, string>>): UnionSources | undefined {
  const raw = unionFlag(search, headers);
  if (raw === undefined) return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) return undefined;
  return names.some((n) => n.toLowerCase() === 'all') ? 'all' : names;
}

/** The `sources` entry of a GraphQL list filter: omitted for 'all'. */
export function sourcesFilter(sources: UnionSources): { readonly sources?: readonly string[] } {
  return sources === 'all' ? {} : { sources };
}

/** What a mount's union view runs with: its source, the supergraph runner, the caller's principal. */
export interface UnionContext {
  readonly source: string;
  readonly run: OperationRunner | undefined;
  readonly principal: Principal;
}
