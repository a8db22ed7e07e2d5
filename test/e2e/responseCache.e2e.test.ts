/**
 * The GraphQL full-response cache (docs/adr/0013; issue 8 item 8) over real HTTP: two gateway replicas
 * share it through the real Redis on 127.0.0.1:6379. A repeat is answered without a subgraph call,
 * only to the same principal; answers with errors are never stored; a mutation on one replica and a
 * REST write through a mount orphan what both replicas cached; an answer expires on the clock.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import got from 'got';
import type { SwitchyardConfig } from '../../gateway/config/index.js';
import { type RunningGateway, startGateway } from '../../gateway/server.js';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { type Stack, startStack, type SubgraphName } from '../helpers/stack.js';
import { deleteRedisKeys, TEST_REDIS_URL } from '../helpers/redis.js';

const REDIS = TEST_REDIS_URL;
const namespace = `test-response-cache-${randomUUID()}`;
const TTL_MS = 30_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const KEYS = { alice: 'alice-key-0123456789', bob: 'bob-key-0123456789' } as const;
const SUBGRAPHS: readonly SubgraphName[] = ['catalog', 'clearml', 'comet'];
const LIST = '{ tasks(first: 50) { edges { node { id name } } sources { source outcome } } }';

/** The replicas' clock: the system's, moved on by the test to expire answers (principal tokens live 60 s). */
const skew = { ms: 0 };
const replicaClock: Clock = { now: () => Date.now() + skew.ms };

let stack: Stack;
let replicas: RunningGateway[] = [];
let subgraphCalls = 0;

interface Answer {
  readonly status: number;
  readonly cache: string | undefined;
  readonly body: string;
  readonly json: { data?: { tasks?: { edges: { node: { id: string; name: string } }[] } } | null; errors?: unknown[] };
}

async function ask(replica: RunningGateway, who: keyof typeof KEYS, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const res = await got.post(`${replica.url}/graphql`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS[who]}` }, body: JSON.stringify({ query, variables }), throwHttpErrors: false, retry: { limit: 0 } });
  const header = res.headers['x-switchyard-response-cache'];
  return { status: res.statusCode, cache: typeof header === 'string' ? header : undefined, body: res.body, json: JSON.parse(res.body) as Answer['json'] };
}

const names = (a: Answer) => (a.json.data?.tasks?.edges ?? []).map((e) => e.node.name);

beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
  for (const name of SUBGRAPHS) {
    stack.subgraphFaults.set(name, (req) => {
      if (req.path === '/graphql') subgraphCalls += 1;
      return undefined;
    });
  }
  const config: SwitchyardConfig = {
    ...stack.config,
    cache: { ...stack.config.cache, redisUrl: REDIS, responseTtlMs: TTL_MS, namespace },
    gateway: { ...stack.config.gateway, anonymous: false, apiKeys: [{ id: 'alice', sha256: sha256(KEYS.alice) }, { id: 'bob', sha256: sha256(KEYS.bob) }] },
  };
  const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, sg]) => [n, sg.url]));
  replicas = [await startGateway({ config, clock: replicaClock, subgraphUrls, port: 0 }), await startGateway({ config, clock: replicaClock, subgraphUrls, port: 0 })];
});

afterAll(async () => {
  for (const r of replicas) await r.close();
  stack.subgraphFaults.reset();
  await stack.close();
  await deleteRedisKeys(namespace);
});

describe('the full-response cache', () => {
  it('answers a repeat from the cache, on either replica, with the same bytes and no subgraph call', async () => {
    const [a, b] = replicas as [RunningGateway, RunningGateway];
    const first = await ask(a, 'alice', LIST);
    expect(first.status).toBe(200);
    expect(first.json.errors).toBeUndefined();
    expect(first.cache).toBe('miss');
    const calls = subgraphCalls;
    const again = await ask(a, 'alice', LIST);
    const elsewhere = await ask(b, 'alice', LIST);
    expect([again.cache, elsewhere.cache]).toEqual(['hit', 'hit']);
    expect(again.body).toBe(first.body);
    expect(elsewhere.body).toBe(first.body);
    expect(subgraphCalls).toBe(calls);
  });

  it('never serves one principal’s answer to another', async () => {
    const [a] = replicas as [RunningGateway, RunningGateway];
    await ask(a, 'alice', LIST);
    const calls = subgraphCalls;
    const bob = await ask(a, 'bob', LIST);
    expect(bob.cache).toBe('miss');
    expect(subgraphCalls).toBeGreaterThan(calls);
  });

  it('does not store an answer with errors (a source failing), so the next one is fresh', async () => {
    const [a] = replicas as [RunningGateway, RunningGateway];
    const query = '{ tasks(first: 7) { edges { node { id } } sources { source outcome } } }';
    // ClearML pages through its keyset (this page size is new, so the call reaches the tracker).
    stack.emulators.clearml?.faults.set([{ match: 'tasks.get_all', status: 503, body: 'down' }]);
    try {
      const failing = await ask(a, 'alice', query);
      expect(failing.json.errors?.length).toBeGreaterThan(0);
    } finally {
      stack.emulators.clearml?.faults.reset();
    }
    const after = await ask(a, 'alice', query);
    expect(after.cache).toBe('miss');
    expect(after.json.errors).toBeUndefined();
  });

  it('does not store a mutation, and a mutation on one replica orphans what both cached', async () => {
    const [a, b] = replicas as [RunningGateway, RunningGateway];
    await ask(a, 'alice', LIST);
    expect((await ask(a, 'alice', LIST)).cache).toBe('hit');
    const name = `cached-then-created-${randomUUID().slice(0, 8)}`;
    const create = 'mutation($name: String!) { createTask(input: { source: "clearml", project: "response-cache", name: $name }) { id } }';
    const created = await ask(b, 'alice', create, { name });
    expect(created.json.errors).toBeUndefined();
    const repeat = await ask(b, 'alice', create, { name });
    expect(repeat.cache).toBe('miss');
    const list = await ask(a, 'alice', LIST);
    expect(list.cache).toBe('miss');
    expect(names(list)).toContain(name);
  });

  it('is orphaned by a REST write through a mount', async () => {
    const [a, b] = replicas as [RunningGateway, RunningGateway];
    await ask(a, 'alice', LIST);
    expect((await ask(a, 'alice', LIST)).cache).toBe('hit');
    const name = `rest-created-${randomUUID().slice(0, 8)}`;
    const auth = `Basic ${Buffer.from('ANYACCESSKEY0000000000000000001:any-secret').toString('base64')}`;
    const res = await got.post(`${b.url}/clearml/v2.23/tasks.create`, { headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ name, type: 'training' }), throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(200);
    const list = await ask(a, 'alice', LIST);
    expect(list.cache).toBe('miss');
    expect(names(list)).toContain(name);
  });

  it('expires an answer after its TTL', async () => {
    const [a] = replicas as [RunningGateway, RunningGateway];
    const query = '{ tasks(first: 3) { edges { node { id } } } }';
    await ask(a, 'alice', query);
    expect((await ask(a, 'alice', query)).cache).toBe('hit');
    skew.ms += TTL_MS;
    try {
      expect((await ask(a, 'alice', query)).cache).toBe('miss');
    } finally {
      skew.ms = 0;
    }
  });
});
