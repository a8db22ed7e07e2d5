/**
 * Who a GraphQL caller is: a gateway API key (`X-API-Key: <key>` or `Authorization: Bearer <key>`),
 * checked against the sha256 digests in config, or anonymous where config allows it (the demo).
 */
import type { Principal } from '../../subgraphs/shared/sourceContract.js';
import { sameDigest, sha256Hex } from '../rest/shared/hash.js';

export interface GraphQLAuthPolicy {
  readonly apiKeys: readonly { readonly id: string; readonly sha256: string }[];
  readonly anonymous: boolean;
}

export type GraphQLIdentity = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly message: string };

export function identifyGraphQLCaller(headers: Readonly<Record<string, string | string[] | undefined>>, policy: GraphQLAuthPolicy): GraphQLIdentity {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header('authorization') ?? '')?.[1];
  const key = header('x-api-key') ?? bearer;
  if (!key) {
    return policy.anonymous ? { ok: true, principal: { id: 'anonymous', roles: ['anonymous'] } } : { ok: false, message: 'An API key is required (X-API-Key header).' };
  }
  const digest = sha256Hex(key);
  const found = policy.apiKeys.find((k) => sameDigest(digest, k.sha256));
  if (found) return { ok: true, principal: { id: `api-key:${found.id}`, roles: ['user'] } };
  return { ok: false, message: 'Unknown API key.' };
}
