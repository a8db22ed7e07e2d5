import type { RequestKind } from '../../access/passthroughGate.js';
/** What a REST mount sees of a request, and answers. Each mount owns its parsing and error rendering. */
export interface RestRequest {
  readonly method: string;
  /** Path after the mount prefix, starting with '/'. */
  readonly path: string;
  /** Query string with its '?', or ''. */
  readonly search: string;
  /** Lower-case header names, single values. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly requestId: string;
}

export interface RestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export interface RestMount {
  /** e.g. '/clearml' */
  readonly prefix: string;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  handle(req: RestRequest): Promise<RestResponse>;
  /** The mount's own answer for a body over the limit. */
  tooLarge(req: Omit<RestRequest, 'body'>): RestResponse;
  /** Whose rate limit a request counts against: the principal the mount would act as; `anonymous` when the credential identifies no one (the mount then answers 401 itself). */
  principalOf(req: Omit<RestRequest, 'body'>): string;
  /** The mount's own answer (the tracker's 429 shape, with `Retry-After`) for a caller over its rate limit. */
  rateLimited(req: Omit<RestRequest, 'body'>, retryAfterSeconds: number): RestResponse;
  /** The source instance the mount serves (access rules name it). */
  readonly source: string;
  /** Whether a request writes, and whether Switchyard renders it (union view) instead of passing it through. */
  kindOf(req: Omit<RestRequest, 'body'>): RequestKind;
  /** The mount's own answer (the tracker's 403 shape) for a caller its access rule refuses. */
  forbidden(req: Omit<RestRequest, 'body'>, reason: string): RestResponse;
}

/** The principal id of requests whose credential identifies no one. */
export const ANONYMOUS_PRINCIPAL = 'anonymous';

/** A response with `Retry-After` added. */
export function withRetryAfter(res: RestResponse, retryAfterSeconds: number): RestResponse {
  return { ...res, headers: { ...res.headers, 'retry-after': String(retryAfterSeconds) } };
}

export function jsonResponse(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): RestResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
