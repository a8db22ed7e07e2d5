import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { identify, identifyPassthrough } from '../clearml/credentials.js';
import { issueClearMLToken, verifyClearMLToken } from '../clearml/jwt.js';
import { createCometMount } from '../comet/cometMount.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const basic = (k: string, s: string) => `Basic ${Buffer.from(`${k}:${s}`).toString('base64')}`;
const policy = { keys: [{ accessKey: 'AK1', secretSha256: sha('secret-1'), principal: 'ci' }], acceptAny: false, jwtSecret: 'jwt' };

describe('ClearML credentials', () => {
  it('accepts a configured key pair and maps it to its principal', () => {
    expect(identify(basic('AK1', 'secret-1'), policy, 0)).toEqual({ ok: true, principal: { id: 'ci', roles: ['user'] } });
  });

  it.each([
    [undefined, 401, 20],
    ['Digest abc', 401, 10],
    [basic('AK1', 'wrong'), 401, 22],
    [basic('AK2', 'secret-1'), 401, 22],
    [`Basic ${Buffer.from('no-colon').toString('base64')}`, 401, 21],
  ])('refuses %s with %i/%i', (header, code, sub) => {
    const who = identify(header, policy, 0);
    expect(who.ok ? null : [who.error[0], who.error[1]]).toEqual([code, sub]);
  });

  it('verifies its own JWTs and refuses expired or foreign ones with 401/30', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const token = issueClearMLToken('ci', 'jwt', now, 60);
    expect(identify(`Bearer ${token}`, policy, now)).toMatchObject({ ok: true, principal: { id: 'ci' } });
    expect(verifyClearMLToken(token, 'jwt', now + 61_000)).toEqual({ ok: false, reason: 'Signature has expired' });
    const foreign = identify(`Bearer ${issueClearMLToken('ci', 'other', now)}`, policy, now);
    expect(foreign.ok ? null : foreign.error.slice(0, 2)).toEqual([401, 30]);
  });
});

describe('Comet credentials', () => {
  const forwarded: string[] = [];
  const mount = createCometMount({
    source: 'comet',
    keys: [{ sha256: sha('team-key'), principal: 'analysts' }],
    acceptAny: false,
    invalidate: () => Promise.resolve(),
    forward: (req) => {
      forwarded.push(req.path);
      return Promise.resolve({ status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"workspaceNames":[]}') });
    },
  });
  const req = (headers: Record<string, string>) => ({ method: 'GET', path: '/api/rest/v2/workspaces', search: '', headers, body: Buffer.alloc(0), requestId: 'r' });

  it('refuses a missing or unknown key with Comet\'s 401 body', async () => {
    for (const headers of [{}, { authorization: 'wrong' }]) {
      const res = await mount.handle(req(headers));
      expect(res.status).toBe(401);
      expect(JSON.parse(String(res.body))).toEqual({ code: 401, msg: 'Invalid or missing API key', sdk_error_code: 90212 });
    }
    expect(forwarded).toEqual([]);
  });

  it('passes a configured key through, in either header', async () => {
    expect((await mount.handle(req({ authorization: 'team-key' }))).status).toBe(200);
    expect((await mount.handle(req({ 'comet-sdk-api': 'team-key' }))).status).toBe(200);
    expect(forwarded).toHaveLength(2);
  });
});

describe('ClearML credentials passed through to the tracker', () => {
  const token = (claims: unknown) => `Bearer h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

  it('names the principal after the key pair or the token’s user, checking neither (the tracker does)', () => {
    expect(identifyPassthrough(basic('AK9', 'anything'))).toEqual({ ok: true, principal: { id: 'clearml-key:AK9', roles: ['user'] } });
    expect(identifyPassthrough(token({ identity: { user: 'u-1', company: 'c' } }))).toEqual({ ok: true, principal: { id: 'clearml-user:u-1', roles: ['user'] } });
  });

  it.each([
    [undefined, 401, 20],
    ['Digest abc', 401, 10],
    ['Bearer not-a-jwt', 401, 30],
    [`Bearer h.${Buffer.from('{"identity":{}}').toString('base64url')}.s`, 401, 30],
  ])('refuses %s in ClearML’s words', (authorization, code, subcode) => {
    const who = identifyPassthrough(authorization);
    expect(who.ok).toBe(false);
    if (!who.ok) expect(who.error.slice(0, 2)).toEqual([code, subcode]);
  });
});
