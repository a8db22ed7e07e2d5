/**
 * API-key check. Comet takes the raw key (no `Bearer `) in `Authorization` (docs, R, Python, cometx) or in
 * `Comet-Sdk-Api` (Java SDK); reference §2. A bad or missing key is a 401 (the Python SDK maps a 401 on REST v2 to
 * `InvalidRestAPIKey`) carrying `apiKeyNotRegistered` (90212), the backend's name for an unknown key. The messages
 * are the emulator's own: no recording of a real 401 body exists.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { CometError, SdkErrorCode } from './errors.js';

/** The key the seeded demo accepts (25 alphanumerics, the shape of real Comet keys). */
export const COMET_DEMO_API_KEY = 'SwitchyardDemoCometKey001';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}

/** The keys a request presents, `Authorization` first. */
export function presentedKeys(headers: IncomingHttpHeaders): string[] {
  return [header(headers, 'authorization'), header(headers, 'comet-sdk-api')].filter((k): k is string => k !== undefined);
}

/** Undefined when one presented key is accepted, otherwise the 401 error to send. */
export function checkApiKey(headers: IncomingHttpHeaders, accepted: ReadonlySet<string>): CometError | undefined {
  const keys = presentedKeys(headers);
  if (keys.length === 0) {
    return new CometError(401, 'No API key: send it in the Authorization header', SdkErrorCode.apiKeyNotRegistered);
  }
  if (keys.some((k) => accepted.has(k))) return undefined;
  return new CometError(401, 'Invalid API key', SdkErrorCode.apiKeyNotRegistered);
}
