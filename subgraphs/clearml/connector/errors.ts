/**
 * ClearML's error envelopes → Switchyard's error codes, in one place (as RemoteGraphQLDataSource's
 * errorFromResponse does). The upstream message stays out of client-facing errors; only the
 * code/subcode pair is kept, because it names the condition without leaking data.
 */
import type { GraphQLError } from 'graphql';
import { type ErrorCode, switchyardError } from '../../shared/errors.js';
import type { ClearMLEnvelope } from './wire.js';

/** Subcodes of 400 that mean "no such object" (errors.conf: invalid_task_id, invalid_model_id, …). */
const NOT_FOUND_400 = new Set([10, 101, 201, 301, 401, 701]);
/** Subcodes of 400 that mean "not in a state that allows this" (invalid_task_status, task_published, …). */
const CONFLICT_400 = new Set([110, 111, 112, 113, 121, 129, 202, 203, 205, 206, 402, 405, 406, 702, 703, 706, 801]);

export function clearmlError(source: string, envelope: ClearMLEnvelope, endpoint: string, id?: string): GraphQLError {
  const status = envelope.meta.result_code;
  const sub = envelope.meta.result_subcode ?? 0;
  let code: ErrorCode;
  if (status === 401) code = 'UNAUTHENTICATED';
  else if (status === 403) code = 'FORBIDDEN';
  // 404: the server has no such endpoint (or not at this version); 501: an emulator that does not implement it.
  else if (status === 404 || status === 501) code = 'NOT_SUPPORTED_BY_SOURCE';
  else if (status === 400 && NOT_FOUND_400.has(sub)) code = 'NOT_FOUND';
  else if (status === 400 && CONFLICT_400.has(sub)) code = 'CONFLICT';
  else if (status === 400) code = 'BAD_USER_INPUT';
  else if (status === 502 || status === 503 || status === 504) code = 'SOURCE_UNAVAILABLE';
  else code = 'SOURCE_ERROR';
  const what = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? "rejected Switchyard's credential" : 'refused the call';
  return switchyardError(code, `Source "${source}" ${what}: ${endpoint} answered ${status}/${sub}.`, {
    source,
    ...(id !== undefined ? { id } : {}),
    extensions: { sourceCode: `${status}/${sub}` },
  });
}
