/**
 * Artifacts through the contract against the seeded emulator: the `model-element` assets of runs 10,
 * 15, 20 and 27, and the versions of `fraud-transactions` (1.0.0 by run 3, 2.0.0 by run 9) and
 * `fraud-eval-report` (1.0.0 by run 15).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ArtifactListFilter } from '../../shared/sourceContract.js';
import { artifactVersionId, ctx, type Harness, keyOf, SEED, startHarness } from './emulatorHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const list = async (filter: ArtifactListFilter = {}) => h.contract.list({ instance: 'comet', kind: 'artifact', filter, order: 'NAME_ASC', first: 50, after: null }, ctx);
const modelFile = (j: number, name: string, file: string) => SEED.experimentModels.find((m) => m.experimentKey === keyOf(j) && m.name === name)?.files.find((f) => f.fileName === file);

describe('Comet artifacts', () => {
  it('lists artifact versions and experiment assets from one snapshot, filtered on it', async () => {
    const all = await list();
    expect(all.rows.filter((r) => r.__typename === 'CometArtifactVersion').map((r) => r.id)).toEqual([
      artifactVersionId('fraud-eval-report', '1.0.0'),
      artifactVersionId('fraud-transactions', '1.0.0'),
      artifactVersionId('fraud-transactions', '2.0.0'),
    ]);
    expect(all.rows.filter((r) => r.__typename === 'CometAsset')).toHaveLength(8);
    expect((await list({ types: ['dataset'] })).rows.map((r) => r.id)).toEqual([artifactVersionId('fraud-transactions', '1.0.0'), artifactVersionId('fraud-transactions', '2.0.0')]);
    expect((await list({ projects: ['churn'] })).rows.map((r) => r.name).sort()).toEqual(['model.pkl', 'requirements.txt']);
    expect((await list({ hash: 'md5:00' })).rows).toEqual([]);
  });

  it('maps an artifact version: type, project, size unknown, no hash or URI', async () => {
    const { rows } = await h.contract.getByIds({ instance: 'comet', kind: 'artifact', ids: [artifactVersionId('fraud-transactions', '2.0.0')] }, ctx);
    expect(rows[0]).toEqual({
      __typename: 'CometArtifactVersion',
      id: artifactVersionId('fraud-transactions', '2.0.0'),
      origin: { source: 'comet', kind: 'COMET', nativeId: expect.stringMatching(/^[0-9a-f]{32}$/), url: null },
      name: 'fraud-transactions',
      project: 'fraud-detection',
      createdAt: expect.any(String),
      type: 'dataset',
      uri: null,
      hash: null,
      size: null,
    });
  });

  it('reads assets by id from a cold cache with one asset list per experiment; the link is the uri', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    h.em.clearRequests();
    const pkl = modelFile(15, 'fraud-classifier', 'model.pkl');
    const txt = modelFile(15, 'fraud-classifier', 'requirements.txt');
    const ids = [`comet:asset:${keyOf(15)}/${pkl?.assetId}`, `comet:asset:${keyOf(15)}/${'0'.repeat(32)}`, `comet:asset:${keyOf(15)}/${txt?.assetId}`, artifactVersionId('fraud-eval-report', '7.0.0')];
    const { rows } = await h.contract.getByIds({ instance: 'comet', kind: 'artifact', ids }, ctx);
    expect(rows.map((r) => r?.id ?? null)).toEqual([ids[0], null, ids[2], null]);
    expect(rows[0]).toMatchObject({ name: 'model.pkl', type: 'model-element', project: 'fraud-detection', hash: null, size: pkl?.content.length, uri: expect.stringContaining(`/api/rest/v2/experiment/asset/get-asset?assetId=${pkl?.assetId}&experimentKey=${keyOf(15)}`) });
    expect(h.em.requests.filter((r) => r.path.endsWith('/experiment/asset/list'))).toHaveLength(1);
  });
});
