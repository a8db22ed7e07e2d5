/**
 * Comet's error body (`{code, msg, sdk_error_code}`, reference/comet.md §6) and how a supergraph error
 * code reads in it: one mapping for everything the /comet mount renders (union view, routed writes).
 */
import { jsonResponse, type RestResponse } from '../shared/types.js';

/** Comet's sdk_error_code for an API key it does not know (reference/comet.md §6.3). */
export const API_KEY_NOT_REGISTERED = 90212;

/** A refusal before it is rendered: HTTP status, message, Comet's sdk_error_code. */
export interface CometRefusal {
  readonly status: number;
  readonly msg: string;
  readonly sdkErrorCode: number;
}

export function cometError(status: number, msg: string, sdkErrorCode = 0): RestResponse {
  return jsonResponse(status, { code: status, msg, sdk_error_code: sdkErrorCode });
}

export function cometErrorOf(r: CometRefusal): RestResponse {
  return cometError(r.status, r.msg, r.sdkErrorCode);
}

/**
 * A supergraph error in Comet's words. The catalog's messages are already free of internals, so they are
 * quoted; `source` names the tracker the operation went to. Never a 500: an unknown code is the source
 * being unavailable.
 */
export function refusalForCode(code: string | undefined, message: string, source: string): CometRefusal {
  const msg = message.slice(0, 300);
  switch (code) {
    case 'BAD_USER_INPUT':
    case 'NOT_SUPPORTED_BY_SOURCE':
      return { status: 400, msg: `Switchyard: ${msg}`, sdkErrorCode: 0 };
    case 'CONFLICT':
      return { status: 409, msg: `Switchyard: ${msg}`, sdkErrorCode: 0 };
    case 'FORBIDDEN':
      return { status: 403, msg: `Forbidden: ${msg}`, sdkErrorCode: 0 };
    case 'UNAUTHENTICATED':
      return { status: 401, msg: 'Invalid or missing API key', sdkErrorCode: API_KEY_NOT_REGISTERED };
    case 'RATE_LIMITED':
      return { status: 429, msg: `Too many requests: ${msg}`, sdkErrorCode: 0 };
    case 'SOURCE_TIMEOUT':
      return { status: 504, msg: `Switchyard: source "${source}" did not answer in time`, sdkErrorCode: 0 };
    default:
      return { status: 503, msg: `Switchyard: source "${source}" is unavailable`, sdkErrorCode: 0 };
  }
}
