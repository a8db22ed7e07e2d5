/**
 * Who a /clearml caller is. ClearML clients send `Basic key:secret` (auth.login, or any call) or
 * `Bearer <jwt>` from our auth.login. Key pairs are Switchyard-issued (secret stored as sha256), or, in
 * the embedded demo, any pair at all (DESIGN §7).
 */
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import { sameDigest, sha256Hex } from '../shared/hash.js';
import { CLEARML_ERRORS } from './envelope.js';
import { verifyClearMLToken } from './jwt.js';

export interface ClearMLKeyPolicy {
  readonly keys: readonly { readonly accessKey: string; readonly secretSha256: string; readonly principal: string }[];
  readonly acceptAny: boolean;
  readonly jwtSecret: string;
}

export type Identified = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly error: readonly [number, number, string]; readonly data?: Record<string, unknown> };

export function identifyBasic(value: string, policy: ClearMLKeyPolicy): Identified {
  let decoded: string;
  try {
    decoded = Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return { ok: false, error: CLEARML_ERRORS.badCredentials };
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return { ok: false, error: CLEARML_ERRORS.badCredentials };
  const accessKey = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (policy.acceptAny) return { ok: true, principal: { id: `clearml-key:${accessKey}`, roles: ['user'] } };
  const key = policy.keys.find((k) => k.accessKey === accessKey);
  if (!key || !sameDigest(sha256Hex(secret), key.secretSha256)) return { ok: false, error: CLEARML_ERRORS.invalidCredentials };
  return { ok: true, principal: { id: key.principal, roles: ['user'] } };
}

export function identify(authorization: string | undefined, policy: ClearMLKeyPolicy, nowMs: number): Identified {
  if (!authorization) return { ok: false, error: CLEARML_ERRORS.noCredentials };
  const [scheme, value, extra] = authorization.trim().split(/\s+/);
  if (!scheme || !value || extra !== undefined) return { ok: false, error: CLEARML_ERRORS.badAuthType };
  if (scheme.toLowerCase() === 'basic') return identifyBasic(value, policy);
  if (scheme.toLowerCase() === 'bearer') {
    const check = verifyClearMLToken(value, policy.jwtSecret, nowMs);
    if (!check.ok) {
      const [code, sub, msg] = CLEARML_ERRORS.invalidToken;
      return { ok: false, error: [code, sub, `${msg}: reason=${check.reason}`], data: { reason: check.reason } };
    }
    return { ok: true, principal: { id: check.claims.sub, roles: ['user'] } };
  }
  return { ok: false, error: CLEARML_ERRORS.badAuthType };
}

/**
 * Who a caller is when the mount passes credentials through (`rest.clearml.passthroughCredentials`):
 * the tracker authenticates every call, so nothing is verified here; the principal only names the
 * credential for access rules and rate limits — `clearml-key:<access key>` for a key pair,
 * `clearml-user:<user id>` for a token the tracker issued (read from its unverified `identity` claim; a
 * forged one gains nothing, the tracker refuses it).
 */
export function identifyPassthrough(authorization: string | undefined): Identified {
  if (!authorization) return { ok: false, error: CLEARML_ERRORS.noCredentials };
  const [scheme, value, extra] = authorization.trim().split(/\s+/);
  if (!scheme || !value || extra !== undefined) return { ok: false, error: CLEARML_ERRORS.badAuthType };
  if (scheme.toLowerCase() === 'basic') return identifyBasic(value, { keys: [], acceptAny: true, jwtSecret: '' });
  if (scheme.toLowerCase() !== 'bearer') return { ok: false, error: CLEARML_ERRORS.badAuthType };
  const user = tokenUser(value);
  if (user === undefined) {
    const [code, sub, msg] = CLEARML_ERRORS.invalidToken;
    return { ok: false, error: [code, sub, `${msg}: reason=Invalid payload`], data: { reason: 'Invalid payload' } };
  }
  return { ok: true, principal: { id: `clearml-user:${user}`, roles: ['user'] } };
}

function tokenUser(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { identity?: { user?: unknown } };
    const user = claims.identity?.user;
    return typeof user === 'string' && user !== '' ? user : undefined;
  } catch {
    return undefined;
  }
}
