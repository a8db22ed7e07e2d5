/**
 * Limits (DESIGN §7): depth and cost of GraphQL operations with the default limits (refused before any
 * subgraph is called; typical pages, introspection and the ClearML union view pass), body limits on
 * GraphQL and a mount, and per-principal rate limits shared by two gateway replicas through the real
 * Redis on 127.0.0.1:6379, answered in GraphQL's and each tracker's own 429 shape.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { got } from 'got';
import type { SwitchyardConfig } from '../../gateway/config/index.js';
import { embeddedConfig } from '../../gateway/config/index.js';
import { rateKey } from '../../gateway/limits/index.js';
import { type RunningGateway, startGateway } from '../../gateway/server.js';
import { systemClock } from '../../subgraphs/shared/clock.js';
import { rateLimited } from '../../subgraphs/shared/metrics.js';
import { type GraphQLResponse, type Stack, startStack, type SubgraphName } from '../helpers/stack.js';
import { createClient } from '@keyv/redis';
import { deleteRedisKeys, TEST_REDIS_URL } from '../helpers/redis.js';

const REDIS = TEST_REDIS_URL;
const prefix = `test-limits-${randomUUID()}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LIMITED_KEY = 'limited-key-0123456789';
const OTHER_KEY = 'other-key-0123456789';
const COMET_KEY = 'comet-key-of-a-throttled-user';
const CLEARML_AUTH = `Basic ${Buffer.from('THROTTLEDACCESSKEY000000000001:any-secret').toString('base64')}`;
const SUBGRAPHS: readonly SubgraphName[] = ['catalog', 'clearml', 'comet', 'cmf', 'mlconnector'];

/** 4 sources × (1 connection + 500 edges × (1 edge + 1 node + 5 metricSeries + 500 points)). */
const HEAVY = '{ tasks(first: 500) { edges { node { metricSeries(name: "loss") { points { value } } } } } }';
const HEAVY_COST = 4 * (1 + 500 * (1 + 1 + 5 + 500));
const PAGE = '{ tasks(first: 50) { edges { cursor node { id name status project createdAt } } pageInfo { hasNextPage endCursor } sources { source outcome } } }';

let stack: Stack;
let replicas: RunningGateway[] = [];
const subgraphCalls: Record<string, number> = {};

beforeAll(async () => {
  const base = embeddedConfig();
  // The stack's own gateway keeps the default depth and cost limits; its GraphQL body limit is small.
  stack = await startStack({ config: { ...base, gateway: { ...base.gateway, limits: { ...base.gateway.limits, graphqlBodyBytes: 8 * 1024 } }, rest: { ...base.rest, comet: { source: 'comet', keys: [], bodyLimitBytes: 1024 } } } });
  for (const name of SUBGRAPHS) {
    subgraphCalls[name] = 0;
    stack.subgraphFaults.set(name, (req) => {
      if (req.path === '/graphql') subgraphCalls[name] = (subgraphCalls[name] ?? 0) + 1;
      return undefined;
    });
  }
  // Two replicas over the same subgraphs, sharing rate limits through Redis (same secrets, same
  // cache.redisUrl), with a tiny cost limit to show the REST union view is bound by its own code.
  const replicaConfig: SwitchyardConfig = {
    ...stack.config,
    cache: { ...stack.config.cache, redisUrl: REDIS },
    gateway: {
      ...stack.config.gateway,
      apiKeys: [{ id: 'limited', sha256: sha256(LIMITED_KEY) }, { id: 'other', sha256: sha256(OTHER_KEY) }],
      limits: {
        ...stack.config.gateway.limits,
        maxCost: 100,
        rate: {
          perMinute: 1_000,
          principals: { 'api-key:limited': { perMinute: 5 }, 'clearml-key:THROTTLEDACCESSKEY000000000001': { perMinute: 1 }, [`comet-key:${sha256(COMET_KEY).slice(0, 16)}`]: { perMinute: 1 }, demo: { perMinute: 1 } },
          keyPrefix: prefix,
        },
      },
    },
  };
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((n) => [n, stack.subgraphs[n].url]));
  replicas = [await startGateway({ config: replicaConfig, clock: systemClock, subgraphUrls, port: 0 }), await startGateway({ config: replicaConfig, clock: systemClock, subgraphUrls, port: 0 })];
});

