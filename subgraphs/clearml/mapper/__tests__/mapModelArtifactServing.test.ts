import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../../schema/repoRoot.js';
import type { ClearMLEndpointWire, ClearMLModelWire, ClearMLTaskWire } from '../../connector/index.js';
import { isArtifactWire } from '../../connector/index.js';
import { mapArtifact, mapModel, mapServingEndpoint, modelStages, normaliseHash, systemTagsForStages } from '../index.js';
import { toArtifactRow, toModelRow } from '../../../shared/rows.js';

function sample(name: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/clearml/samples', name), 'utf8')) as { data: Record<string, unknown> }).data;
}

const model = (sample('models_get_all.response.json')['models'] as ClearMLModelWire[])[0] as ClearMLModelWire;
const task = sample('tasks_get_by_id.response.json')['task'] as ClearMLTaskWire;
const endpoint = (sample('serving_get_endpoints.response.json')['endpoints'] as ClearMLEndpointWire[])[0] as ClearMLEndpointWire;

describe('mapModel', () => {
  const view = mapModel(model, { instance: 'clearml', projectName: 'examples/mnist', webUrl: 'https://app.clear.ml' });

  it('maps the recorded model to every shared field', () => {
    expect(toModelRow(view)).toEqual({
      __typename: 'ClearMLModel',
      id: 'clearml:model:70eedb38ec1aca4cecfa9b851d5420c8',
      origin: { source: 'clearml', kind: 'CLEARML', nativeId: '70eedb38ec1aca4cecfa9b851d5420c8', url: 'https://app.clear.ml/projects/7a48230e35b5d2bdd16807c3ce9ba54b/models/70eedb38ec1aca4cecfa9b851d5420c8' },
      name: 'mnist_cnn',
      project: 'examples/mnist',
      createdAt: '2025-01-13T10:01:02.300Z',
      version: null,
      framework: 'PyTorch',
      stages: ['draft'],
      tags: [],
      uri: 's3://ml-bucket/clearml/examples/mnist/train mnist.a4d0abb96ae6bbe8a77cadbe55254929/models/mnist_cnn.pt',
      metrics: null,
    });
  });

  it('keeps the ClearML-only fields', () => {
    expect(view).toMatchObject({
      modelId: '70eedb38ec1aca4cecfa9b851d5420c8',
      taskId: 'a4d0abb96ae6bbe8a77cadbe55254929',
      parentModelId: null,
      labels: { zero: 0, one: 1 },
      ready: false,
      systemTags: [],
      metadata: { input_size: { key: 'input_size', type: 'str', value: '28x28' } },
      lastIteration: 9,
      lastUpdate: '2025-01-13T10:42:10.001Z',
    });
    expect(view.raw).toEqual(model);
  });

  it('reads the version from metadata and the stages from ready and system tags', () => {
    const published = mapModel(
      { ...model, ready: true, system_tags: ['archived', 'stage:production'], metadata: { version: { key: 'version', type: 'str', value: '3' } }, last_metrics: task.last_metrics },
      { instance: 'clearml', projectName: null },
    );
    expect(published).toMatchObject({ version: '3', stages: ['published', 'archived', 'production'], origin: { url: null } });
    expect(published.metrics?.map((m) => `${m.name}/${m.variant}`)).toEqual(['accuracy/validation', 'loss/train', 'loss/validation']);
  });
});

describe('model stages', () => {
  it('derives stages from ready and the stage: system tags', () => {
    expect(modelStages(false, [])).toEqual(['draft']);
    expect(modelStages(true, ['archived', 'stage:staging', 'other'])).toEqual(['published', 'archived', 'staging']);
  });

  it('rewrites only the stage tags, keeping the other system tags', () => {
    expect(systemTagsForStages(['archived', 'stage:old', 'switchyard:idempotency=k'], ['published', 'production'])).toEqual(['stage:production', 'switchyard:idempotency=k']);
    expect(systemTagsForStages([], ['draft', 'archived'])).toEqual(['archived']);
  });
});

