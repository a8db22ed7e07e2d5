/**
 * One call through the server's stages, in its order (`RequestHandlers.before_request` +
 * `ServiceRepo.handle_call`): OPTIONS → Content-Encoding (415) → path (400) → endpoint and version
 * (404) → authentication (401) → role (403) → body decoding (400) → schema validation (400/12) →
 * handler (or 501 for endpoints not emulated yet). Errors become envelopes; an unexpected exception
 * becomes a 500/0 envelope carrying its message, as `handle_call` does.
 */
import type { EmulatorHandler, EmulatorRequest, EmulatorResponse } from '../shared/index.js';
import { authenticate, authorizationOf } from './auth.js';
import { ENDPOINT_CATALOG } from './catalog.generated.js';
import type { ClearMLIdentity } from './constants.js';
import type { CallContext, EmulatorEnv } from './context.js';
import { envelope, plainText } from './envelope.js';
import { ClearMLApiError, errors } from './errors.js';
import type { JsonObject } from './json.js';
import { clearmlHeader, decodeCallData, parseEndpointPath } from './request.js';
import { ROUTES } from './routes.js';
import { validateRequest } from './validate.js';
import { type ApiVersion, envelopeVersion, MAX_API_VERSION, resolveImplementation, versionOf } from './version.js';

interface CallState {
  name: string;
  requested: ApiVersion;
  actual: string | undefined;
  trx: string | undefined;
  headers: Record<string, string>;
}

function respond(state: CallState, code: number, subcode: number, msg: string, errorData: JsonObject, data: JsonObject): EmulatorResponse {
  return envelope({
    endpointName: state.name,
    requestedVersion: envelopeVersion(state.requested.text, state.requested),
    actualVersion: envelopeVersion(state.actual, state.requested),
    trx: state.trx,
    code,
    subcode,
    msg,
    errorData,
    data,
    headers: state.headers,
  });
}

function runCall(env: EmulatorEnv, req: EmulatorRequest, state: CallState): EmulatorResponse {
  const spec = ENDPOINT_CATALOG[state.name];
  state.actual = spec ? resolveImplementation(spec.versions, state.requested) : undefined;
  if (!spec || state.actual === undefined) {
    return respond(state, 404, 0, `Unable to find endpoint for name ${state.name} and version ${state.requested.text}`, {}, {});
  }
  const actual = state.actual;
  let identity: ClearMLIdentity | undefined;
  const authorization = authorizationOf(req.headers);
  if (!authorization) {
    if (spec.authorize === true) throw errors.noCredentials();
  } else {
    try {
      identity = authenticate(authorization, env.auth);
    } catch (e) {
      // Endpoints that do not require auth still try it, but ignore failures.
      if (spec.authorize === true) throw e;
    }
  }
  if (spec.authorize === true && identity && !spec.roles.includes('*') && !spec.roles.includes(identity.role)) {
    throw errors.roleNotAllowed({ role: identity.role, allowed: [...spec.roles] });
  }
  const { data, batch } = decodeCallData(req.headers, req.body, req.query);
  if (!batch) validateRequest(state.name, actual, data);
  const handler = ROUTES[state.name];
  if (!handler) {
    throw new ClearMLApiError(501, 0, `Not implemented by the Switchyard ClearML emulator: ${state.name}`);
  }
  const ctx: CallContext = {
    env,
    endpoint: state.name,
    requestedVersion: state.requested,
    actualVersion: actual,
    data,
    batch,
    identity,
    worker: clearmlHeader(req.headers, 'worker'),
    responseHeaders: state.headers,
  };
  return respond(state, 200, 0, 'OK', {}, handler(ctx));
}

/** The emulator's request handler over the given state (no HTTP server: usable in-process). */
export function createCallHandler(env: EmulatorEnv): EmulatorHandler {
  return (req) => {
    if (req.method === 'OPTIONS') return plainText(200, '');
    const encoding = req.headers['content-encoding'];
    if (encoding) return plainText(415, `Content encoding is not supported (${String(encoding)})`);
    const trx = clearmlHeader(req.headers, 'trx');
    const parsed = parseEndpointPath(req.path);
    if (!parsed) {
      // The call has no endpoint yet: name "" and the APICall default version 1.0.
      const state: CallState = { name: '', requested: versionOf('1.0'), actual: undefined, trx, headers: {} };
      return respond(state, 400, 0, `Invalid request path ${req.path}`, {}, {});
    }
    // The path regex only lets digits and one dot through, so the version always parses.
    const requested = versionOf(parsed.version ?? MAX_API_VERSION);
    const state: CallState = { name: parsed.name, requested, actual: undefined, trx, headers: {} };
    try {
      return runCall(env, req, state);
    } catch (e) {
      if (e instanceof ClearMLApiError) return respond(state, e.code, e.subcode, e.message, e.errorData, {});
      return respond(state, 500, 0, e instanceof Error ? e.message : String(e), {}, {});
    }
  };
}
