/**
 * Who a GraphQL caller is: a JWT bearer token (when `gateway.jwt` is configured: jwtBearer.ts), a
 * gateway API key (`X-API-Key: <key>` or `Authorization: Bearer <key>`) checked against the sha256
 * digests in config, or anonymous where config allows it (the demo). A bearer that is not shaped like a
 * JWT is taken as an API key; one that is, but fails verification, is refused with the failed check.
 */
import type { Principal } from '../../subgraphs/shared/sourceContract.js';
import { sameDigest, sha256Hex } from '../rest/shared/hash.js';
import { type JwtPolicy, verifyJwtBearer } from './jwtBearer.js';

export interface GraphQLAuthPolicy {
  readonly apiKeys: readonly { readonly id: string; readonly sha256: string; readonly principal?: string | undefined }[];
  readonly anonymous: boolean;
  readonly jwt?: JwtPolicy | undefined;
}

export type GraphQLIdentity = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly message: string };

export function identifyGraphQLCaller(headers: Readonly<Record<string, string | string[] | undefined>>, policy: GraphQLAuthPolicy, nowMs: number = Date.now()): GraphQLIdentity {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header('authorization') ?? '')?.[1];
  if (bearer !== undefined && policy.jwt) {
    const check = verifyJwtBearer(bearer, policy.jwt, nowMs);
    if (check.kind === 'valid') return { ok: true, principal: check.principal };
    if (check.kind === 'invalid') return { ok: false, message: `Invalid bearer token: ${check.reason}.` };
  }
  const key = header('x-api-key') ?? bearer;
  if (!key) {
    return policy.anonymous ? { ok: true, principal: { id: 'anonymous', roles: ['anonymous'] } } : { ok: false, message: 'An API key is required (X-API-Key header).' };
  }
  const digest = sha256Hex(key);
  const found = policy.apiKeys.find((k) => sameDigest(digest, k.sha256));
  // A key names its principal (config `principals`); without one it acts as `api-key:<id>`, as before.
  if (found) return { ok: true, principal: { id: found.principal ?? `api-key:${found.id}`, roles: ['user'] } };
  return { ok: false, message: 'Unknown API key.' };
}
