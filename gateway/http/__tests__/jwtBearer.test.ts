import { createHmac, generateKeyPairSync, type JsonWebKey, sign } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { sha256Hex } from '../../rest/shared/hash.js';
import { identifyGraphQLCaller } from '../graphqlAuth.js';
import { type JwtPolicy, verifyJwtBearer } from '../jwtBearer.js';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const nowS = NOW / 1000;
const SECRET = 'jwt-test-secret-0123456789';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function hs256(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk: JsonWebKey = { ...publicKey.export({ format: 'jwk' }), kid: 'k1' };
function rs256(claims: Record<string, unknown>, kid = 'k1'): string {
  const body = `${b64({ alg: 'RS256', kid })}.${b64(claims)}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), privateKey).toString('base64url')}`;
}

const policy: JwtPolicy = { hs256Secret: SECRET, jwks: [jwk], issuer: 'https://idp.example', audience: 'switchyard', principalClaim: 'sub', rolesClaim: 'roles', leewaySeconds: 30 };
const good = { sub: 'analysts', iss: 'https://idp.example', aud: ['switchyard', 'other'], exp: nowS + 600, roles: ['reader'] };

describe('verifyJwtBearer', () => {
  it('accepts HS256 and RS256 tokens with the configured issuer and audience, principal from sub, roles from the claim', () => {
    expect(verifyJwtBearer(hs256(good), policy, NOW)).toEqual({ kind: 'valid', principal: { id: 'analysts', roles: ['reader'] } });
    expect(verifyJwtBearer(rs256({ ...good, aud: 'switchyard' }), policy, NOW)).toEqual({ kind: 'valid', principal: { id: 'analysts', roles: ['reader'] } });
  });

  it.each([
    ['a signature by another secret', () => hs256(good, 'other-secret'), 'bad signature'],
    ['a tampered payload', () => { const [h, , s] = hs256(good).split('.'); return `${h}.${b64({ ...good, sub: 'admin' })}.${s}`; }, 'bad signature'],
    ['alg none', () => `${b64({ alg: 'none' })}.${b64(good)}.`, 'not-jwt'],
    ['alg none with a signature', () => `${b64({ alg: 'none' })}.${b64(good)}.c2ln`, 'algorithm none not accepted'],
    ['an unknown kid', () => rs256(good, 'k9'), 'unknown key id'],
    ['an expired token', () => hs256({ ...good, exp: nowS - 31 }), 'expired'],
    ['a token without exp', () => hs256({ ...good, exp: undefined }), 'no expiry'],
    ['a token not valid yet', () => hs256({ ...good, nbf: nowS + 120 }), 'not valid yet'],
    ['another issuer', () => hs256({ ...good, iss: 'https://evil.example' }), 'wrong issuer'],
    ['another audience', () => hs256({ ...good, aud: 'someone-else' }), 'wrong audience'],
    ['no subject', () => hs256({ ...good, sub: undefined }), 'no sub claim'],
  ])('refuses %s', (_what, token, reason) => {
    const check = verifyJwtBearer(token(), policy, NOW);
    expect(check.kind === 'invalid' ? check.reason : check.kind).toBe(reason);
  });

  it('tolerates the configured clock skew', () => {
    expect(verifyJwtBearer(hs256({ ...good, exp: nowS - 10 }), policy, NOW).kind).toBe('valid');
    expect(verifyJwtBearer(hs256({ ...good, nbf: nowS + 10 }), policy, NOW).kind).toBe('valid');
  });

  it('does not take RS256 when only a secret is configured, nor HS256 signed with the public key', () => {
    expect(verifyJwtBearer(rs256(good), { ...policy, jwks: undefined }, NOW)).toEqual({ kind: 'invalid', reason: 'algorithm RS256 not accepted' });
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(verifyJwtBearer(hs256(good, pem), { ...policy, hs256Secret: undefined }, NOW)).toEqual({ kind: 'invalid', reason: 'algorithm HS256 not accepted' });
  });
});

describe('identifyGraphQLCaller with JWT', () => {
  const auth = { apiKeys: [{ id: 'dash', sha256: sha256Hex('plain-api-key') }], anonymous: false, jwt: policy };
  it('takes a valid bearer JWT, refuses an invalid one with its reason, and still takes API keys as bearers', () => {
    expect(identifyGraphQLCaller({ authorization: `Bearer ${hs256(good)}` }, auth, NOW)).toEqual({ ok: true, principal: { id: 'analysts', roles: ['reader'] } });
    expect(identifyGraphQLCaller({ authorization: `Bearer ${hs256({ ...good, exp: nowS - 600 })}` }, auth, NOW)).toEqual({ ok: false, message: 'Invalid bearer token: expired.' });
    expect(identifyGraphQLCaller({ authorization: 'Bearer plain-api-key' }, auth, NOW)).toEqual({ ok: true, principal: { id: 'api-key:dash', roles: ['user'] } });
    expect(identifyGraphQLCaller({}, auth, NOW)).toMatchObject({ ok: false });
    // An unsigned token is no JWT to verify, and no API key either.
    expect(identifyGraphQLCaller({ authorization: `Bearer ${b64({ alg: 'none' })}.${b64(good)}.` }, auth, NOW)).toEqual({ ok: false, message: 'Unknown API key.' });
  });
});
