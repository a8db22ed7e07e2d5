import { describe, expect, it } from '@jest/globals';
import { CMF_MODEL_KIND, locationOf, mapArtifact, mapPipelines } from '../index.js';
import { artifacts2023, exportDoc } from './fixtures.js';

const data = () => {
  const [p] = mapPipelines(exportDoc(), 'cmf');
  if (!p) throw new Error('no pipeline');
  return p;
};

describe('mapArtifact', () => {
  it('maps a Dataset with its md5 hash, DVC location, label and creation time', () => {
    const ds = data().artifacts.find((a) => a.mlmdName === 'artifacts/data.xml.gz:236d9502e0283d91f689d7038b8508a2');
    expect(ds).toMatchObject({
      __typename: 'CmfArtifact',
      id: 'cmf:artifact:Test-env/artifacts%2Fdata.xml.gz%3A236d9502e0283d91f689d7038b8508a2',
      origin: { source: 'cmf', kind: 'CMF', nativeId: 'artifacts/data.xml.gz:236d9502e0283d91f689d7038b8508a2', url: null },
      name: 'artifacts/data.xml.gz',
      project: 'Test-env',
      type: 'Dataset',
      artifactType: 'Dataset',
      hash: 'md5:236d9502e0283d91f689d7038b8508a2',
      uri: '/home/hpe-user/local-storage/files/md5/23/6d9502e0283d91f689d7038b8508a2',
      url: 'Test-env:/home/hpe-user/local-storage/files/md5/23/6d9502e0283d91f689d7038b8508a2',
      commit: '236d9502e0283d91f689d7038b8508a2',
      gitRepo: 'https://github.com/hpe-user/experiment-repo.git',
      size: null,
      labels: 'artifacts/labels.csv',
      labelsUri: 'artifacts/labels.csv:0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      createdAt: '2023-10-30T07:29:51.666Z',
    });
  });

  it('agrees with CMF’s own 2023 Dataset listing on names, hashes and creation times', () => {
    const byName = new Map(data().artifacts.map((a) => [a.name, a]));
    for (const row of artifacts2023()) {
      const a = byName.get(String(row['name']));
      expect(a).toMatchObject({ type: row['type'], mlmdUri: row['uri'], commit: row['Commit'], hash: `md5:${String(row['Commit'])}`, createdAt: new Date(Number(row['original_create_time_since_epoch'])).toISOString() });
    }
  });

  it('serves every artifact type of the export once, Model artifacts as models', () => {
    const d = data();
    expect(d.artifacts.map((a) => a.type).sort()).toEqual(['Dataset', 'Dataset', 'Dataset', 'Dataset', 'Dataset', 'Environment', 'Label', 'Metrics', 'Step_Metrics']);
    expect(d.artifacts.find((a) => a.type === 'Metrics')).toMatchObject({ name: 'metrics', hash: null, metricsName: 'metrics:5c0ff3a8-76f6-11ee-9600-5b8c6d427e3f:4', mlmdUri: '5c0ff3a8-76f6-11ee-9600-5b8c6d427e3f' });
    expect(d.artifacts.find((a) => a.type === 'Label')).toMatchObject({ uri: 'artifacts/labels.csv', datasetUri: '236d9502e0283d91f689d7038b8508a2' });
    expect(d.models).toHaveLength(1);
  });

  it('maps a Model artifact to a model with framework, type, name and a card built from the pull', () => {
    const [model] = data().models;
    expect(model).toMatchObject({
      __typename: 'CmfModel',
      id: `cmf:${CMF_MODEL_KIND}:Test-env/artifacts%2Fmodel%2Fmodel.pkl%3A5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f%3A3`,
      name: 'artifacts/model/model.pkl',
      framework: 'SKlearn',
      modelType: 'RandomForestClassifier',
      modelName: 'RandomForestClassifier:default',
      hash: 'md5:5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f',
      version: null,
      stages: null,
      tags: null,
      createdAt: '2023-10-30T07:31:01.002Z',
    });
    expect(model?.metrics?.map((m) => [m.name, m.last])).toEqual([
      ['avg_prec', 0.9],
      ['roc_auc', 0.96],
    ]);
    expect(model?.modelCard).toMatchObject({
      executions: [
        { name: 'Train_3f6f', role: 'producer' },
        { name: 'Evaluate_48ad', role: 'consumer' },
      ],
      inputArtifacts: expect.arrayContaining([expect.objectContaining({ name: 'artifacts/features/train.pkl:4b0798de5dd985eedbb0afee78b9e5aa', type: 'Dataset' })]),
      outputArtifacts: expect.arrayContaining([expect.objectContaining({ type: 'Metrics' }), expect.objectContaining({ type: 'Step_Metrics' })]),
    });
  });

  it('ignores artifacts without a name or type and reads a numeric `size` custom property', () => {
    expect(mapArtifact({ type: 'Dataset' }, { instance: 'cmf', pipeline: 'p' })).toBeNull();
    expect(mapArtifact({ name: 'x:1' }, { instance: 'cmf', pipeline: 'p' })).toBeNull();
    expect(mapArtifact({ name: 'd.csv:0a', type: 'Dataslice', custom_properties: { size: 42 } }, { instance: 'cmf', pipeline: 'p' })).toMatchObject({ size: 42, hash: null, uri: null });
  });
});

describe('locationOf', () => {
  it('takes this pipeline’s entry of url and drops cmflib’s `<pipeline>:` prefix', () => {
    expect(locationOf('a:/x/1,b:s3://bucket/2', 'b')).toBe('s3://bucket/2');
    expect(locationOf('a:/x/1', 'other')).toBe('/x/1');
    expect(locationOf('s3://bucket/k', 'p')).toBe('s3://bucket/k');
    expect(locationOf('artifacts/labels.csv', 'p')).toBe('artifacts/labels.csv');
    expect(locationOf(null, 'p')).toBeNull();
  });
});
