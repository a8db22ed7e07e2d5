/**
 * The gateway's own surface: API keys, health and readiness, GraphiQL from local assets, and
 * error hygiene (no stack traces or internal URLs).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { embeddedConfig } from '../../gateway/config/index.js';
import { expectCleanErrors, expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

const KEY = 'dashboards-key-0123456789';
let stack: Stack;
beforeAll(async () => {
  const base = embeddedConfig();
  stack = await startStack({
    trackers: ['clearml', 'comet'],
    config: { ...base, gateway: { ...base.gateway, anonymous: false, apiKeys: [{ id: 'dashboards', sha256: createHash('sha256').update(KEY).digest('hex') }] } },
  });
});
afterAll(async () => {
  await stack.close();
});

describe('gateway', () => {
  it('answers UNAUTHENTICATED with HTTP 401 without a key, and for an unknown key', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer wrong' }]) {
      const res = await gql(stack, '{ sources { name } }', {}, headers);
      expect(res.status).toBe(401);
      expectGraphQLError(res, 'UNAUTHENTICATED');
    }
  });

  it('accepts a configured key as X-API-Key or a bearer token', async () => {
    for (const headers of [{ 'x-api-key': KEY }, { authorization: `Bearer ${KEY}` }]) {
      const res = await gql<{ sources: { name: string; emulated: boolean }[] }>(stack, '{ sources { name emulated } }', {}, headers);
      expect(res.errors).toBeUndefined();
      expect(res.data?.sources).toEqual([
        { name: 'clearml', emulated: true },
        { name: 'comet', emulated: true },
      ]);
    }
  });

  it('serves /healthz, and /readyz with per-source detail', async () => {
    expect(await (await fetch(`${stack.gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${stack.gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, sources: [{ name: 'clearml', status: 'OK' }, { name: 'comet', status: 'OK' }] });
  });

  it('serves GraphiQL from its own origin at GET /graphql for browsers', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('graphiql');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    const asset = /src="([^"]+\.js[^"]*)"/.exec(html)?.[1] ?? '';
    expect((await fetch(new URL(asset, stack.gateway.url))).status).toBe(200);
  });

  it('masks subgraph failures: no stack traces, internal URLs or upstream bodies', async () => {
    stack.subgraphFaults.set('clearml', (req) => (req.path === '/graphql' ? { status: 500, body: 'Traceback at http://10.1.2.3/internal' } : undefined));
    const res = await gql(stack, '{ tasks(first: 3, filter: { sources: ["clearml"] }) { edges { node { id ... on ClearMLTask { clearmlStatus } } } } }', {}, { 'x-api-key': KEY });
    stack.subgraphFaults.reset();
    expectGraphQLError(res, 'SOURCE_UNAVAILABLE', 'clearml');
    expectCleanErrors(res);
    expect(JSON.stringify(res.errors)).not.toContain('Traceback');
  });

  it('has subgraphs refuse anyone without a principal token the gateway signed', async () => {
    for (const name of ['catalog', 'clearml', 'comet'] as const) {
      for (const headers of [{}, { 'x-switchyard-principal': 'eyJzdWIiOiJ4In0.forged' }]) {
        const res = await fetch(`${stack.subgraphs[name].url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
        expect(res.status).toBe(401);
      }
    }
    const contract = await fetch(`${stack.subgraphs.clearml.url}/source/v1/list`, { method: 'POST', body: '{}' });
    expect(contract.status).toBe(401);
  });

  it('answers GRAPHQL_VALIDATION_FAILED for unknown fields, internal fields included', async () => {
    const res = await gql(stack, '{ _entities(representations: []) { __typename } }', {}, { 'x-api-key': KEY });
    expectGraphQLError(res, 'GRAPHQL_VALIDATION_FAILED');
  });
});
