/**
 * Native lineage on the seed's chain: model train-xgb-020-model → task train-xgb-032 (input), which
 * has the child task prep-features-033 and writes train-xgb-032-model (a version of 020's model); that
 * model feeds train-xgb-044, whose model is served as `churn-scorer`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LineageEdgeValue } from '../../shared/model.js';
import type { EdgesRequest } from '../../shared/sourceContract.js';
import { artifactId, ctx, type Harness, modelId, startHarness, taskId } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function edges(ids: readonly string[], direction: EdgesRequest['direction']): Promise<string[]> {
  const out = await h.contract.edges({ instance: 'clearml', ids, direction }, ctx);
  expect(out.edges.every((e: LineageEdgeValue) => e.evidence === 'native')).toBe(true);
  return out.edges.map((e) => `${e.from} -${e.relation}-> ${e.to}`).sort();
}

const edge = (from: string, relation: string, to: string) => `${from} -${relation}-> ${to}`;
const T32 = taskId('train-xgb-032');
const M20 = modelId('train-xgb-020-model');
const M32 = modelId('train-xgb-032-model');
const M44 = modelId('train-xgb-044-model');

describe('ClearML edges', () => {
  it('gives a task its parent-side inputs upstream', async () => {
    expect(await edges([T32], 'UPSTREAM')).toEqual([edge(M20, 'INPUT_OF', T32), edge(artifactId('train-xgb-032', 'training-data', 'input'), 'INPUT_OF', T32)].sort());
    expect(await edges([taskId('prep-features-033')], 'UPSTREAM')).toContain(edge(T32, 'PARENT_OF', taskId('prep-features-033')));
  });

  it('gives a task its children and outputs downstream', async () => {
    expect(await edges([T32], 'DOWNSTREAM')).toEqual(
      [edge(T32, 'PARENT_OF', taskId('prep-features-033')), edge(T32, 'OUTPUT_OF', M32), edge(T32, 'OUTPUT_OF', artifactId('train-xgb-032', 'predictions', 'output'))].sort(),
    );
  });

  it('gives a model its producer and parent version upstream, its consumers, versions and endpoints downstream', async () => {
    expect(await edges([M32], 'UPSTREAM')).toEqual([edge(T32, 'OUTPUT_OF', M32), edge(M20, 'VERSION_OF', M32)].sort());
    expect(await edges([M32], 'DOWNSTREAM')).toEqual([edge(M32, 'INPUT_OF', taskId('train-xgb-044')), edge(M32, 'VERSION_OF', M44)].sort());
    expect(await edges([M44], 'DOWNSTREAM')).toEqual([edge(M44, 'DEPLOYED_AS', 'clearml:serving:churn-scorer'), edge(M44, 'INPUT_OF', taskId('train-xgb-056'))].sort());
  });

  it('links an endpoint to the model it serves and artifacts to their task', async () => {
    expect(await edges(['clearml:serving:churn-scorer'], 'UPSTREAM')).toEqual([edge(M44, 'DEPLOYED_AS', 'clearml:serving:churn-scorer')]);
    expect(await edges(['clearml:serving:churn-scorer'], 'DOWNSTREAM')).toEqual([]);
    const out = artifactId('train-xgb-032', 'predictions', 'output');
    expect(await edges([out], 'BOTH')).toEqual([edge(T32, 'OUTPUT_OF', out)]);
    const input = artifactId('train-xgb-032', 'training-data', 'input');
    expect(await edges([input], 'UPSTREAM')).toEqual([]);
    expect(await edges([input], 'DOWNSTREAM')).toEqual([edge(input, 'INPUT_OF', T32)]);
  });

  it('answers BOTH as the union, with one get_all per kind and purpose for all the ids of a call', async () => {
    const ids = [T32, M32, 'clearml:serving:churn-scorer', 'comet:experiment:x', 'clearml:task:ffffffffffffffffffffffffffffffff'];
    await h.contract.invalidate({ instance: 'clearml' }, ctx);
    h.em.clearRequests();
    const both = await edges(ids, 'BOTH');
    const calls = h.em.requests.map((r) => r.path.replace(/^.*\//, '')).filter((c) => c !== 'auth.login' && c !== 'projects.get_all');
    // tasks: the ids, then children; models: the ids, then outputs and versions, then the served model's name.
    expect(calls.sort()).toEqual(['models.get_all', 'models.get_all', 'models.get_all', 'serving.get_endpoints', 'tasks.get_all', 'tasks.get_all']);
    const up = await edges(ids, 'UPSTREAM');
    const down = await edges(ids, 'DOWNSTREAM');
    expect(both).toEqual([...new Set([...up, ...down])].sort());
  });
});
