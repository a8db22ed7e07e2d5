import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../shared/principalToken.js';
import type { RunningSubgraph } from '../../shared/subgraphServer.js';
import { startCometSubgraph } from '../index.js';
import { API_KEY, BASE_MS, type FakeComet, keyOf, makeData, startFakeComet } from './fakeComet.js';

const SECRET = 'test-secret';
const clock = { now: () => BASE_MS };
let comet: FakeComet;
let cache: SourceCache;
let subgraph: RunningSubgraph;

beforeAll(async () => {
  comet = await startFakeComet(makeData(12));
  cache = await createSourceCache({}, clock);
  subgraph = await startCometSubgraph({ instances: [{ name: 'comet', url: comet.url, apiKey: API_KEY }], cache, clock, principalSecret: SECRET });
});

afterAll(async () => {
  await subgraph.close();
  await comet.close();
  await cache.close();
});

async function graphql(query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken({ id: 'tester', roles: [] }, SECRET, clock) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: unknown[] };
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on CometExperiment {
  id name status experimentKey experimentName running durationMillis tags
  parameters { section name value } metrics { name variant last step } others { name value } } } }`;

describe('the Comet subgraph', () => {
  it('resolves experiments by reference in one batch, null for unknown keys, details through field resolvers', async () => {
    const reps = [1, 3].map((i) => ({ __typename: 'CometExperiment', id: `comet:experiment:${keyOf(i)}` }));
    reps.push({ __typename: 'CometExperiment', id: `comet:experiment:${'f'.repeat(32)}` });
    const out = await graphql(ENTITIES, { r: reps });
    expect(out.errors).toBeUndefined();
    expect(out.data).toEqual({
      _entities: [
        {
          id: `comet:experiment:${keyOf(1)}`,
          name: 'run-1',
          status: 'COMPLETED',
          experimentKey: keyOf(1),
          experimentName: 'run-1',
          running: false,
          durationMillis: 500,
          tags: ['x'],
          parameters: [{ section: null, name: 'f', value: '/run/user/1000/jupyter/kernel-b1c4403c-c673-4e7f-90dc-853616d231e2.json' }],
          metrics: [{ name: 'train_loss', variant: 'train', last: 2.3872790336608887, step: 0 }],
          others: [
            { name: 'Name', value: 'example 001' },
            { name: 'max_loss', value: '2.429072618484497' },
            { name: 'storage_size_bytes', value: '0' },
            { name: 'trainable_params', value: '134794' },
          ],
        },
        expect.objectContaining({ name: keyOf(3), experimentName: null }),
        null,
      ],
    });
    // Details once per experiment for all four fields (tags, summary, parameters, log-other).
    expect(comet.count('/experiment/tags')).toBe(2);
    expect(comet.count('/experiment/metrics/summary')).toBe(2);
  });

  it('reports a Comet outage on the fields that need it, not on the whole entity', async () => {
    comet.faults.set([{ match: '/experiment/parameters', status: 500 }]);
    try {
      const out = await graphql(ENTITIES, { r: [{ __typename: 'CometExperiment', id: `comet:experiment:${keyOf(7)}` }] });
      const entity = (out.data as { _entities: Record<string, unknown>[] })._entities[0];
      expect(entity).toMatchObject({ name: 'run-2', tags: null, parameters: null });
      expect(out.errors?.[0]).toMatchObject({ extensions: { code: 'SOURCE_ERROR', source: 'comet' } });
    } finally {
      comet.faults.reset();
    }
  });
});
