/**
 * The internal principal token (DESIGN §7): the gateway signs who the caller is; subgraphs verify it
 * and the catalog forwards it to the sources. HMAC-SHA256 over a compact JSON payload with a secret
 * shared by all replicas; short-lived so a leaked token is worth little.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock.js';
import { switchyardError } from './errors.js';
import type { Principal } from './sourceContract.js';

export const PRINCIPAL_HEADER = 'x-switchyard-principal';
export const REQUEST_ID_HEADER = 'x-request-id';

interface Payload {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly exp: number;
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function mac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/** @param ttlMs lifetime of the token @default 60_000 */
export function signPrincipalToken(principal: Principal, secret: string, clock: Clock, ttlMs = 60_000): string {
  const payload: Payload = { sub: principal.id, roles: principal.roles, exp: clock.now() + ttlMs };
  const body = b64(JSON.stringify(payload));
  return `${body}.${mac(secret, body)}`;
}

/** The principal in a valid token; UNAUTHENTICATED for a missing, forged or expired one. */
export function verifyPrincipalToken(token: string | undefined, secret: string, clock: Clock): Principal {
  const fail = (why: string) => switchyardError('UNAUTHENTICATED', `Internal principal token ${why}.`);
  if (!token) throw fail('missing');
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) throw fail('malformed');
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw fail('invalid');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw fail('malformed');
  }
  if (!isPayload(payload)) throw fail('malformed');
  if (payload.exp <= clock.now()) throw fail('expired');
  return { id: payload.sub, roles: payload.roles };
}

function isPayload(v: unknown): v is Payload {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o['sub'] === 'string' && typeof o['exp'] === 'number' && Array.isArray(o['roles']) && o['roles'].every((r) => typeof r === 'string');
}

const principalScope = new AsyncLocalStorage<Principal>();

/**
 * Run `fn` (and everything it starts) on behalf of a verified principal. Subgraph servers enter it right
 * after verifying the token, so a source picks the principal's backend credential (source.instance(name))
 * wherever it is asked, in contract routes and in resolvers and their DataLoaders alike.
 */
export function runAsPrincipal<T>(principal: Principal, fn: () => T): T {
  return principalScope.run(principal, fn);
}

/** The verified principal the current code runs for; undefined outside a request (start-up, probes). */
export function currentPrincipal(): Principal | undefined {
  return principalScope.getStore();
}
