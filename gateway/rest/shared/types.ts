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
}

export function jsonResponse(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): RestResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
