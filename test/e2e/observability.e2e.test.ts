/**
 * Observability (DESIGN §7, issue 8 item 6): JSON logs whose lines carry the caller's request id in
 * every component it reaches (gateway, catalog, source subgraphs, their connectors); no credential in
 * any log line or response; Prometheus metrics on /metrics of the gateway and of each subgraph.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLEARML_DEMO_CREDENTIALS } from '../../emulators/clearml/index.js';
import { COMET_DEMO_API_KEY } from '../../emulators/comet/index.js';
import { embeddedConfig } from '../../gateway/config/index.js';
import { sha256Hex } from '../../gateway/rest/shared/hash.js';
import { createLogger } from '../../subgraphs/shared/log.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

const GATEWAY_KEY = 'sy-observability-key-5f1c9a0d3b7e';
const CLEARML_ACCESS = 'OBSACCESSKEY00000000000000001';
const CLEARML_SECRET = 'obs-secret-9d8c7b6a5f4e3d2c1b0a';
const COMET_KEY = 'ObsCometApiKey0123456789';
const UPSTREAM_MARKER = 'UPSTREAM-BODY-7f3a';

const lines: Record<string, unknown>[] = [];
const bodies: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

let stack: Stack;
beforeAll(async () => {
  const base = embeddedConfig();
  stack = await startStack({
    config: { ...base, gateway: { ...base.gateway, anonymous: false, apiKeys: [{ id: 'dashboards', sha256: sha256Hex(GATEWAY_KEY) }] } },
    logger: createLogger({ name: 'switchyard', level: 'debug', destination: sink }),
  });
});
afterAll(async () => {
  await stack.close();
});

/** A raw HTTP call to the gateway whose answer is kept for the credential check. */
async function call(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${stack.gateway.url}${path}`, init);
  const text = await res.text();
  bodies.push(text, JSON.stringify([...res.headers.entries()]));
  return { status: res.status, text, headers: res.headers };
}

describe('logs', () => {
  it("carry the caller's request id in the gateway, the catalog and every source subgraph the query reached", async () => {
    const res = await call('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': GATEWAY_KEY, 'x-request-id': 'obs-req-1' },
      body: JSON.stringify({ query: '{ tasks(first: 5) { edges { node { id name ... on ClearMLTask { clearmlStatus } } } } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('obs-req-1');
    const components = new Set(lines.filter((l) => l['requestId'] === 'obs-req-1').map((l) => l['component']));
    for (const c of ['gateway', 'catalog', 'clearml', 'comet', 'cmf', 'mlconnector']) expect(components).toContain(c);
    // …down to the connectors' calls to the trackers.
    expect(lines.some((l) => l['requestId'] === 'obs-req-1' && l['msg'] === 'backend call' && typeof l['source'] === 'string' && typeof l['operation'] === 'string')).toBe(true);
    const access = lines.find((l) => l['component'] === 'gateway' && l['requestId'] === 'obs-req-1' && l['msg'] === 'request');
    expect(access).toMatchObject({ surface: 'graphql', method: 'POST', path: '/graphql', status: 200 });
  });

  it('give a request without a usable id one of their own, and never echo a crafted one', async () => {
    const res = await call('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': GATEWAY_KEY, 'x-request-id': 'bad id {"injected":true}' },
      body: JSON.stringify({ query: '{ sources { name } }' }),
    });
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.some((l) => l['injected'] === true || String(l['requestId']).includes('injected'))).toBe(false);
  });

  it('name no credential, token or secret, whatever the callers sent and however calls failed', async () => {
    // GraphQL with a wrong key and a right one; ClearML SDK login and a call with its token; Comet with its key;
    // a tracker answering 401 and 500; a query that fails in a source.
    await call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `${GATEWAY_KEY}-wrong` }, body: '{"query":"{ sources { name } }"}' });
    const login = await call('/clearml/auth.login', { headers: { authorization: `Basic ${Buffer.from(`${CLEARML_ACCESS}:${CLEARML_SECRET}`).toString('base64')}` } });
    const token = (JSON.parse(login.text) as { data: { token: string } }).data.token;
    // The login answer is where the token is issued: every other answer and every log line must lack it.
    bodies.splice(bodies.indexOf(login.text), 2);
    expect(token.length).toBeGreaterThan(20);
    await call('/clearml/tasks.get_all', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"page":0,"page_size":2}' });
    await call('/comet/api/rest/v2/workspaces', { headers: { authorization: COMET_KEY } });
    await call('/comet/api/rest/v2/workspaces', { headers: { 'comet-sdk-api': COMET_KEY } });
    // A tracker error body (with the tracker's own key in it): REST passthrough carries it byte for byte, as
    // designed; it must reach no log line and no GraphQL answer.
    stack.emulators.comet?.faults.set([{ status: 500, body: `{"msg":"boom ${UPSTREAM_MARKER} ${COMET_DEMO_API_KEY}"}`, contentType: 'application/json', times: 4 }]);
    stack.emulators.clearml?.faults.set([{ match: 'tasks.get_by_id', status: 401, body: '{"meta":{"result_code":401,"result_subcode":20,"result_msg":"Unauthorized"},"data":{}}', contentType: 'application/json', times: 2 }]);
    const passthrough = await call('/comet/api/rest/v2/experiments?projectId=nope', { headers: { authorization: COMET_KEY } });
    expect(passthrough.status).toBe(500);
    bodies.splice(bodies.indexOf(passthrough.text), 2);
    const failing = await gql(stack, '{ models(first: 50) { edges { node { id } } sources { source outcome message } } }', {}, { 'x-api-key': GATEWAY_KEY });
    bodies.push(JSON.stringify(failing));
    expect(JSON.stringify(failing)).not.toContain(UPSTREAM_MARKER);
    await call('/clearml/tasks.get_by_id', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"task":"x"}' });
    stack.emulators.comet?.faults.reset();
    stack.emulators.clearml?.faults.reset();

    const secrets = [GATEWAY_KEY, CLEARML_ACCESS, CLEARML_SECRET, COMET_KEY, token, CLEARML_DEMO_CREDENTIALS.accessKey, CLEARML_DEMO_CREDENTIALS.secretKey, COMET_DEMO_API_KEY, stack.config.secrets.cursor, stack.config.secrets.principal, stack.config.secrets.clearmlJwt];
    const logText = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(logText).not.toContain(UPSTREAM_MARKER);
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect({ secret, inLogs: logText.includes(secret) }).toEqual({ secret, inLogs: false });
      expect({ secret, inResponses: bodies.some((b) => b.includes(secret)) }).toEqual({ secret, inResponses: false });
    }
    // Nor anything shaped like a bearer or basic credential.
    expect(logText).not.toMatch(/Bearer\s+\S{8,}|Basic\s+[A-Za-z0-9+/=]{8,}/);
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with request, cache and source metrics from the gateway and each subgraph', async () => {
    await gql(stack, '{ tasks(first: 5) { edges { node { id } } } }', {}, { 'x-api-key': GATEWAY_KEY });
    await gql(stack, '{ tasks(first: 5) { edges { node { id } } } }', {}, { 'x-api-key': GATEWAY_KEY });
    const res = await call('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^switchyard_gateway_requests_total\{surface="graphql",status="2xx"\} \d+/m);
    expect(res.text).toMatch(/^switchyard_cache_hits_total\{source="clearml"\} [1-9]\d*/m);
    expect(res.text).toMatch(/^switchyard_cache_misses_total\{source="comet"\} [1-9]\d*/m);
    expect(res.text).toMatch(/^# TYPE switchyard_source_request_duration_seconds histogram/m);
    expect(res.text).toMatch(/^# TYPE switchyard_breaker_state gauge/m);
    expect(res.text).toMatch(/^# TYPE switchyard_rate_limited_total counter/m);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total \d/m);
    const sub = await fetch(`${stack.subgraphs.clearml.url}/metrics`);
    expect(sub.status).toBe(200);
    expect(await sub.text()).toMatch(/^# TYPE switchyard_source_errors_total counter/m);
  });
});
