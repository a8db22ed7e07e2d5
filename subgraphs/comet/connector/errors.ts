/**
 * Comet's error answers (HTTP status + `{code, msg, sdk_error_code}`, reference/comet.md §6) → Switchyard's
 * error codes, in one place. The upstream `msg` never reaches a client-facing error (it can name other
 * users' objects and carries backend wording); only `status/sdk_error_code` is kept, as `sourceCode`,
 * because it names the condition without leaking data.
 */
import type { GraphQLError } from 'graphql';
import { type ErrorCode, switchyardError } from '../../shared/errors.js';
import { isRecord } from './wire.js';

/** `nonExistingRun`: an unknown experiment key, answered 404 by reads and 400 by writes (§6.3). */
export const SDK_NON_EXISTING_RUN = 90211;

/** Codes naming an object that does not exist: registryModelNotFound, noArtifactFound, noArtifactVersionFound (§6.3). */
const NOT_FOUND_SDK_CODES: ReadonlySet<number> = new Set([42008, 624522, 624523]);

/** The sdk_error_code of a Comet error body, or 0 when there is none (a proxy's page, an empty body). */
export function sdkErrorCodeOf(body: unknown): number {
  const code = isRecord(body) ? body['sdk_error_code'] : undefined;
  return typeof code === 'number' && Number.isInteger(code) ? code : 0;
}

/** The registry code for a Comet status and sdk_error_code. */
export function cometErrorCode(status: number, sdkErrorCode: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404 || sdkErrorCode === SDK_NON_EXISTING_RUN || NOT_FOUND_SDK_CODES.has(sdkErrorCode)) return 'NOT_FOUND';
  if (status === 400) return 'BAD_USER_INPUT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'SOURCE_UNAVAILABLE';
  return 'SOURCE_ERROR';
}

/**
 * The error for a non-2xx Comet answer. `body` is the parsed JSON body when there was one.
 * 401/403 mean the backend rejected *Switchyard's* key: the caller's own credential was fine.
 */
export function cometError(source: string, status: number, body: unknown, endpoint: string, id?: string): GraphQLError {
  const sdk = sdkErrorCodeOf(body);
  const code = cometErrorCode(status, sdk);
  const what = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? "rejected Switchyard's credential" : 'refused the call';
  return switchyardError(code, `Source "${source}" ${what}: ${endpoint} answered ${status}/${sdk}.`, {
    source,
    ...(id !== undefined ? { id } : {}),
    extensions: { sourceCode: `${status}/${sdk}` },
  });
}