afterAll(async () => {
  for (const r of replicas) await r.close();
  stack.subgraphFaults.reset();
  await stack.close();
  await deleteRedisKeys(`${prefix}:`);
});

/** POST to a Switchyard gateway's /graphql (this file is about the gateway itself, never Hive). */
async function post<T = Record<string, unknown>>(url: string, query: string, headers: Record<string, string> = {}): Promise<GraphQLResponse<T> & { retryAfter: string | null }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), ...((await res.json()) as Omit<GraphQLResponse<T>, 'status'>) };
}

async function rest(url: string, opts: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
  const res = await got(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, ...(opts.body !== undefined ? { body: opts.body } : {}), allowGetBody: true, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: res.statusCode, retryAfter: res.headers['retry-after'] ?? null, json: () => JSON.parse(res.body) as Record<string, unknown> };
}

async function refusals(surface: string): Promise<number> {
  return (await rateLimited.get()).values.find((v) => v.labels['surface'] === surface)?.value ?? 0;
}

describe('depth and cost limits (defaults: depth 12, cost 50,000)', () => {
  it('refuses an operation over the cost limit with one QUERY_TOO_COMPLEX (HTTP 400) naming cost and limit, calling no subgraph', async () => {
    const before = { ...subgraphCalls };
    const res = await post(stack.gateway.url, HEAVY);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', cost: HEAVY_COST, maxCost: 50_000 });
    expect(res.errors?.[0]?.message).toContain(`Query cost ${HEAVY_COST} exceeds the limit of 50000`);
    expect(subgraphCalls).toEqual(before);
    // 5 tasks with 10 points per series is cheap: 4 × (1 + 5 × (7 + 10)) = 344, and runs.
    const fewer = await post(stack.gateway.url, HEAVY.replace('metricSeries(name: "loss")', 'metricSeries(name: "loss", maxPoints: 10)').replace('first: 500', 'first: 5'));
    expect(fewer.status).toBe(200);
    expect(fewer.errors ?? []).not.toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }));
    expect((subgraphCalls['catalog'] ?? 0) - (before['catalog'] ?? 0)).toBeGreaterThan(0);
  });

  it('refuses an operation deeper than 12 fields, calling no subgraph', async () => {
    const before = { ...subgraphCalls };
    // tasks edges node, 4 × (models producedBy), models id: 13 fields on the longest path.
    const deep = '{ tasks(first: 1) { edges { node { models { producedBy { models { producedBy { models { producedBy { models { producedBy { models { id } } } } } } } } } } } } }';
    const res = await post(stack.gateway.url, deep);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([expect.objectContaining({ message: 'Query depth 13 exceeds the limit of 12.', extensions: { code: 'QUERY_TOO_COMPLEX', depth: 13, maxDepth: 12 } })]);
    expect(subgraphCalls).toEqual(before);
  });

  it('lets a typical page and GraphiQL\'s introspection query through', async () => {
    const page = await post<{ tasks: { edges: unknown[] } }>(stack.gateway.url, PAGE);
    expect(page.status).toBe(200);
    expect(page.errors).toBeUndefined();
    expect(page.data?.tasks.edges.length).toBeGreaterThan(0);
    const intro = await post<{ __schema: { types: unknown[] } }>(stack.gateway.url, getIntrospectionQuery());
    expect(intro.errors).toBeUndefined();
    expect(intro.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it('binds callers, not the REST mounts\' own rendered operations: the union view works under a tiny maxCost', async () => {
    // The replicas allow a cost of 100; a page of 20 tasks from 4 sources costs more.
    const refused = await post(replicas[0]?.url ?? '', '{ tasks(first: 20) { edges { node { id } } } }');
    expect(refused.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
    const union = await rest(`${replicas[0]?.url ?? ''}/clearml/v2.23/tasks.get_all?switchyard.sources=all`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('UNIONVIEWKEY00000000000000001:s').toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ page_size: 20, only_fields: ['id', 'name'] }),
    });
    expect(union.status).toBe(200);
    expect((union.json()['data'] as { tasks: unknown[] }).tasks).toHaveLength(20);
  });
});

