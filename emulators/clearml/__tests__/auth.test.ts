import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { DEFAULT_TOKEN_SECRET } from '../constants.js';
import { isObject } from '../json.js';
import { asObject, testEmulator } from './callHelper.js';

function decodePayload(token: string): Record<string, unknown> {
  const [, payload = ''] = token.split('.');
  const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (!isObject(parsed)) throw new Error('payload is not an object');
  return parsed;
}

describe('auth.login', () => {
  it('issues an HS256 JWT with the claims the SDK reads (30-day default expiry)', async () => {
    const em = testEmulator();
    const res = await em.call('/auth.login', undefined, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.meta['endpoint']).toEqual({ name: 'auth.login', requested_version: '2.34', actual_version: '2.1' });
    const token = String(res.data['token']);
    const [h = '', p = '', s = ''] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(createHmac('sha256', DEFAULT_TOKEN_SECRET).update(`${h}.${p}`).digest('base64url')).toBe(s);
    const claims = decodePayload(token);
    const now = Math.floor(em.clock.now() / 1000);
    expect(claims).toMatchObject({
      auth_type: 'Bearer',
      iat: now,
      exp: now + 2_592_000,
      env: '<unknown>',
      api_version: '2.34',
      server_version: '2.3.0',
      server_build: '1',
      feature_set: 'basic',
    });
    expect(Object.keys(asObject(claims['identity']))).toEqual(['user', 'company', 'role', 'user_name', 'company_name']);
    expect(String(claims['session_id'])).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['set-cookie']).toMatch(/^clearml_token_basic=ey/);
  });

  it('honours expiration_sec from the query string', async () => {
    const em = testEmulator();
    const res = await em.call('/auth.login?expiration_sec=60', undefined, { method: 'GET' });
    const claims = decodePayload(String(res.data['token']));
    expect(Number(claims['exp']) - Number(claims['iat'])).toBe(60);
  });

  it('accepts the token as Bearer until it expires on the injected clock', async () => {
    const em = testEmulator();
    const token = String((await em.call('/auth.login?expiration_sec=60', undefined)).data['token']);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await em.call('/v2.23/projects.get_all', {}, { headers: bearer })).status).toBe(200);
    em.clock.advance(61_000);
    const expired = await em.call('/v2.23/tasks.get_all', {}, { headers: bearer });
    expect([expired.status, expired.meta['result_subcode'], expired.meta['result_msg']]).toEqual([
      401,
      30,
      'Invalid token (invalid jwt token): reason=Signature has expired',
    ]);
    expect(expired.meta['error_data']).toEqual({ reason: 'Signature has expired' });
  });

  it('rejects tampered tokens, unknown schemes and bad key pairs with ClearML codes', async () => {
    const em = testEmulator();
    const token = String((await em.call('/auth.login', undefined)).data['token']);
    const tampered = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: `Bearer ${token}x` } });
    expect(tampered.meta['result_msg']).toBe('Invalid token (invalid jwt token): reason=Signature verification failed');
    const other = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: 'Token abc' } });
    expect([other.status, other.meta['result_subcode'], other.meta['result_msg']]).toEqual([401, 10, 'Unauthorized (bad authentication header type)']);
    const wrong = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: `Basic ${Buffer.from('A:B').toString('base64')}` } });
    expect([wrong.meta['result_subcode'], wrong.meta['result_msg']]).toEqual([22, 'Unauthorized (invalid credentials) (failed to locate provided credentials)']);
    const malformed = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: 'Basic abc' } });
    expect([malformed.meta['result_subcode'], malformed.meta['result_msg']]).toEqual([21, 'Unauthorized (malformed credentials) (Incorrect padding)']);
    const none = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: '' } });
    expect([none.status, none.meta['result_subcode'], none.meta['result_msg']]).toEqual([401, 20, 'Unauthorized (missing credentials)']);
  });

  it('lets debug.ping through without credentials and accepts the session cookie as a token', async () => {
    const em = testEmulator();
    const ping = await em.call('/debug.ping', { hello: 1 }, { headers: { authorization: '' } });
    expect([ping.status, ping.data]).toEqual([200, { hello: 1, msg: 'ClearML server' }]);
    const token = String((await em.call('/auth.login', undefined)).data['token']);
    const viaCookie = await em.call('/v2.23/tasks.get_all', {}, { headers: { authorization: '', cookie: `a=b; clearml_token_basic=${token}` } });
    expect(viaCookie.status).toBe(200);
  });

  it('answers 403/20 for endpoints reserved to system roles', async () => {
    const em = testEmulator();
    const res = await em.call('/auth.create_user', { name: 'x', company: 'y', email: 'z' });
    expect([res.status, res.meta['result_subcode'], res.meta['result_msg']]).toEqual([403, 20, 'Forbidden (not allowed for role): role=user, allowed=(system, root)']);
  });
});
