/**
 * The JWTs the /clearml mount issues on auth.login. The SDK decodes them without verifying and reads
 * `exp`, `api_version`, `server_version` and `feature_set` (reference/clients.md §1.5); the mount
 * verifies them (HS256, secret shared by replicas) on every later call.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ClearMLTokenClaims {
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
}

const DEFAULT_TTL_SEC = 2_592_000; // 30 days, clearml-server's default_expiration_sec
const MAX_TTL_SEC = 31_536_000; // apiserver.auth.max_expiration_sec

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function issueClearMLToken(principalId: string, secret: string, nowMs: number, expirationSec?: number): string {
  const iat = Math.floor(nowMs / 1000);
  const ttl = Math.min(Math.max(expirationSec ?? DEFAULT_TTL_SEC, 1), MAX_TTL_SEC);
  const identity = { user: principalId, company: 'switchyard', role: 'user', user_name: principalId, company_name: 'switchyard' };
  const claims = {
    auth_type: 'Bearer',
    identity,
    user: principalId,
    company: 'switchyard',
    role: 'user',
    sub: principalId,
    iat,
    exp: iat + ttl,
    env: '<unknown>',
    session_id: randomBytes(16).toString('hex'),
    api_version: '2.23',
    server_version: '1.17.0',
    server_build: '1',
    feature_set: 'basic',
  };
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export type TokenCheck = { readonly ok: true; readonly claims: ClearMLTokenClaims } | { readonly ok: false; readonly reason: string };

export function verifyClearMLToken(token: string, secret: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Not enough segments' };
  const [head, body, sig] = parts as [string, string, string];
  const expected = Buffer.from(createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url'));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'Signature verification failed' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'Invalid payload' };
  }
  if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'Invalid payload' };
  const c = claims as Record<string, unknown>;
  if (typeof c['sub'] !== 'string' || typeof c['exp'] !== 'number' || typeof c['iat'] !== 'number') return { ok: false, reason: 'Invalid payload' };
  if (c['exp'] * 1000 <= nowMs) return { ok: false, reason: 'Signature has expired' };
  return { ok: true, claims: { sub: c['sub'], iat: c['iat'], exp: c['exp'] } };
}
