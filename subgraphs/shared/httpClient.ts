/**
 * The connector toolkit's HTTP client: got with keep-alive agents and a default per-call timeout, and
 * never got's own retry. Retries (reads only, within a budget), per-operation timeouts and the circuit
 * breaker live in `resilience/` (`SourceGuard`), which sets each request's timeout. Transport failures
 * are turned into registry errors naming the source here, in one place; each tracker's connector maps
 * its own 4xx envelopes on top.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { got, type Got, HTTPError, RequestError, TimeoutError } from 'got';
import type { GraphQLError } from 'graphql';
import { type ErrorCode, switchyardError } from './errors.js';

export interface HttpClientOptions {
  /** Source instance name, for error extensions. */
  readonly source: string;
  readonly baseUrl: string;
  /** Whole-request timeout when a request sets none. @default 10_000 */
  readonly timeoutMs?: number;
}

/** Why a call is made (as @apollo/gateway's data sources say): reads may retry, writes never do. */
export type CallKind = 'read' | 'write';

export function createHttpClient(options: HttpClientOptions): Got {
  const agent = {
    http: new HttpAgent({ keepAlive: true, maxSockets: 32 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 32 }),
  };
  return got.extend({
    prefixUrl: options.baseUrl.replace(/\/+$/, ''),
    agent,
    timeout: { request: options.timeoutMs ?? 10_000 },
    retry: { limit: 0 },
    throwHttpErrors: false,
    allowGetBody: true,
    followRedirect: false,
  });
}

/** The registry error for a transport failure or an unexpected upstream status; never leaks URLs or bodies. */
export function transportError(source: string, err: unknown): GraphQLError {
  if (err instanceof TimeoutError) return switchyardError('SOURCE_TIMEOUT', `Source "${source}" did not answer in time.`, { source, cause: err });
  if (err instanceof HTTPError) return statusError(source, err.response.statusCode);
  if (err instanceof RequestError) return switchyardError('SOURCE_UNAVAILABLE', `Source "${source}" is unreachable (${err.code}).`, { source, cause: err });
  return switchyardError('SOURCE_ERROR', `Source "${source}" failed.`, { source, cause: err });
}

/** Map an upstream status no tracker-specific rule claimed. */
export function statusError(source: string, status: number): GraphQLError {
  const code: ErrorCode =
    status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 429 ? 'RATE_LIMITED' : status === 502 || status === 503 || status === 504 ? 'SOURCE_UNAVAILABLE' : 'SOURCE_ERROR';
  const what = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? `rejected Switchyard's credential (HTTP ${status})` : `answered HTTP ${status}`;
  return switchyardError(code, `Source "${source}" ${what}.`, { source });
}
