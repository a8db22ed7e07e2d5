/**
 * Apollo Server 5 + @apollo/gateway over the checked-in supergraph. Subgraph names map to the URLs the
 * stack really listens on (the routing URLs in the supergraph are only the defaults of `npm start`).
 * Error hygiene: registry codes pass with their source and id; everything else is masked.
 */
import type { Logger } from '../../subgraphs/shared/log.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { repoRoot } from '../../schema/repoRoot.js';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { isErrorCode } from '../../subgraphs/shared/errors.js';
import { type ComplexityLimits, createComplexityPlugin } from '../limits/index.js';
import type { GatewayContext } from './context.js';
import { SwitchyardDataSource } from './SwitchyardDataSource.js';

export interface GraphQLServerOptions {
  /** Subgraph name → base URL (…/graphql is appended). */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly principalSecret: string;
  readonly clock: Clock;
  readonly supergraphSdl?: string;
  /** Budget for one subgraph call. @default 30_000 */
  readonly subgraphTimeoutMs?: number;
  /** Budget for a mutation's subgraph fetch (a write may make a source's longest tracker call). */
  readonly mutationTimeoutMs?: number;
  readonly plugins?: readonly ApolloServerPlugin<GatewayContext>[];
  readonly logger?: Logger;
  /** Depth and cost limits (gateway/limits), with the number of configured sources merged lists fan out to; none when absent. */
  readonly complexity?: { readonly limits: ComplexityLimits; readonly sourceCount: number };
}

export function readSupergraphSdl(): string {
  return readFileSync(join(repoRoot(), 'schema/supergraph.graphql'), 'utf8');
}

export async function createGraphQLServer(options: GraphQLServerOptions): Promise<ApolloServer<GatewayContext>> {
  const supergraphSdl = options.supergraphSdl ?? readSupergraphSdl();
  // Cost weights and list sizes come from the supergraph's @cost / @listSize (docs/adr/0011).
  const complexity = options.complexity ? [createComplexityPlugin<GatewayContext>({ supergraphSdl, ...options.complexity })] : [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const base = options.subgraphUrls[name];
      if (!base) throw new Error(`No URL for subgraph "${name}"`);
      return new SwitchyardDataSource({ subgraph: name, url: `${base.replace(/\/+$/, '')}/graphql`, principalSecret: options.principalSecret, clock: options.clock, ...(options.subgraphTimeoutMs !== undefined ? { timeoutMs: options.subgraphTimeoutMs } : {}), ...(options.mutationTimeoutMs !== undefined ? { mutationTimeoutMs: options.mutationTimeoutMs } : {}) });
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // GraphiQL is served from local assets by the HTTP layer; Apollo's CDN landing page stays off.
    plugins: [ApolloServerPluginLandingPageDisabled(), ...complexity, ...(options.plugins ?? [])],
    formatError: (formatted) => maskError(formatted, options.logger),
  });
  await server.start();
  return server;
}

/** Codes graphql-js / Apollo Server raise for the caller's own mistakes: their messages are safe. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);
/** What a limit error says about itself (QUERY_TOO_COMPLEX: the measure and the limit) is kept too. */
const KEPT_EXTENSIONS = ['code', 'source', 'id', 'ids', 'reason', 'cost', 'maxCost', 'depth', 'maxDepth'] as const;

export function maskError(formatted: GraphQLFormattedError, logger?: Logger): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = ext['code'];
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (isErrorCode(code) || (typeof code === 'string' && REQUEST_CODES.has(code))) {
    const extensions: Record<string, unknown> = {};
    for (const key of KEPT_EXTENSIONS) if (ext[key] !== undefined) extensions[key] = ext[key];
    return { message: formatted.message, ...base, extensions };
  }
  // The masked error's code and path only: its message may carry an upstream's internals.
  logger?.warn({ code: typeof code === 'string' ? code : null, path: formatted.path ?? null }, 'masked gateway error');
  return { message: 'Internal server error', ...base, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