describe('body limits', () => {
  it('answers a GraphQL body over gateway.limits.graphqlBodyBytes with 413 and BAD_USER_INPUT', async () => {
    const res = await fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ sources { name } } # ${'x'.repeat(9 * 1024)}` }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as GraphQLResponse).errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect((await post(stack.gateway.url, `{ sources { name } } # ${'x'.repeat(1024)}`)).status).toBe(200);
  });

  it('answers a /comet body over rest.comet.bodyLimitBytes in Comet\'s error shape', async () => {
    const url = `${stack.gateway.url}/comet/api/rest/v2/write/experiment/tags`;
    const big = await rest(url, { method: 'POST', headers: { authorization: 'any-key', 'content-type': 'application/json' }, body: JSON.stringify({ experimentKey: 'x', addedTags: ['t'.repeat(2_000)] }) });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ code: 413, msg: 'Request entity too large', sdk_error_code: 0 });
    const small = await rest(url, { method: 'POST', headers: { authorization: 'any-key', 'content-type': 'application/json' }, body: JSON.stringify({ experimentKey: 'x', addedTags: ['t'] }) });
    expect(small.status).not.toBe(413);
  });
});

describe('per-principal rate limits shared by two replicas through Redis', () => {
  it('refuses the 6th GraphQL request of a 5-per-minute principal on either replica, with RATE_LIMITED, 429 and Retry-After', async () => {
    const before = await refusals('graphql');
    const key = { 'x-api-key': LIMITED_KEY };
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await post(replicas[i % 2]?.url ?? '', '{ sources { name } }', key));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = answers[5];
    expect(refused?.errors).toEqual([{ message: expect.stringContaining('Rate limit exceeded: 5 requests per minute'), extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } }]);
    // A token every 12 s.
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.retryAfter)).toBeLessThanOrEqual(12);
    expect((await post(replicas[0]?.url ?? '', '{ sources { name } }', key)).status).toBe(429);
    expect(await refusals('graphql')).toBe(before + 2);
    // Another principal is not affected, on either replica.
    for (const r of replicas) expect((await post(r.url, '{ sources { name } }', { 'x-api-key': OTHER_KEY })).status).toBe(200);
    expect((await post(replicas[1]?.url ?? '', '{ sources { name } }')).status).toBe(200);

    // The bucket's key expires once it would be full again (5 tokens at 12 s each, plus a second).
    const admin = createClient({ url: REDIS });
    await admin.connect();
    const ttl = await admin.pTTL(rateKey(prefix, 'graphql', 'api-key:limited'));
    await admin.close();
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(61_000);
  });

  it('answers each mount\'s 429 in the tracker\'s own shape, with Retry-After, across replicas', async () => {
    const [a, b] = [replicas[0]?.url ?? '', replicas[1]?.url ?? ''];
    const cases = [
      { surface: 'clearml', path: '/clearml/v2.23/projects.get_all', headers: { authorization: CLEARML_AUTH } },
      { surface: 'comet', path: '/comet/api/rest/v2/workspaces', headers: { authorization: COMET_KEY } },
      { surface: 'cmf', path: '/cmf/api/pipelines', headers: {} },
      { surface: 'mlconnector', path: '/mlconnector/model/all', headers: {} },
    ];
    const refusedBodies: Record<string, unknown> = {};
    for (const c of cases) {
      const before = await refusals(c.surface);
      const first = await rest(`${a}${c.path}`, { method: c.surface === 'clearml' ? 'POST' : 'GET', headers: c.headers });
      expect(first.status).toBe(200);
      const second = await rest(`${b}${c.path}`, { method: c.surface === 'clearml' ? 'POST' : 'GET', headers: c.headers });
      expect(second.status).toBe(429);
      expect(Number(second.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(second.retryAfter)).toBeLessThanOrEqual(60);
      expect(await refusals(c.surface)).toBe(before + 1);
      refusedBodies[c.surface] = second.json();
    }
    expect(refusedBodies['clearml']).toMatchObject({ meta: { result_code: 429, result_subcode: 0, result_msg: expect.stringContaining('Too many requests'), endpoint: { name: 'projects.get_all' } }, data: {} });
    expect(refusedBodies['comet']).toEqual({ code: 429, msg: expect.stringContaining('Too many requests'), sdk_error_code: 0 });
    expect(refusedBodies['cmf']).toEqual({ detail: expect.stringContaining('Too many requests') });
    expect(refusedBodies['mlconnector']).toEqual({ detail: expect.stringContaining('Too many requests') });
    // The throttled ClearML key leaves other keys alone.
    expect((await rest(`${b}/clearml/v2.23/projects.get_all`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('SOMEONEELSE000000000000000001:s').toString('base64')}` } })).status).toBe(200);
  });
});
