import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../shared/principalToken.js';
import type { RunningSubgraph } from '../../shared/subgraphServer.js';
import { startCmfSubgraph } from '../index.js';
import { type FakeCmf, startFakeCmf } from './fakeCmf.js';
import { art, DATASET, exec, MODEL, START_MS } from './harness.js';

const SECRET = 'test-secret';
const clock = new ManualClock(START_MS);
let cmf: FakeCmf;
let cache: SourceCache;
let subgraph: RunningSubgraph;

beforeAll(async () => {
  cmf = await startFakeCmf({ generation: 'C', clock, apiOnly: true });
  cache = await createSourceCache({}, clock);
  subgraph = await startCmfSubgraph({ instances: [{ name: 'cmf', url: cmf.url }], cache, clock, principalSecret: SECRET });
});

afterAll(async () => {
  await subgraph.close();
  await cmf.close();
  await cache.close();
});

beforeEach(() => {
  clock.advance(10 * 60_000);
  cmf.clearRequests();
});

async function graphql(query: string, variables: Record<string, unknown>): Promise<{ data?: { _entities: (Record<string, unknown> | null)[] }; errors?: Record<string, unknown>[] }> {
  const res = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken({ id: 'tester', roles: [] }, SECRET, clock) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: { _entities: (Record<string, unknown> | null)[] }; errors?: Record<string, unknown>[] };
}

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on CmfExecution { id name status pipeline stage executionUuid executionType gitStartCommit gitEndCommit pythonEnv properties parameters { name value } metrics { name variant last } }
  ... on CmfArtifact { id name type hash uri artifactType commit labelsUri mlmdName }
  ... on CmfModel { id name framework modelType modelName hash metrics { name last } modelCard } } }`;

describe('the CMF subgraph', () => {
  it('resolves executions, artifacts and models by reference with one pull per pipeline', async () => {
    const reps = [
      { __typename: 'CmfExecution', id: exec('train') },
      { __typename: 'CmfExecution', id: exec('evaluate', 'fraud-detection') },
      { __typename: 'CmfArtifact', id: art(DATASET) },
      { __typename: 'CmfModel', id: art(MODEL) },
      { __typename: 'CmfExecution', id: 'cmf:execution:Test-env/unknown' },
      { __typename: 'CmfArtifact', id: art(MODEL) },
    ];
    const out = await graphql(ENTITIES, { r: reps });
    expect(out.errors).toBeUndefined();
    const [train, evaluate, dataset, model, unknown, modelAsArtifact] = out.data?._entities ?? [];
    expect(train).toMatchObject({ name: 'Train_3f6f', status: 'UNKNOWN', pipeline: 'Test-env', stage: 'Test-env/Train', executionType: 'Train-execution', gitEndCommit: null, properties: { seed: 20170428, n_est: 100 } });
    expect(evaluate).toMatchObject({ metrics: [{ name: 'avg_prec', variant: 'metrics', last: 0.9 }, { name: 'roc_auc', variant: 'metrics', last: 0.96 }] });
    expect(dataset).toMatchObject({ name: 'artifacts/data.xml.gz', type: 'Dataset', hash: 'md5:236d9502e0283d91f689d7038b8508a2', labelsUri: 'artifacts/labels.csv:0a1b2c3d4e5f60718293a4b5c6d7e8f9', mlmdName: DATASET });
    expect(model).toMatchObject({ framework: 'SKlearn', modelType: 'RandomForestClassifier', modelName: 'RandomForestClassifier:default', metrics: [{ name: 'avg_prec', last: 0.9 }, { name: 'roc_auc', last: 0.96 }] });
    expect(model?.['modelCard']).toMatchObject({ executions: [{ role: 'producer' }, { role: 'consumer' }] });
    expect(unknown).toBeNull();
    expect(modelAsArtifact).toBeNull();
    expect(cmf.pulls).toBe(2);
  });

  it('answers metricSeries with NOT_SUPPORTED_BY_SOURCE on the field only', async () => {
    const out = await graphql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on CmfExecution { name metricSeries(name: "roc_auc") { name } } } }`, {
      r: [{ __typename: 'CmfExecution', id: exec('evaluate') }],
    });
    expect(out.data?._entities[0]).toEqual({ name: 'Evaluate_48ad', metricSeries: null });
    expect(out.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_SUPPORTED_BY_SOURCE', source: 'cmf' } });
  });

  it('reports a CMF outage as a source error on the entities of that pipeline', async () => {
    cmf.faults.set([{ match: '/mlmd_pull', status: 500 }]);
    try {
      const out = await graphql(ENTITIES, { r: [{ __typename: 'CmfExecution', id: exec('prepare') }] });
      expect(out.data?._entities).toEqual([null]);
      expect(out.errors?.[0]).toMatchObject({ extensions: { code: 'SOURCE_ERROR', source: 'cmf' } });
    } finally {
      cmf.faults.reset();
    }
  });
});
