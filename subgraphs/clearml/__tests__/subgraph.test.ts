/** The ClearML subgraph's `_entities` for all four types, and the fields that need calls of their own. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLEARML_DEMO_CREDENTIALS } from '../../../emulators/clearml/index.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../shared/principalToken.js';
import type { RunningSubgraph } from '../../shared/subgraphServer.js';
import { startClearMLSubgraph } from '../index.js';
import { artifactId, type Harness, modelId, startHarness, taskId } from './harness.js';

const SECRET = 'test-secret';
let h: Harness;
let subgraph: RunningSubgraph;

beforeAll(async () => {
  h = await startHarness();
  subgraph = await startClearMLSubgraph({ instances: [{ name: 'clearml', url: h.em.url, credentials: CLEARML_DEMO_CREDENTIALS }], cache: h.cache, clock: h.clock, principalSecret: SECRET });
});
afterAll(async () => {
  await subgraph.close();
  await h.close();
});

async function graphql(query: string, variables: Record<string, unknown>): Promise<{ data?: { _entities?: unknown[] }; errors?: { extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken({ id: 'tester', roles: [] }, SECRET, h.clock) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: { _entities?: unknown[] }; errors?: { extensions?: Record<string, unknown> }[] };
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on ClearMLTask { id name parentTaskId metricSeries(name: "loss", variant: "train", maxPoints: 4) { points { step value } downsampling { by } } consoleLogTail(lines: 1) }
  ... on ClearMLModel { id name stages taskId parentModelId ready labels version }
  ... on ClearMLArtifact { id name mode key taskId hash hashAlgorithm size contentType }
  ... on ClearMLServingEndpoint { id status endpointName modelName instances requests modelVersion }
} }`;

describe('the ClearML subgraph', () => {
  it('resolves every type by reference in one batch per kind, null for unknown ids', async () => {
    const reps = [
      { __typename: 'ClearMLTask', id: taskId('prep-features-033') },
      { __typename: 'ClearMLModel', id: modelId('train-xgb-044-model') },
      { __typename: 'ClearMLArtifact', id: artifactId('train-xgb-032', 'predictions', 'output') },
      { __typename: 'ClearMLServingEndpoint', id: 'clearml:serving:churn-scorer' },
      { __typename: 'ClearMLModel', id: 'clearml:model:ffffffffffffffffffffffffffffffff' },
    ];
    h.em.clearRequests();
    const out = await graphql(ENTITIES, { r: reps });
    expect(out.errors).toBeUndefined();
    const [t, m, a, s, none] = out.data?._entities ?? [];
    expect(t).toMatchObject({ name: 'prep-features-033', parentTaskId: taskId('train-xgb-032').slice(13), metricSeries: { downsampling: { by: 'SWITCHYARD' } }, consoleLogTail: ['Loading fraud-detection/feature-engineering dataset'] });
    expect((t as { metricSeries: { points: unknown[] } }).metricSeries.points.length).toBeLessThanOrEqual(4);
    expect(m).toMatchObject({ name: 'train-xgb-044-model', stages: ['published'], ready: true, parentModelId: modelId('train-xgb-032-model').slice(14), labels: { legit: 0, fraud: 1 }, version: null });
    expect(a).toMatchObject({ name: 'predictions', mode: 'OUTPUT', key: 'predictions', hashAlgorithm: 'sha256', hash: expect.stringMatching(/^sha256:/) });
    expect(s).toMatchObject({ status: 'RUNNING', endpointName: 'churn-scorer', modelName: 'train-xgb-044-model', instances: 1, requests: 2880, modelVersion: '2' });
    expect(none).toBeNull();
    const calls = h.em.requests.map((r) => r.path.replace(/^.*\//, ''));
    expect(calls.filter((c) => c === 'models.get_all')).toHaveLength(1);
    expect(calls.filter((c) => c === 'serving.get_endpoints')).toHaveLength(1);
  });

  it('refuses out-of-range arguments as BAD_USER_INPUT', async () => {
    const out = await graphql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on ClearMLTask { consoleLogTail(lines: 0) } } }`, { r: [{ __typename: 'ClearMLTask', id: taskId('train-xgb-032') }] });
    expect(out.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