describe('mapArtifact', () => {
  const artifacts = (task.execution?.artifacts ?? []).filter(isArtifactWire);
  const ctx = { instance: 'clearml', taskId: task.id, projectId: task.project ?? null, projectName: 'examples/mnist', webUrl: 'https://app.clear.ml' };
  const [output, input] = artifacts.map((a) => mapArtifact(a, ctx));

  it('maps an output artifact to every shared field, naming it by task, key and mode', () => {
    expect(output && toArtifactRow(output)).toEqual({
      __typename: 'ClearMLArtifact',
      id: 'clearml:artifact:a4d0abb96ae6bbe8a77cadbe55254929/confusion/output',
      origin: {
        source: 'clearml',
        kind: 'CLEARML',
        nativeId: 'a4d0abb96ae6bbe8a77cadbe55254929/confusion/output',
        url: 'https://app.clear.ml/projects/7a48230e35b5d2bdd16807c3ce9ba54b/experiments/a4d0abb96ae6bbe8a77cadbe55254929/artifacts',
      },
      name: 'confusion',
      project: 'examples/mnist',
      createdAt: '2025-01-13T10:42:10.000Z',
      type: 'numpy',
      uri: 's3://ml-bucket/clearml/examples/mnist/train mnist.a4d0abb96ae6bbe8a77cadbe55254929/artifacts/confusion/confusion.npz',
      hash: 'sha256:3f1b2c0d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c',
      size: 1834,
    });
    expect(output).toMatchObject({ key: 'confusion', mode: 'OUTPUT', taskId: task.id, contentType: 'application/octet-stream', preview: 'ndarray (10, 10) int64', hashAlgorithm: 'sha256', dataHash: '9a8b7c6d5e4f3a2b1c0d', displayData: [['shape', '(10, 10)'], ['dtype', 'int64']] });
  });

  it('maps an input artifact with its mode in the id', () => {
    expect(input).toMatchObject({ id: 'clearml:artifact:a4d0abb96ae6bbe8a77cadbe55254929/dataset_split/input', mode: 'INPUT', createdAt: '2025-01-13T10:01:00.000Z', size: 112 });
  });

  it('prefixes a bare digest with sha256, keeps a prefixed one and drops what is not a digest', () => {
    expect(normaliseHash('ABCDEF01')).toBe('sha256:abcdef01');
    expect(normaliseHash('MD5:0CC175B9')).toBe('md5:0cc175b9');
    expect(normaliseHash('not a hash')).toBeNull();
    expect(normaliseHash(undefined)).toBeNull();
  });

  it('names a key with slashes and spaces so the id round-trips', () => {
    const odd = mapArtifact({ key: 'eval/run 1', mode: 'input' }, ctx);
    expect(odd.id).toBe('clearml:artifact:a4d0abb96ae6bbe8a77cadbe55254929/eval%2Frun%201/input');
    expect(odd).toMatchObject({ createdAt: null, hash: null, size: null, uri: null, type: null });
  });
});

describe('mapServingEndpoint', () => {
  it('maps the recorded endpoint to a running deployment', () => {
    expect(mapServingEndpoint(endpoint, { instance: 'clearml' })).toMatchObject({
      __typename: 'ClearMLServingEndpoint',
      id: 'clearml:serving:mnist',
      origin: { source: 'clearml', kind: 'CLEARML', nativeId: 'mnist', url: null },
      name: 'mnist',
      project: null,
      createdAt: null,
      status: 'RUNNING',
      endpoint: 'http://serving.local:8080/serve/mnist',
      placement: { instances: 2 },
      endpointName: 'mnist',
      modelName: 'mnist_cnn',
      instances: 2,
      uptimeSec: 86400,
      requests: 15230,
      requestsPerMin: 10.6,
      latencyMs: 23,
      lastUpdate: '2025-01-14T10:00:00.000Z',
    });
  });

  it('is STOPPED without instances and UNKNOWN when ClearML does not say', () => {
    expect(mapServingEndpoint({ ...endpoint, instances: 0 }, { instance: 'clearml' }).status).toBe('STOPPED');
    expect(mapServingEndpoint({ endpoint: 'x' }, { instance: 'clearml' }).status).toBe('UNKNOWN');
  });
});
