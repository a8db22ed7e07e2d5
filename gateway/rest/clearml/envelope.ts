/**
 * ClearML's `{meta, data}` envelope for the answers the /clearml mount renders itself (auth.login,
 * credential errors, the union view). Passthrough answers come from the tracker byte for byte.
 * Shapes: reference/clearml.md §2.2; messages and code/subcode pairs: errors.conf.
 */
import { randomBytes } from 'node:crypto';
import { jsonResponse, type RestResponse } from '../shared/types.js';

/** The API version a path asks for (`/v2.23/x.y` → "2.23"), or the max version we speak. */
export function requestedVersion(path: string): string {
  return /^\/v(\d+\.\d+)\//.exec(path)?.[1] ?? CLEARML_MAX_API_VERSION;
}

export const CLEARML_MAX_API_VERSION = '2.23';

export interface EnvelopeOptions {
  readonly endpoint: string;
  readonly path: string;
  readonly trx?: string | undefined;
  readonly actualVersion?: string | null;
}

export function clearmlOk(data: unknown, o: EnvelopeOptions): RestResponse {
  return render(200, 0, 'OK', data, {}, o);
}

export function clearmlError(code: number, subcode: number, msg: string, o: EnvelopeOptions, errorData: Record<string, unknown> = {}): RestResponse {
  return render(code, subcode, msg, {}, errorData, o);
}

function render(code: number, subcode: number, msg: string, data: unknown, errorData: Record<string, unknown>, o: EnvelopeOptions): RestResponse {
  const id = randomBytes(16).toString('hex');
  return jsonResponse(
    code,
    {
      meta: {
        id,
        trx: o.trx ?? id,
        endpoint: { name: o.endpoint, requested_version: requestedVersion(o.path), actual_version: o.actualVersion === undefined ? requestedVersion(o.path) : o.actualVersion },
        result_code: code,
        result_subcode: subcode,
        result_msg: msg,
        error_stack: null,
        error_data: errorData,
      },
      data,
    },
    { server: 'clearml' },
  );
}

/** The errors the mount raises itself (errors.conf names in comments). */
export const CLEARML_ERRORS = {
  /** 401/20 no_credentials */
  noCredentials: [401, 20, 'Unauthorized (missing credentials)'],
  /** 401/10 bad_auth_type */
  badAuthType: [401, 10, 'Unauthorized (bad authentication header type)'],
  /** 401/21 bad_credentials */
  badCredentials: [401, 21, 'Unauthorized (malformed credentials)'],
  /** 401/22 invalid_credentials */
  invalidCredentials: [401, 22, 'Unauthorized (invalid credentials) (failed to locate provided credentials)'],
  /** 401/30 invalid_token */
  invalidToken: [401, 30, 'Invalid token (invalid jwt token)'],
  /** 400/12 validation_error */
  validation: [400, 12, 'Validation error'],
} as const;

/**
 * A supergraph error in ClearML's envelope, for what the mount renders (union view, routed writes). The
 * catalog's messages are free of internals, so they are quoted; `source` names where the operation went.
 * Never a 500: a code the mount does not know is the source being unavailable.
 */
export function clearmlErrorForCode(code: string | undefined, message: string, source: string, o: EnvelopeOptions): RestResponse {
  const msg = message.slice(0, 300);
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'NOT_SUPPORTED_BY_SOURCE':
    case 'NOT_FOUND':
      return clearmlError(400, 12, `Validation error (${msg})`, o, { reason: msg });
    case 'CONFLICT':
      return clearmlError(409, 0, `Switchyard: ${msg}`, o);
    case 'FORBIDDEN':
      return clearmlError(403, 20, `forbidden (not allowed for role): ${msg}`, o);
    case 'UNAUTHENTICATED':
      return clearmlError(...CLEARML_ERRORS.noCredentials, o);
    case 'RATE_LIMITED':
      return clearmlError(429, 0, `Too many requests: ${msg}`, o);
    case 'SOURCE_TIMEOUT':
      return clearmlError(504, 0, `Switchyard: source "${source}" did not answer in time`, o);
    default:
      return clearmlError(503, 0, `Switchyard: source "${source}" is unavailable`, o);
  }
}
