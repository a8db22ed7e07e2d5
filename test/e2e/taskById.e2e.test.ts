/**
 * By-id paths (`task`, `node`) and tracker-only fields through `_entities`, over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClearMLSeed } from '../../emulators/clearml/index.js';
import { buildCometSeed } from '../../emulators/comet/index.js';
import { expectCleanErrors, expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

const clearmlTask = buildClearMLSeed().tasks.find((t) => t['status'] === 'completed' && t['hyperparams'] && t['last_metrics']);
const cometExp = buildCometSeed().experiments.find((e) => !e.running && e.name && e.params.length > 0 && e.metrics.length > 0);
if (!clearmlTask || !cometExp) throw new Error('seed lacks the tasks this file needs');
const clearmlId = `clearml:task:${String(clearmlTask['id'])}`;
const cometId = `comet:experiment:${cometExp.key}`;

const BY_ID = `query($id: ID!) {
  task(id: $id) {
    id name project createdAt status archived tags startedAt endedAt
    origin { source kind nativeId }
    parameters { section name value }
    metrics { name variant last min max }
    ... on ClearMLTask { clearmlStatus projectId hyperparameterSections { name parameters { name value } } script { entryPoint } }
    ... on CometExperiment { experimentKey workspace running others { name value } }
  }
}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
});
afterAll(async () => {
  await stack.close();
});

describe('task(id) and node(id)', () => {
  it('returns a ClearML task with shared and ClearML-only fields', async () => {
    const res = await gql<{ task: Record<string, unknown> }>(stack, BY_ID, { id: clearmlId });
    expect(res.errors).toBeUndefined();
    const task = res.data?.task;
    expect(task).toMatchObject({ id: clearmlId, name: clearmlTask['name'], status: 'COMPLETED', clearmlStatus: 'completed', origin: { source: 'clearml', kind: 'CLEARML', nativeId: clearmlTask['id'] } });
    expect((task?.['parameters'] as unknown[]).length).toBeGreaterThan(0);
    expect((task?.['metrics'] as unknown[]).length).toBeGreaterThan(0);
    expect((task?.['hyperparameterSections'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('returns a Comet experiment with parameters, metric summaries and tags read from Comet', async () => {
    const res = await gql<{ task: Record<string, unknown> }>(stack, BY_ID, { id: cometId });
    expect(res.errors).toBeUndefined();
    const task = res.data?.task;
    expect(task).toMatchObject({ id: cometId, name: cometExp.name, project: cometExp.projectName, experimentKey: cometExp.key, workspace: 'switchyard', running: false });
    expect([...(task?.['tags'] as string[])].sort()).toEqual([...cometExp.tags].sort());
    const params = task?.['parameters'] as { name: string; value: string }[];
    expect(params.map((p) => p.name).sort()).toEqual([...new Set(cometExp.params.map((p) => p.name))].sort());
    const metrics = task?.['metrics'] as { name: string; last: number | null }[];
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => typeof m.last === 'number')).toBe(true);
  });

  it('serves a Comet metric history sorted by step, downsampled by Switchyard below maxPoints', async () => {
    const q = `query($id: ID!, $max: Int) { task(id: $id) { metricSeries(name: "loss", maxPoints: $max) { name variant points { step value } totalPoints droppedNonFinite downsampling { by method } } } }`;
    const logged = cometExp.metrics.filter((m) => m.name === 'loss');
    const full = await gql<{ task: { metricSeries: { points: { step: number; value: number }[]; totalPoints: number; downsampling: { by: string } } } }>(stack, q, { id: cometId, max: 10_000 });
    expect(full.errors).toBeUndefined();
    const series = full.data?.task.metricSeries;
    expect(series?.points).toHaveLength(logged.length);
    expect(series?.points.map((p) => p.step)).toEqual([...(series?.points ?? [])].map((p) => p.step).sort((a, b) => a - b));
    expect(series?.downsampling.by).toBe('NONE');
    const small = await gql<{ task: { metricSeries: { points: unknown[]; downsampling: { by: string } } } }>(stack, q, { id: cometId, max: 4 });
    expect(small.data?.task.metricSeries.points.length).toBeLessThanOrEqual(4);
    expect(small.data?.task.metricSeries.downsampling.by).toBe('SWITCHYARD');
    expectGraphQLError(await gql(stack, q, { id: cometId, max: 0 }), 'BAD_USER_INPUT');
    const missing = await gql<{ task: { metricSeries: unknown } }>(stack, `query($id: ID!) { task(id: $id) { metricSeries(name: "no-such-metric") { name } } }`, { id: cometId });
    expect(missing.data?.task.metricSeries).toBeNull();
  });

  it('serves node(id) for both trackers', async () => {
    const q = `query($a: ID!, $b: ID!) { a: node(id: $a) { id ... on Task { name createdAt } } b: node(id: $b) { id ... on Task { name } ... on CometExperiment { experimentKey } } }`;
    const res = await gql<{ a: { id: string; name: string }; b: { id: string; experimentKey: string } }>(stack, q, { a: clearmlId, b: cometId });
    expect(res.errors).toBeUndefined();
    expect(res.data?.a).toMatchObject({ id: clearmlId, name: clearmlTask['name'] });
    expect(res.data?.b).toMatchObject({ id: cometId, experimentKey: cometExp.key });
  });

  it('answers NOT_FOUND, naming the source and id, for a well-formed id the tracker does not have', async () => {
    for (const id of ['clearml:task:00000000000000000000000000000000', 'comet:experiment:00000000000000000000000000000000']) {
      const res = await gql<{ task: unknown }>(stack, BY_ID, { id });
      expect(res.data?.task).toBeNull();
      expectGraphQLError(res, 'NOT_FOUND', id.split(':')[0]);
      expect(res.errors?.[0]?.extensions?.['id']).toBe(id);
      expectCleanErrors(res);
    }
  });

  it('answers BAD_USER_INPUT for malformed ids and unknown sources or kinds', async () => {
    for (const id of ['nope', 'clearml:task', 'mlflow:run:1', 'clearml:experiment:1', 'clearml:task:a/b']) {
      const res = await gql<{ task: unknown }>(stack, BY_ID, { id });
      expect(res.data?.task).toBeNull();
      expectGraphQLError(res, 'BAD_USER_INPUT');
      expectCleanErrors(res);
    }
  });
});
