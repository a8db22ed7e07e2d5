/**
 * Native lineage on the seed's chains: run 3 produces fraud-transactions 1.0.0, read by runs 6 and 10;
 * run 9 produces 2.0.0, read by run 15; runs 10 and 15 log the experiment model `fraud-classifier`,
 * registered as versions 1.0.0 and 1.1.0; run 15 also produces fraud-eval-report 1.0.0, read by run 18.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EdgesRequest } from '../../shared/sourceContract.js';
import { artifactVersionId, ctx, experimentId, experimentModelId, type Harness, keyOf, modelVersionId, SEED, startHarness } from './emulatorHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function edges(ids: readonly string[], direction: EdgesRequest['direction']): Promise<string[]> {
  const out = await h.contract.edges({ instance: 'comet', ids, direction }, ctx);
  expect(out.edges.every((e) => e.evidence === 'native')).toBe(true);
  return out.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`).sort();
}

const edge = (from: string, relation: string, to: string) => `${from} -${relation}-> ${to}`;
const assetsOf = (j: number) =>
  SEED.experimentModels.filter((m) => m.experimentKey === keyOf(j)).flatMap((m) => m.files.map((f) => `comet:asset:${keyOf(j)}/${f.assetId}`));
const FC10 = experimentModelId(10, 'fraud-classifier');
const FC15 = experimentModelId(15, 'fraud-classifier');
const FT1 = artifactVersionId('fraud-transactions', '1.0.0');
const FT2 = artifactVersionId('fraud-transactions', '2.0.0');
const REPORT = artifactVersionId('fraud-eval-report', '1.0.0');

describe('Comet edges', () => {
  it('gives an experiment the artifact versions it read upstream, its models, assets and artifact versions downstream', async () => {
    expect(await edges([experimentId(10)], 'UPSTREAM')).toEqual([edge(FT1, 'INPUT_OF', experimentId(10))]);
    expect(await edges([experimentId(10)], 'DOWNSTREAM')).toEqual(
      [
        edge(experimentId(10), 'OUTPUT_OF', FC10),
        edge(experimentId(10), 'OUTPUT_OF', modelVersionId('fraud-classifier', '1.0.0')),
        ...assetsOf(10).map((a) => edge(experimentId(10), 'OUTPUT_OF', a)),
      ].sort(),
    );
    expect(await edges([experimentId(15)], 'BOTH')).toEqual(
      [
        edge(FT2, 'INPUT_OF', experimentId(15)),
        edge(experimentId(15), 'OUTPUT_OF', FC15),
        edge(experimentId(15), 'OUTPUT_OF', modelVersionId('fraud-classifier', '1.1.0')),
        edge(experimentId(15), 'OUTPUT_OF', REPORT),
        ...assetsOf(15).map((a) => edge(experimentId(15), 'OUTPUT_OF', a)),
      ].sort(),
    );
  });

  it('links experiment → experiment model → registry version both ways', async () => {
    expect(await edges([FC10], 'UPSTREAM')).toEqual([edge(experimentId(10), 'OUTPUT_OF', FC10)]);
    expect(await edges([FC10], 'DOWNSTREAM')).toEqual([edge(FC10, 'VERSION_OF', modelVersionId('fraud-classifier', '1.0.0'))]);
    // A version links to its experiment model and, directly, to the run that made it (its producedBy).
    expect(await edges([modelVersionId('fraud-classifier', '1.1.0')], 'UPSTREAM')).toEqual(
      [edge(FC15, 'VERSION_OF', modelVersionId('fraud-classifier', '1.1.0')), edge(experimentId(15), 'OUTPUT_OF', modelVersionId('fraud-classifier', '1.1.0'))].sort(),
    );
    expect(await edges([modelVersionId('fraud-classifier', '1.1.0')], 'DOWNSTREAM')).toEqual([]);
    // Run 27's model was never registered.
    expect(await edges([experimentModelId(27, 'fraud-classifier')], 'DOWNSTREAM')).toEqual([]);
  });

  it('links an artifact version to its producer upstream and its consumers downstream, an asset to its experiment', async () => {
    expect(await edges([FT1], 'UPSTREAM')).toEqual([edge(experimentId(3), 'OUTPUT_OF', FT1)]);
    expect(await edges([FT1], 'DOWNSTREAM')).toEqual([edge(FT1, 'INPUT_OF', experimentId(6)), edge(FT1, 'INPUT_OF', experimentId(10))].sort());
    expect(await edges([REPORT], 'BOTH')).toEqual([edge(experimentId(15), 'OUTPUT_OF', REPORT), edge(REPORT, 'INPUT_OF', experimentId(18))].sort());
    const asset = assetsOf(20)[0] as string;
    expect(await edges([asset], 'UPSTREAM')).toEqual([edge(experimentId(20), 'OUTPUT_OF', asset)]);
    expect(await edges([asset], 'DOWNSTREAM')).toEqual([]);
  });

  it('answers BOTH as the union of both directions, ignoring unknown and foreign ids', async () => {
    const ids = [experimentId(15), FC10, FT1, modelVersionId('fraud-classifier', '1.0.0'), `comet:experiment:${'f'.repeat(32)}`, experimentModelId(15, 'nope'), 'clearml:task:abc'];
    const both = await edges(ids, 'BOTH');
    const up = await edges(ids, 'UPSTREAM');
    const down = await edges(ids, 'DOWNSTREAM');
    expect(both).toEqual([...new Set([...up, ...down])].sort());
    expect(both).toContain(edge(FC10, 'VERSION_OF', modelVersionId('fraud-classifier', '1.0.0')));
  });
});
