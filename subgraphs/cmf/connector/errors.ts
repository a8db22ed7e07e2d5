/**
 * CMF Server's error answers (FastAPI `{"detail": …}` with an HTTP status, reference/cmf.md "Common
 * error behaviour") → Switchyard's error codes, in one place. The upstream `detail` never reaches a
 * client verbatim (it can carry the payload back, as 422 validation lists do); only the status and,
 * for the few fixed strings CMF uses, the string itself are kept in `extensions.sourceCode`.
 */
import type { GraphQLError } from 'graphql';
import { type ErrorCode, httpStatusErrorCode, switchyardError } from '../../shared/errors.js';
import { isRecord } from './wire.js';

/** Fixed `detail` strings CMF answers with; safe to repeat because they carry no data. */
const KNOWN_DETAILS = new Set(['version_update', 'Not Found', 'Method Not Allowed']);

/** The `detail` of a FastAPI error body when it is a string. */
export function detailOf(body: unknown): string | undefined {
  const d = isRecord(body) ? body['detail'] : undefined;
  return typeof d === 'string' ? d : undefined;
}

/** FastAPI's answer for a route that does not exist (as opposed to CMF's own 404 for an unknown pipeline). */
export function isRouteMissing(status: number, body: unknown): boolean {
  return status === 405 || (status === 404 && (body === undefined || detailOf(body) === 'Not Found'));
}

/**
 * The registry code for a CMF status. `pipelineNotFound` is true on pulls, where 404 (B/C) and 406
 * (A; B/C when the dump comes back empty) mean "no such pipeline": then NOT_FOUND.
 */
export function cmfErrorCode(status: number, body: unknown, pipelineNotFound: boolean): ErrorCode {
  if (pipelineNotFound && (status === 406 || (status === 404 && !isRouteMissing(status, body)))) return 'NOT_FOUND';
  return httpStatusErrorCode(status);
}

export interface CmfErrorOptions {
  /** The endpoint, for the message (never the URL). */
  readonly endpoint: string;
  readonly pipelineNotFound?: boolean;
  readonly id?: string | undefined;
}

/** The error for a non-2xx CMF answer; `body` is the parsed JSON body when there was one. */
export function cmfError(source: string, status: number, body: unknown, o: CmfErrorOptions): GraphQLError {
  const code = cmfErrorCode(status, body, o.pipelineNotFound ?? false);
  const detail = detailOf(body);
  const sourceCode = detail !== undefined && KNOWN_DETAILS.has(detail) ? `${status}/${detail}` : String(status);
  const what =
    code === 'NOT_FOUND'
      ? 'has no such pipeline'
      : code === 'BAD_USER_INPUT'
        ? detail === 'version_update'
          ? 'refused the document: an execution lacks Execution_uuid (written by a cmflib older than the server)'
          : 'refused the request as invalid'
        : 'refused the call';
  return switchyardError(code, `Source "${source}" ${what}: ${o.endpoint} answered ${status}.`, {
    source,
    ...(o.id !== undefined ? { id: o.id } : {}),
    extensions: { sourceCode },
  });
}
