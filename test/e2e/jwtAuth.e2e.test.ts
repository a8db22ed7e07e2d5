/**
 * GraphQL callers with JWT bearer tokens (issue 8 item 1): RS256 keys from a JWKS file and an HS256
 * secret, configured in switchyard.yaml's `gateway.jwt`; the token's subject is the principal.
 */
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { embeddedConfig, parseConfig } from '../../gateway/config/index.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

const SECRET = 'e2e-jwt-secret-5a9c1f';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const hs256 = (claims: Record<string, unknown>) => {
  const body = `${b64({ alg: 'HS256' })}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
};
const rs256 = (claims: Record<string, unknown>) => {
  const body = `${b64({ alg: 'RS256', kid: 'idp-1' })}.${b64(claims)}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), privateKey).toString('base64url')}`;
};

let stack: Stack;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-jwks-'));
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'idp-1', use: 'sig' }] }));
  // The JWT settings go through the config loader (secret resolution, JWKS read) like a real switchyard.yaml.
  const jwt = parseConfig({ secrets: { cursor: 'c', principal: 'p', clearmlJwt: 'j' }, sources: [{ name: 'clearml', kind: 'clearml', url: 'http://x', credentials: { accessKey: 'a', secretKey: 's' } }], gateway: { jwt: { hs256Secret: SECRET, jwksFile, audience: 'switchyard' } } }).gateway.jwt;
  const base = embeddedConfig();
  stack = await startStack({ config: { ...base, gateway: { ...base.gateway, anonymous: false, jwt } }, trackers: ['clearml'] });
});
afterAll(async () => {
  await stack.close();
});

const QUERY = '{ sources { name } }';
const exp = () => Math.floor(Date.now() / 1000) + 300;

describe('JWT bearer on GraphQL', () => {
  it('answers callers with a valid RS256 or HS256 token', async () => {
    for (const token of [rs256({ sub: 'dashboards', aud: 'switchyard', exp: exp() }), hs256({ sub: 'ci', aud: 'switchyard', exp: exp() })]) {
      const res = await gql<{ sources: { name: string }[] }>(stack, QUERY, {}, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.data?.sources.map((s) => s.name)).toEqual(['clearml']);
    }
  });

  it('refuses a missing, expired, foreign-audience or forged token with UNAUTHENTICATED and the failed check', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /API key is required/],
      [{ authorization: `Bearer ${rs256({ sub: 'x', aud: 'switchyard', exp: 1 })}` }, /expired/],
      [{ authorization: `Bearer ${hs256({ sub: 'x', aud: 'elsewhere', exp: exp() })}` }, /wrong audience/],
      [{ authorization: `Bearer ${hs256({ sub: 'x', aud: 'switchyard', exp: exp() }).slice(0, -4)}AAAA` }, /bad signature/],
    ];
    for (const [headers, message] of cases) {
      const res = await gql(stack, QUERY, {}, headers);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toMatch(message);
      expect(JSON.stringify(res)).not.toContain(SECRET);
    }
  });
});
