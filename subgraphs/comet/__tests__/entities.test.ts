/** The Comet subgraph's GraphQL side over the seeded emulator: `_entities` for every type and the fields loaded on demand. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMET_DEMO_API_KEY } from '../../../emulators/comet/index.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../shared/principalToken.js';
import type { RunningSubgraph } from '../../shared/subgraphServer.js';
import { startCometSubgraph } from '../index.js';
import { artifactVersionId, experimentId, experimentModelId, type Harness, keyOf, modelVersionId, startHarness } from './emulatorHarness.js';

const SECRET = 'test-secret';
let h: Harness;
let subgraph: RunningSubgraph;

beforeAll(async () => {
  h = await startHarness();
  subgraph = await startCometSubgraph({ instances: [{ name: 'comet', url: h.em.url, apiKey: COMET_DEMO_API_KEY }], cache: h.cache, clock: h.clock, principalSecret: SECRET });
});

afterAll(async () => {
  await subgraph.close();
  await h.close();
});

async function entities(query: string, reps: { __typename: string; id: string }[]): Promise<{ data?: { _entities: unknown[] }; errors?: unknown[] }> {
  const res = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRINCIPAL_HEADER]: signPrincipalToken({ id: 'tester', roles: [] }, SECRET, h.clock) },
    body: JSON.stringify({ query: `query($r: [_Any!]!) { _entities(representations: $r) { ${query} } }`, variables: { r: reps } }),
  });
  return (await res.json()) as { data?: { _entities: unknown[] }; errors?: unknown[] };
}

describe('the Comet subgraph over the emulator', () => {
  it("reads an experiment's system details, git metadata (null until logged) and output tail", async () => {
    const q = `... on CometExperiment { systemDetails git { branch origin } outputTail(lines: 1) }`;
    const before = await entities(q, [{ __typename: 'CometExperiment', id: experimentId(12) }]);
    expect(before.errors).toBeUndefined();
    expect(before.data?._entities[0]).toEqual({ systemDetails: expect.objectContaining({ hostname: 'gpu-node-0', pid: 4012 }), git: null, outputTail: ['steps planned: 30'] });
    const res = await fetch(`${h.em.url}/api/rest/v2/write/experiment/git/metadata`, {
      method: 'POST',
      headers: { authorization: COMET_DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ experimentKey: keyOf(12), user: 'u', root: '/r', branch: 'main', parent: 'abc', origin: 'git@x:y.git' }),
    });
    expect(res.status).toBe(200);
    await h.contract.invalidate({ instance: 'comet' }, { principal: { id: 't', roles: [] }, requestId: 'r' });
    const after = await entities(q, [{ __typename: 'CometExperiment', id: experimentId(12) }]);
    expect(after.data?._entities[0]).toMatchObject({ git: { branch: 'main', origin: 'git@x:y.git' } });
    const bad = await entities(`... on CometExperiment { outputTail(lines: 0) }`, [{ __typename: 'CometExperiment', id: experimentId(12) }]);
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('resolves models with their files, assets and artifact versions by reference, null for unknown ids', async () => {
    const q = `__typename
      ... on CometModelVersion { version stages registryModelName experimentKey experimentModelName comment assets { fileName assetType } }
      ... on CometExperimentModel { name experimentKey assets { fileName } }
      ... on CometAsset { fileName fileSize assetType experimentKey }
      ... on CometArtifactVersion { artifactName version aliases experimentKey state }`;
    const out = await entities(q, [
      { __typename: 'CometModelVersion', id: modelVersionId('fraud-classifier', '1.0.0') },
      { __typename: 'CometExperimentModel', id: experimentModelId(20, 'churn-predictor') },
      { __typename: 'CometArtifactVersion', id: artifactVersionId('fraud-transactions', '2.0.0') },
      { __typename: 'CometModelVersion', id: modelVersionId('fraud-classifier', '5.0.0') },
    ]);
    expect(out.errors).toBeUndefined();
    expect(out.data?._entities).toEqual([
      {
        __typename: 'CometModelVersion',
        version: '1.0.0',
        stages: ['production'],
        registryModelName: 'fraud-classifier',
        experimentKey: keyOf(10),
        experimentModelName: 'fraud-classifier',
        comment: 'trained on fraud-transactions 1.0.0',
        assets: [
          { fileName: 'model.pkl', assetType: 'model-element' },
          { fileName: 'requirements.txt', assetType: 'model-element' },
        ],
      },
      { __typename: 'CometExperimentModel', name: 'churn-predictor', experimentKey: keyOf(20), assets: [{ fileName: 'model.pkl' }, { fileName: 'requirements.txt' }] },
      { __typename: 'CometArtifactVersion', artifactName: 'fraud-transactions', version: '2.0.0', aliases: ['latest'], experimentKey: keyOf(9), state: 'CLOSED' },
      null,
    ]);
  });
});
