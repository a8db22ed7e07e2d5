/** The REST passthrough's request and answer, as the connectors forward them to a tracker. */

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
