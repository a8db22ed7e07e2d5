/**
 * JWT bearer tokens for GraphQL callers (issue 8 item 1): HS256 with a configured secret, or RS256 with
 * the public keys of a JWKS file read at start. A token is accepted only with a known algorithm and a
 * valid signature, an `exp` in the future (and `nbf` in the past) on the injected clock give or take the
 * leeway, and the configured issuer and audience. The principal is a claim (`sub` by default).
 * Reasons given to callers name the failed check, never a key or the expected values.
 */
import { createHmac, createPublicKey, type JsonWebKey, timingSafeEqual, verify } from 'node:crypto';
import type { Principal } from '../../subgraphs/shared/sourceContract.js';

export interface JwtPolicy {
  readonly hs256Secret?: string | undefined;
  /** RS256 public keys (a JWKS file's `keys`), chosen by `kid`. */
  readonly jwks?: readonly JsonWebKey[] | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** The claim naming the principal. @default 'sub' */
  readonly principalClaim: string;
  /** A claim holding the principal's roles (strings). @default none: ['user'] */
  readonly rolesClaim?: string | undefined;
  /** Clock skew tolerated on exp/nbf. */
  readonly leewaySeconds: number;
}

export type JwtCheck =
  | { readonly kind: 'valid'; readonly principal: Principal }
  | { readonly kind: 'invalid'; readonly reason: string }
  /** Not shaped like a JWT at all: the caller may have sent an API key as a bearer. */
  | { readonly kind: 'not-jwt' };

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyJwtBearer(token: string, policy: JwtPolicy, nowMs: number): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return { kind: 'not-jwt' };
  const [h = '', p = '', s = ''] = parts;
  const header = decodeJson(h);
  if (!header || typeof header['alg'] !== 'string') return { kind: 'not-jwt' };
  const claims = decodeJson(p);
  if (!claims) return { kind: 'invalid', reason: 'malformed claims' };
  const signed = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const alg = header['alg'];
  if (alg === 'HS256' && policy.hs256Secret !== undefined) {
    const expected = createHmac('sha256', policy.hs256Secret).update(signed).digest();
    if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) return { kind: 'invalid', reason: 'bad signature' };
  } else if (alg === 'RS256' && policy.jwks !== undefined && policy.jwks.length > 0) {
    const jwk = keyFor(policy.jwks, header['kid']);
    if (!jwk) return { kind: 'invalid', reason: 'unknown key id' };
    let ok: boolean;
    try {
      ok = verify('RSA-SHA256', signed, createPublicKey({ key: jwk, format: 'jwk' }), signature);
    } catch {
      ok = false;
    }
    if (!ok) return { kind: 'invalid', reason: 'bad signature' };
  } else {
    // `none`, an algorithm this gateway is not configured for, or one it never accepts.
    return { kind: 'invalid', reason: `algorithm ${alg} not accepted` };
  }
  const now = nowMs / 1000;
  const exp = claims['exp'];
  if (typeof exp !== 'number') return { kind: 'invalid', reason: 'no expiry' };
  if (exp + policy.leewaySeconds <= now) return { kind: 'invalid', reason: 'expired' };
  const nbf = claims['nbf'];
  if (typeof nbf === 'number' && nbf - policy.leewaySeconds > now) return { kind: 'invalid', reason: 'not valid yet' };
  if (policy.issuer !== undefined && claims['iss'] !== policy.issuer) return { kind: 'invalid', reason: 'wrong issuer' };
  if (policy.audience !== undefined) {
    const aud = claims['aud'];
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(policy.audience)) return { kind: 'invalid', reason: 'wrong audience' };
  }
  const subject = claims[policy.principalClaim];
  if (typeof subject !== 'string' || subject === '') return { kind: 'invalid', reason: `no ${policy.principalClaim} claim` };
  const rawRoles = policy.rolesClaim !== undefined ? claims[policy.rolesClaim] : undefined;
  const roles = Array.isArray(rawRoles) && rawRoles.every((r) => typeof r === 'string') ? (rawRoles as string[]) : ['user'];
  return { kind: 'valid', principal: { id: subject, roles } };
}

/** The RSA key a token names by `kid`; without a `kid`, the only RSA key there is. */
function keyFor(keys: readonly JsonWebKey[], kid: unknown): JsonWebKey | undefined {
  const rsa = keys.filter((k) => k.kty === 'RSA');
  if (typeof kid === 'string') return rsa.find((k) => (k as { kid?: unknown }).kid === kid);
  return rsa.length === 1 ? rsa[0] : undefined;
}
