import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../../schema/repoRoot.js';
import type { ClearMLTaskWire } from '../../connector/index.js';
import { clearmlStatusesFor, mapStatus, mapTask, mapTime } from '../index.js';

function sample(name: string): { data: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/clearml/samples', name), 'utf8')) as { data: Record<string, unknown> };
}

const task = sample('tasks_get_by_id.response.json').data['task'] as ClearMLTaskWire;

describe('mapTask', () => {
  const view = mapTask(task, { instance: 'clearml', projectName: 'examples/mnist', webUrl: 'https://app.clear.ml/' });

  it('maps the recorded task to every shared field', () => {
    expect(view).toMatchObject({
      __typename: 'ClearMLTask',
      id: 'clearml:task:a4d0abb96ae6bbe8a77cadbe55254929',
      origin: { source: 'clearml', kind: 'CLEARML', nativeId: 'a4d0abb96ae6bbe8a77cadbe55254929', url: 'https://app.clear.ml/projects/7a48230e35b5d2bdd16807c3ce9ba54b/experiments/a4d0abb96ae6bbe8a77cadbe55254929' },
      name: 'train mnist',
      project: 'examples/mnist',
      createdAt: '2025-01-13T10:00:01.004Z',
      status: 'COMPLETED',
      archived: false,
      type: 'training',
      user: 'ad593f89e16ca9c3277e67d7d5b63ac1',
      tags: ['baseline'],
      startedAt: '2025-01-13T10:00:05.123Z',
      endedAt: '2025-01-13T10:42:17.512Z',
    });
  });

  it('flattens hyperparameter sections in section/name order, values kept as strings', () => {
    expect(view.parameters).toEqual([
      { section: 'Args', name: 'epochs', value: '10' },
      { section: 'Args', name: 'lr', value: '0.01' },
      { section: 'General', name: 'batch_size', value: '64' },
    ]);
    expect(view.hyperparameterSections?.map((s) => s.name)).toEqual(['Args', 'General']);
  });

  it('reads metric and variant names from the events inside the md5-keyed last_metrics', () => {
    expect(view.metrics).toContainEqual({ name: 'loss', variant: 'train', last: 0.0412, min: 0.0412, max: 0.6931, step: null, updatedAt: null });
    expect(view.metrics?.map((m) => `${m.name}/${m.variant ?? ''}`)).toEqual([...(view.metrics ?? [])].map((m) => `${m.name}/${m.variant ?? ''}`).sort());
  });

  it('keeps ClearML-only fields', () => {
    expect(view).toMatchObject({ clearmlStatus: 'completed', statusReason: 'completed', projectId: '7a48230e35b5d2bdd16807c3ce9ba54b', lastIteration: 9, activeDurationSec: 2532 });
    expect(view.script).toMatchObject({ binary: 'python3.11', entryPoint: 'train.py', versionNum: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' });
    expect(view.configuration).toEqual([{ name: 'General', value: '{"optimizer": "sgd", "momentum": 0.9}', type: 'dictionary', description: '' }]);
    expect(view.raw).toEqual(task);
  });

  it('reads archived from the system tags and leaves absent fields null', () => {
    const minimal = mapTask({ id: 'x'.repeat(32), system_tags: ['archived'], status: 'failed', status_changed: '2025-01-01T00:00:00+00:00' }, { instance: 'prod', projectName: null });
    expect(minimal).toMatchObject({ id: `prod:task:${'x'.repeat(32)}`, name: 'x'.repeat(32), archived: true, status: 'FAILED', endedAt: '2025-01-01T00:00:00.000Z', parameters: null, metrics: null, tags: null, origin: { url: null } });
  });
});

describe('mapTime', () => {
  it.each([
    ['2025-01-13T10:00:05.123000+00:00', '2025-01-13T10:00:05.123Z'],
    ['2026-01-05T08:00:00+00:00', '2026-01-05T08:00:00.000Z'],
    ['2025-01-13T12:00:05.123456+02:00', '2025-01-13T10:00:05.123Z'],
    ['2025-01-13T10:00:05.5', '2025-01-13T10:00:05.500Z'],
  ])('normalises %s to %s', (input, output) => {
    expect(mapTime(input)).toBe(output);
  });

  it('gives null for missing or unreadable values', () => {
    expect(mapTime(undefined)).toBeNull();
    expect(mapTime('')).toBeNull();
    expect(mapTime('yesterday')).toBeNull();
  });
});

describe('mapStatus', () => {
  it('maps every ClearML status, counting published and closed as COMPLETED', () => {
    expect(['created', 'queued', 'in_progress', 'stopped', 'failed', 'completed', 'published', 'publishing', 'closed', 'unknown', 'weird'].map(mapStatus)).toEqual([
      'CREATED', 'QUEUED', 'RUNNING', 'STOPPED', 'FAILED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'UNKNOWN', 'UNKNOWN',
    ]);
  });

  it('pushes a unified status filter down as the ClearML statuses it stands for', () => {
    expect(clearmlStatusesFor(['COMPLETED', 'RUNNING']).sort()).toEqual(['closed', 'completed', 'in_progress', 'published', 'publishing']);
  });
});
