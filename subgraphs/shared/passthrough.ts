/** The REST passthrough's request and answer, as the connectors forward them to a tracker. */
import type { Got, Response } from 'got';
import { transportError } from './httpClient.js';

export interface RawRequest {
  readonly method: string;
  /** Path after the mount, e.g. `/v2.23/tasks.get_all` or `/api/rest/v2/experiments`. */
  readonly path: string;
  /** Query string including `?`, or ''. */
  readonly search: string;
  /** Lower-case header names; each connector forwards only the ones its tracker reads. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ForwardOptions {
  /** Source instance name, for errors. */
  readonly source: string;
  /** Path (without a leading slash) and query string to call on the connector's base URL. */
  readonly target: string;
  readonly method: string;
  /** Headers to send: the caller's forwarded ones plus the connector's own credential. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Response headers handed back to the caller. */
  readonly returned: readonly string[];
  /** This call's timeout (the source guard's choice for it); else the client's default. */
  readonly timeoutMs?: number | undefined;
}

/**
 * One raw call for a REST passthrough: no retry (the client retries itself), no decompression (the
 * caller gets the tracker's bytes and their encoding header), transport failures as registry errors.
 */
export async function forwardRaw(http: Got, o: ForwardOptions): Promise<RawResponse> {
  let res: Response<Buffer>;
  try {
    res = await http(o.target, {
      method: o.method as 'GET',
      headers: o.headers,
      ...(o.body.length > 0 ? { body: o.body } : {}),
      responseType: 'buffer',
      decompress: false,
      retry: { limit: 0 },
      ...(o.timeoutMs !== undefined ? { timeout: { request: o.timeoutMs } } : {}),
    });
  } catch (err) {
    throw transportError(o.source, err);
  }
  const headers: Record<string, string> = {};
  for (const name of o.returned) {
    const v = res.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  return { status: res.statusCode, headers, body: res.rawBody };
}
