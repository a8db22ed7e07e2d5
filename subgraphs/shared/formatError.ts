/**
 * Error hygiene for subgraphs: registry-coded errors pass with their message, code, source, id and reason;
 * anything else is a bug and is masked (the original goes to the log, never to the client).
 */
import type { GraphQLFormattedError } from 'graphql';
import { isErrorCode } from './errors.js';

const SAFE_EXTENSIONS = ['code', 'source', 'id', 'reason', 'http'] as const;
/** Codes Apollo Server itself produces for the caller's mistakes; their messages are safe. */
const APOLLO_CLIENT_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

export function formatSafeError(formatted: GraphQLFormattedError, log?: (err: unknown) => void): GraphQLFormattedError {
  const code = formatted.extensions?.['code'];
  if (isErrorCode(code) || (typeof code === 'string' && APOLLO_CLIENT_CODES.has(code))) {
    const extensions: Record<string, unknown> = {};
    for (const key of SAFE_EXTENSIONS) {
      const value = formatted.extensions?.[key];
      if (value !== undefined && key !== 'http') extensions[key] = value;
    }
    return { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}), extensions };
  }
  log?.(formatted);
  return {
    message: 'Internal server error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
