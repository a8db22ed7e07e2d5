/**
 * Authentication as `apiserver/service_repo/auth/auth.py` does it: `Basic base64(key:secret)` on any
 * call, or `Bearer <jwt>` issued by `auth.login` (HS256, PyJWT's encoding and error messages). The
 * `clearml_token_basic` cookie counts as a Bearer token when no Authorization header is sent.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../shared/index.js';
import {
  type ClearMLIdentity,
  DEFAULT_TOKEN_EXPIRATION_SEC,
  SERVER_BUILD,
  SERVER_VERSION,
} from './constants.js';
import { errors } from './errors.js';
import { isObject, type JsonObject } from './json.js';
import { MAX_API_VERSION } from './version.js';

export interface AuthConfig {
  readonly credentials: readonly { readonly accessKey: string; readonly secretKey: string }[];
  readonly identity: ClearMLIdentity;
  readonly tokenSecret: string;
  readonly clock: Clock;
}

/** Name of the web-UI session cookie (`apiserver.auth.session_auth_cookie_name`). */
export const SESSION_COOKIE = 'clearml_token_basic';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

/**
 * Issue an `auth.login` token: PyJWT's sorted header and the claims of `Token.to_dict` plus the
 * extras `AuthBLL.get_token_for_user` adds (the SDK reads `api_version`, `server_version`,
 * `feature_set` and `exp` from the unverified payload).
 */
export function issueToken(cfg: AuthConfig, expirationSec: number = DEFAULT_TOKEN_EXPIRATION_SEC): string {
  const iat = Math.floor(cfg.clock.now() / 1000);
  const payload = {
    auth_type: 'Bearer',
    identity: { ...cfg.identity },
    iat,
    exp: iat + expirationSec,
    env: '<unknown>',
    session_id: randomUUID().replace(/-/g, ''),
    api_version: MAX_API_VERSION,
    server_version: SERVER_VERSION,
    server_build: SERVER_BUILD,
    feature_set: 'basic',
  };
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${sign(head, cfg.tokenSecret)}`;
}

function decodeSegment(segment: string, what: 'header' | 'payload'): JsonObject {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(segment)) throw errors.invalidToken('invalid jwt token', { reason: `Invalid ${what} padding` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch (e) {
    throw errors.invalidToken('invalid jwt token', { reason: `Invalid ${what} string: ${(e as Error).message}` });
  }
  if (!isObject(parsed)) {
    throw errors.invalidToken('invalid jwt token', { reason: `Invalid ${what} string: must be a json object` });
  }
  return parsed;
}

/** Verify a Bearer token (signature, algorithm, `exp` against the clock); returns its payload. */
export function verifyToken(token: string, cfg: AuthConfig): JsonObject {
  const parts = token.split('.');
  if (parts.length !== 3) throw errors.invalidToken('invalid jwt token', { reason: 'Not enough segments' });
  const [h = '', p = '', s = ''] = parts;
  const header = decodeSegment(h, 'header');
  const payload = decodeSegment(p, 'payload');
  if (header['alg'] !== 'HS256') throw errors.invalidToken('invalid jwt token', { reason: 'The specified alg value is not allowed' });
  const expected = Buffer.from(sign(`${h}.${p}`, cfg.tokenSecret));
  const given = Buffer.from(s);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw errors.invalidToken('invalid jwt token', { reason: 'Signature verification failed' });
  }
  const exp = payload['exp'];
  if (exp !== undefined) {
    if (typeof exp !== 'number' || !Number.isInteger(exp)) {
      throw errors.invalidToken('invalid jwt token', { reason: 'Expiration Time claim (exp) must be an integer.' });
    }
    if (exp <= Math.floor(cfg.clock.now() / 1000)) {
      throw errors.invalidToken('invalid jwt token', { reason: 'Signature has expired' });
    }
  }
  if (!isObject(payload['identity'])) throw errors.invalidToken('failed parsing token, token missing identity');
  return payload;
}

/**
 * Python's lenient `base64.b64decode`: non-alphabet characters are skipped, then the padding is
 * checked; errors carry the messages Python raises (they end up in the 401/21 message).
 */
function pyB64decode(text: string): Buffer {
  const cleaned = text.replace(/[^A-Za-z0-9+/=]/g, '');
  const eq = cleaned.indexOf('=');
  const data = eq === -1 ? cleaned : cleaned.slice(0, eq);
  const padding = eq === -1 ? 0 : cleaned.length - eq;
  if (data.length % 4 === 1) {
    throw new Error(`Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`);
  }
  if (data.length % 4 !== 0 && padding < 4 - (data.length % 4)) throw new Error('Incorrect padding');
  return Buffer.from(data, 'base64');
}

function checkCredentials(authData: string, cfg: AuthConfig): ClearMLIdentity {
  let decoded: string;
  try {
    decoded = pyB64decode(authData).toString('latin1');
  } catch (e) {
    throw errors.badCredentials((e as Error).message);
  }
  const sep = decoded.indexOf(':');
  const key = sep === -1 ? decoded : decoded.slice(0, sep);
  const secret = sep === -1 ? '' : decoded.slice(sep + 1);
  if (!cfg.credentials.some((c) => c.accessKey === key && c.secretKey === secret)) {
    throw errors.invalidCredentials('failed to locate provided credentials');
  }
  return cfg.identity;
}

/**
 * Authenticate an Authorization value (`Basic …` / `Bearer …`). Throws 401/10 for another scheme,
 * 401/21-22 for bad key pairs and 401/30 for bad tokens.
 */
export function authenticate(authorization: string, cfg: AuthConfig): ClearMLIdentity {
  const sep = authorization.indexOf(' ');
  const type = sep === -1 ? authorization : authorization.slice(0, sep);
  const data = sep === -1 ? '' : authorization.slice(sep + 1);
  if (type === 'Bearer') {
    const identity = verifyToken(data, cfg)['identity'];
    const field = (k: string): string => (isObject(identity) && typeof identity[k] === 'string' ? String(identity[k]) : '');
    return { user: field('user'), company: field('company'), role: field('role'), user_name: field('user_name'), company_name: field('company_name') };
  }
  if (type === 'Basic') return checkCredentials(data, cfg);
  throw errors.badAuthType();
}

/** The Authorization value of a request: the header, else the session cookie as a Bearer token. */
export function authorizationOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const header = headers['authorization'];
  if (typeof header === 'string' && header) return header;
  const cookie = headers['cookie'];
  if (typeof cookie !== 'string') return undefined;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE && rest.length > 0) return `Bearer ${rest.join('=')}`;
  }
  return undefined;
}
