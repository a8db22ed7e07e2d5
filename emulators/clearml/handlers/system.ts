/** `auth.login`, `debug.ping`, `server.info`. */
import { issueToken, SESSION_COOKIE } from '../auth.js';
import { DEFAULT_TOKEN_EXPIRATION_SEC, MAX_TOKEN_EXPIRATION_SEC, SERVER_BUILD, SERVER_COMMIT, SERVER_UID, SERVER_VERSION } from '../constants.js';
import { type CallContext, type EndpointHandler, identityOf } from '../context.js';
import type { JsonObject } from '../json.js';
import { MAX_API_VERSION } from '../version.js';

/**
 * `auth.login`: a JWT for the caller (Basic or Bearer), 30 days by default, `expiration_sec`
 * honoured up to the one-year maximum. Also sets the web UI's session cookie, as the server does.
 */
const login: EndpointHandler = (ctx: CallContext) => {
  identityOf(ctx);
  const requested = ctx.data['expiration_sec'];
  const expiration =
    typeof requested === 'number' && requested > 0 ? Math.min(Math.floor(requested), MAX_TOKEN_EXPIRATION_SEC) : DEFAULT_TOKEN_EXPIRATION_SEC;
  const token = issueToken({ ...ctx.env.auth, identity: identityOf(ctx) }, expiration);
  ctx.responseHeaders['set-cookie'] = `${SESSION_COOKIE}=${token}; Max-Age=${DEFAULT_TOKEN_EXPIRATION_SEC}; HttpOnly; Path=/`;
  return { token };
};

/** `debug.ping` (no auth): the health check the web UI polls; echoes the request body. */
const ping: EndpointHandler = (ctx) => ({ ...ctx.data, msg: 'ClearML server' });

/** `server.info`: the response shape of the serving version (2.1 / 2.8 / 2.12). */
const info: EndpointHandler = (ctx) => {
  const base: JsonObject = { version: SERVER_VERSION, build: SERVER_BUILD, commit: SERVER_COMMIT };
  if (ctx.actualVersion === '2.1') return base;
  if (ctx.actualVersion === '2.8') return { uid: SERVER_UID, api_version: MAX_API_VERSION, ...base };
  return { api_version: MAX_API_VERSION, uid: SERVER_UID, ...base };
};

export const systemHandlers: Readonly<Record<string, EndpointHandler>> = {
  'auth.login': login,
  'debug.ping': ping,
  'server.info': info,
};
