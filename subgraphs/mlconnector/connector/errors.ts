/**
 * MLConnector's error answers (FastAPI `{"detail": …}`, reference/mlconnector.md §3/§5) → registry
 * codes. The upstream detail strings are fixed texts (typos included) and carry no data, so the known
 * ones are kept in `extensions.sourceCode`; 422 lists can echo the payload and are never repeated.
 */
import type { GraphQLError } from 'graphql';
import { type ErrorCode, httpStatusErrorCode, switchyardError } from '../../shared/errors.js';
import { isRecord } from './wire.js';

/** The 404 details MLConnector answers for "no such object" or "empty list". */
export const NOT_FOUND_DETAILS = new Set([
  'No models were not found',
  'No model details found',
  'No models found with the provided tags',
  'Model was not found',
  'No deployments were not found',
  'No model details found with that model_id',
  'No deployment with matching id was found',
  'Deployment was not found',
]);

const KNOWN_DETAILS = new Set([...NOT_FOUND_DETAILS, 'Not Found', 'Method Not Allowed', 'Failed to upload file to S3']);

export function detailOf(body: unknown): string | undefined {
  const d = isRecord(body) ? body['detail'] : undefined;
  return typeof d === 'string' ? d : undefined;
}

/** MLConnector's own 404 (an unknown or empty thing), as opposed to FastAPI's missing route. */
export function isUpstreamNotFound(status: number, body: unknown): boolean {
  const d = detailOf(body);
  return status === 404 && d !== undefined && NOT_FOUND_DETAILS.has(d);
}

export function mlconnectorErrorCode(status: number, body: unknown): ErrorCode {
  if (isUpstreamNotFound(status, body)) return 'NOT_FOUND';
  return httpStatusErrorCode(status);
}

export function mlconnectorError(source: string, status: number, body: unknown, endpoint: string, id?: string): GraphQLError {
  const code = mlconnectorErrorCode(status, body);
  const detail = detailOf(body);
  const sourceCode = detail !== undefined && KNOWN_DETAILS.has(detail) ? `${status}/${detail}` : String(status);
  const fields = Array.isArray(isRecord(body) ? body['detail'] : undefined) ? invalidFields(body) : [];
  const what = code === 'NOT_FOUND' ? `has no such object (${detail ?? 'not found'})` : code === 'BAD_USER_INPUT' ? `refused the request as invalid${fields.length ? ` (${fields.join(', ')})` : ''}` : 'refused the call';
  return switchyardError(code, `Source "${source}" ${what}: ${endpoint} answered ${status}.`, { source, ...(id !== undefined ? { id } : {}), extensions: { sourceCode } });
}

/** The field paths a 422 names (`body.placement.continuum`), never the input values. */
export function invalidFields(body: unknown): string[] {
  const detail = isRecord(body) ? body['detail'] : undefined;
  if (!Array.isArray(detail)) return [];
  return detail.flatMap((d) => (isRecord(d) && Array.isArray(d['loc']) ? [d['loc'].map(String).join('.')] : []));
}
