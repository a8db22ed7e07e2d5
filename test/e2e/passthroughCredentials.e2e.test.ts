/**
 * `rest.<mount>.passthroughCredentials` (issue 8 item 1: tracker-native credentials "passed through when
 * configured"): the /clearml and /comet mounts send the caller's own credential to the tracker, which
 * authenticates it — its tokens and its 401s reach the caller as they are — while Switchyard's access
 * rules still apply to the principal named after that credential, and the union view (which would run
 * on Switchyard's own credentials) is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';
import { CLEARML_DEMO_CREDENTIALS } from '../../emulators/clearml/index.js';
import { COMET_DEMO_API_KEY } from '../../emulators/comet/index.js';
import { embeddedConfig } from '../../gateway/config/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
const DEMO_BASIC = basic(CLEARML_DEMO_CREDENTIALS.accessKey, CLEARML_DEMO_CREDENTIALS.secretKey);

let stack: Stack;
beforeAll(async () => {
  const base = embeddedConfig();
  stack = await startStack({
    trackers: ['clearml', 'comet'],
    config: {
      ...base,
      rest: { ...base.rest, acceptAnyCredential: false, clearml: { source: 'clearml', keys: [], passthroughCredentials: true }, comet: { source: 'comet', keys: [], passthroughCredentials: true } },
      // The demo key pair's principal may only read; everyone else keeps the demo's open rule.
      principals: [{ id: `clearml-key:${CLEARML_DEMO_CREDENTIALS.accessKey}`, access: { write: false }, credentials: {} }],
    },
  });
});
afterAll(async () => {
  await stack.close();
});

interface Answer {
  readonly status: number;
  readonly body: string;
}

async function call(url: string, init: { method?: 'GET' | 'POST'; authorization?: string; json?: unknown } = {}): Promise<Answer> {
  const res = await got(url, {
    method: init.method ?? 'POST',
    headers: { ...(init.authorization ? { authorization: init.authorization } : {}), ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return { status: res.statusCode, body: res.body };
}

const emulatorUrl = (tracker: 'clearml' | 'comet') => stack.emulators[tracker]?.url ?? '';
/** ClearML's envelope without the per-call transaction id and timing. */
const envelopeOf = (a: Answer) => {
  const { meta, data } = JSON.parse(a.body) as { meta: Record<string, unknown>; data: unknown };
  return { result_code: meta['result_code'], result_subcode: meta['result_subcode'], result_msg: meta['result_msg'], data };
};

describe('/clearml with passthroughCredentials', () => {
  it('logs in at the tracker: the token is the tracker’s own and works for the next calls', async () => {
    const login = await call(`${stack.gateway.url}/clearml/auth.login`, { authorization: DEMO_BASIC, json: {} });
    expect(login.status).toBe(200);
    const token = (JSON.parse(login.body) as { data: { token: string } }).data.token;
    // Issued by the tracker (its identity claim), not by Switchyard (whose tokens carry `sub`).
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims['identity']).toBeDefined();
    expect(claims['sub']).toBeUndefined();
    const direct = await call(`${emulatorUrl('clearml')}/tasks.get_all`, { authorization: `Bearer ${token}`, json: { page: 0, page_size: 5, only_fields: ['id', 'name'] } });
    const through = await call(`${stack.gateway.url}/clearml/tasks.get_all`, { authorization: `Bearer ${token}`, json: { page: 0, page_size: 5, only_fields: ['id', 'name'] } });
    expect(through.status).toBe(200);
    expect(envelopeOf(through)).toEqual(envelopeOf(direct));
  });

  it('hands the tracker’s own refusal of a wrong key pair back unchanged', async () => {
    const wrong = basic(CLEARML_DEMO_CREDENTIALS.accessKey, 'not-the-secret');
    const direct = await call(`${emulatorUrl('clearml')}/auth.login`, { authorization: wrong, json: {} });
    const through = await call(`${stack.gateway.url}/clearml/auth.login`, { authorization: wrong, json: {} });
    expect(direct.status).toBe(401);
    expect(through.status).toBe(401);
    expect(envelopeOf(through)).toEqual(envelopeOf(direct));
  });

  it('still applies the access rules of the principal named after the key pair (read only: 403/21, nothing sent)', async () => {
    const before = stack.emulators.clearml?.requests.length ?? 0;
    const res = await call(`${stack.gateway.url}/clearml/tasks.create`, { authorization: DEMO_BASIC, json: { name: 'not-allowed', type: 'training' } });
    expect(res.status).toBe(403);
    expect(envelopeOf(res)).toMatchObject({ result_code: 403, result_subcode: 21 });
    expect(stack.emulators.clearml?.requests.length ?? 0).toBe(before);
  });

  it('refuses the union view, which would read with Switchyard’s credentials for a caller it did not verify', async () => {
    const res = await call(`${stack.gateway.url}/clearml/tasks.get_all?switchyard.sources=all`, { authorization: DEMO_BASIC, json: {} });
    expect(res.status).toBe(400);
    expect(envelopeOf(res).result_msg).toMatch(/union view/);
  });
});

describe('/comet with passthroughCredentials', () => {
  it('sends the caller’s key: the tracker’s answer for a known key, and its own 401 for an unknown one', async () => {
    const path = '/api/rest/v2/workspaces';
    const ok = await call(`${stack.gateway.url}/comet${path}`, { method: 'GET', authorization: COMET_DEMO_API_KEY });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe((await call(`${emulatorUrl('comet')}${path}`, { method: 'GET', authorization: COMET_DEMO_API_KEY })).body);
    const directBad = await call(`${emulatorUrl('comet')}${path}`, { method: 'GET', authorization: 'a-key-comet-does-not-know' });
    const bad = await call(`${stack.gateway.url}/comet${path}`, { method: 'GET', authorization: 'a-key-comet-does-not-know' });
    expect(directBad.status).toBe(401);
    expect([bad.status, bad.body]).toEqual([401, directBad.body]);
  });
});
