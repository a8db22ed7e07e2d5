/** What an endpoint handler gets: the decoded call, who made it, and the emulator's state. */
import type { Clock, Fidelity } from '../shared/index.js';
import type { AuthConfig } from './auth.js';
import type { ClearMLIdentity } from './constants.js';
import { errors } from './errors.js';
import type { JsonObject } from './json.js';
import type { ClearMLStore } from './store.js';
import { formatDateTime } from './time.js';
import type { ApiVersion } from './version.js';

/** Per-instance state shared by all calls. */
export interface EmulatorEnv {
  readonly store: ClearMLStore;
  readonly clock: Clock;
  readonly fidelity: Fidelity;
  readonly auth: AuthConfig;
}

export interface CallContext {
  readonly env: EmulatorEnv;
  /** `service.action`. */
  readonly endpoint: string;
  readonly requestedVersion: ApiVersion;
  /** Min version of the implementation serving the call. */
  readonly actualVersion: string;
  /** Body merged with query arguments (empty for batch calls). */
  readonly data: JsonObject;
  /** Items of an `application/json-lines` body. */
  readonly batch: readonly JsonObject[] | undefined;
  /** Undefined only on endpoints that do not require authorization. */
  readonly identity: ClearMLIdentity | undefined;
  /** `X-ClearML-Worker` (events get it as `worker` when they carry none). */
  readonly worker: string | undefined;
  /** Extra response headers (e.g. the login cookie). */
  readonly responseHeaders: Record<string, string>;
}

/** A handler returns the `data` part of the envelope; errors are thrown as ClearMLApiError. */
export type EndpointHandler = (ctx: CallContext) => JsonObject;

/** The caller's identity on endpoints that require authorization. */
export function identityOf(ctx: CallContext): ClearMLIdentity {
  if (!ctx.identity) throw errors.noCredentials();
  return ctx.identity;
}

/** "Now" as the server writes datetimes. */
export function nowIso(ctx: CallContext): string {
  return formatDateTime(ctx.env.clock.now());
}
