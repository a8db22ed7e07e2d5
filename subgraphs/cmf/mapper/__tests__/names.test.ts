import { describe, expect, it } from '@jest/globals';
import { artifactDisplayName, executionName, stageShortName } from '../index.js';
import { artifacts2023 } from './fixtures.js';

describe('artifactDisplayName', () => {
  it('drops the hash suffix as CMF’s own listings do (test-data-artifacts-2023)', () => {
    for (const row of artifacts2023()) expect(artifactDisplayName(`${String(row['name'])}:${String(row['uri'])}`)).toBe(row['name']);
  });

  it('drops every suffix of each artifact type (reference/cmf.md naming table)', () => {
    expect(artifactDisplayName('artifacts/model/model.pkl:5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f:3')).toBe('artifacts/model/model.pkl');
    expect(artifactDisplayName('metrics:5c0ff3a8-76f6-11ee-9600-5b8c6d427e3f:4')).toBe('metrics');
    expect(artifactDisplayName('cmf_artifacts/3f6f2db2-76f6-11ee-9600-5b8c6d427e3f/metrics/training_metrics:9d1c3e5a7b2f4d6e8a0c1b3d5f7e9a2c:3:52a1c4e6-76f6-11ee-9600-5b8c6d427e3f')).toBe(
      'cmf_artifacts/3f6f2db2-76f6-11ee-9600-5b8c6d427e3f/metrics/training_metrics',
    );
  });

  it('keeps a name without suffixes, and colons that are part of the path', () => {
    expect(artifactDisplayName('plain.csv')).toBe('plain.csv');
    expect(artifactDisplayName('s3://bucket/a:b.csv:236d9502e0283d91f689d7038b8508a2')).toBe('s3://bucket/a:b.csv');
    expect(artifactDisplayName('12345')).toBe('12345');
  });
});

describe('executionName', () => {
  it('is `<stage>_<uuid[:4]>` when the execution has no name, as /list-of-executions names it', () => {
    expect(executionName(null, 'Test-env/Prepare', '1afa7676-76f6-11ee-9600-5b8c6d427e3f')).toBe('Prepare_1afa');
    expect(executionName('reused', 'Test-env/Prepare', '1afa7676')).toBe('reused');
  });

  it('takes the stage after the pipeline’s first slash only', () => {
    expect(stageShortName('p/a/b')).toBe('a/b');
    expect(stageShortName('solo')).toBe('solo');
  });
});
