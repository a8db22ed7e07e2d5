/**
 * Registry versions and experiment models on the reference's shapes (reference/comet.md §4, §5.8; no
 * recording exists: the objects below are hand-made from the field lists there).
 */
import { describe, expect, it } from '@jest/globals';
import { mapExperimentModel, mapModelVersion } from '../index.js';

const registryModel = { registryModelId: 'rm1', modelName: 'fraud classifier', description: 'd', numberOfVersions: 1, isPublic: false, userName: 'u', createdAt: 1, lastUpdated: 2 };
const version = {
  registryModelItemId: 'item1',
  experimentModel: { experimentModelId: 'em1', experimentKey: 'k1', experimentModelName: 'clf' },
  version: '1.2.0',
  comment: 'first',
  stages: ['production', 3],
  assets: [{ assetId: 'a1', fileName: 'model.pkl', fileSize: 10, link: 'https://s3/x?Signature=s', type: 'model-element', createdAt: 5 }],
  userName: 'u',
  createdAt: 1_700_000_000_000,
  lastUpdated: 1_700_000_000_001,
  restApiUrl: 'https://www.comet.com/api/rest/v2/registry-model/item/download',
};

describe('mapModelVersion', () => {
  it('maps a registry version: semver version, stages, the experiment model it came from, its files', () => {
    const view = mapModelVersion(version, { instance: 'comet', workspace: 'my ws', model: registryModel });
    expect(view).toMatchObject({
      __typename: 'CometModelVersion',
      id: 'comet:model-version:my%20ws/fraud%20classifier/1.2.0',
      origin: { source: 'comet', kind: 'COMET', nativeId: 'item1', url: null },
      name: 'fraud classifier',
      project: null,
      createdAt: '2023-11-14T22:13:20.000Z',
      version: '1.2.0',
      framework: null,
      stages: ['production'],
      tags: null,
      uri: null,
      metrics: null,
      workspace: 'my ws',
      registryModelId: 'rm1',
      registryModelItemId: 'item1',
      comment: 'first',
      experimentKey: 'k1',
      experimentModelName: 'clf',
      experimentModelId: 'em1',
      lastUpdated: '2023-11-14T22:13:20.001Z',
    });
    expect(view.assets).toEqual([expect.objectContaining({ id: 'comet:asset:k1/a1', uri: 'https://s3/x', experimentKey: 'k1' })]);
    expect(view.raw).toMatchObject({ modelName: 'fraud classifier', version: { version: '1.2.0' } });
  });

  it('reads the Java DTO spelling of the experiment model name and survives a version without one', () => {
    const java = mapModelVersion({ ...version, experimentModel: { experimentKey: 'k1', modelName: 'clf' } }, { instance: 'comet', workspace: 'w', model: registryModel });
    expect(java.experimentModelName).toBe('clf');
    const bare = mapModelVersion({ version: '0.1.0' }, { instance: 'comet', workspace: 'w', model: registryModel });
    expect(bare).toMatchObject({ experimentKey: null, experimentModelName: null, stages: [], assets: [], origin: { nativeId: 'fraud classifier/0.1.0' } });
  });
});

describe('mapExperimentModel', () => {
  it('maps an experiment model in its experiment\'s project, with the registry versions made from it', () => {
    const wire = { experimentModelId: 'em1', experimentKey: 'k1', modelName: 'clf/v2', registryRecords: [{ registryModelId: 'rm1', registryModelItemId: 'i', registryModelName: 'fraud', version: '1.0.0', createdAt: 1 }, { version: 'x' }] };
    const view = mapExperimentModel(wire, { instance: 'comet', webUrl: 'https://www.comet.com/', owner: { experimentKey: 'k1', project: 'p', workspace: 'w' } });
    expect(view).toMatchObject({
      __typename: 'CometExperimentModel',
      id: 'comet:experiment-model:k1/clf%2Fv2',
      origin: { nativeId: 'em1', url: 'https://www.comet.com/w/p/k1' },
      name: 'clf/v2',
      project: 'p',
      createdAt: null,
      version: null,
      stages: null,
      experimentKey: 'k1',
      experimentModelId: 'em1',
      registryRecords: [{ registryModelName: 'fraud', version: '1.0.0' }],
    });
  });
});
