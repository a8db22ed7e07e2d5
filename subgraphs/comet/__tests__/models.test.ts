/**
 * Models through the contract against the seeded emulator: registry versions of `fraud-classifier`
 * (1.0.0 production from run 10, 1.1.0 staging from run 15) and `churn-predictor` (1.0.0 staging from
 * run 20), and the experiment models of runs 10, 15, 20 and 27 (27's is not registered).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ModelRow } from '../../shared/model.js';
import type { ModelListFilter } from '../../shared/sourceContract.js';
import { codeOf, ctx, experimentModelId, type Harness, modelVersionId, startHarness } from './emulatorHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const list = async (filter: ModelListFilter = {}, first = 50) =>
  h.contract.list({ instance: 'comet', kind: 'model', filter, order: 'CREATED_AT_DESC', first, after: null }, ctx);

describe('Comet models', () => {
  it('lists registry versions and experiment models, newest first, experiment models (no creation time) last', async () => {
    const page = await list();
    expect(page.appliedFilters).toEqual([]);
    expect(page.partial).toBeUndefined();
    // Rows without a sort key come last, ordered by id in the stated direction.
    const experimentModels = [10, 15, 27].map((j) => experimentModelId(j, 'fraud-classifier')).concat(experimentModelId(20, 'churn-predictor'));
    expect(page.rows.map((r) => r.id)).toEqual([
      modelVersionId('churn-predictor', '1.0.0'),
      modelVersionId('fraud-classifier', '1.1.0'),
      modelVersionId('fraud-classifier', '1.0.0'),
      ...experimentModels.sort().reverse(),
    ]);
    expect(page.rows[1]).toEqual({
      __typename: 'CometModelVersion',
      id: modelVersionId('fraud-classifier', '1.1.0'),
      origin: { source: 'comet', kind: 'COMET', nativeId: expect.stringMatching(/^[0-9a-f]{32}$/), url: null },
      name: 'fraud-classifier',
      project: null,
      createdAt: expect.any(String),
      version: '1.1.0',
      framework: null,
      stages: ['staging'],
      tags: null,
      uri: null,
      metrics: null,
    });
    expect(page.rows.find((r) => r.__typename === 'CometExperimentModel')).toMatchObject({ project: 'fraud-detection', version: null, stages: null, createdAt: null });
  });

  it('filters on the snapshot: stages, name, projects; a framework or tag filter matches nothing', async () => {
    expect((await list({ stages: ['production'] })).rows.map((r) => r.id)).toEqual([modelVersionId('fraud-classifier', '1.0.0')]);
    expect((await list({ nameContains: 'CHURN' })).rows.map((r) => r.__typename).sort()).toEqual(['CometExperimentModel', 'CometModelVersion']);
    expect((await list({ projects: ['churn'] })).rows.map((r) => r.id)).toEqual([experimentModelId(20, 'churn-predictor')]);
    expect((await list({ frameworks: ['sklearn'] })).rows).toEqual([]);
    expect((await list({ tags: ['x'] })).rows).toEqual([]);
  });

  it('pages through the snapshot without reading Comet again', async () => {
    const first = await list({}, 2);
    expect(first.hasMore).toBe(true);
    h.em.clearRequests();
    const last = first.rows.at(-1) as ModelRow;
    const next = await h.contract.list({ instance: 'comet', kind: 'model', filter: {}, order: 'CREATED_AT_DESC', first: 2, after: { sortKey: Date.parse(last.createdAt ?? ''), id: last.id } }, ctx);
    expect(next.rows.map((r) => r.id)).toEqual([modelVersionId('fraud-classifier', '1.0.0'), expect.stringMatching(/^comet:experiment-model:/)]);
    expect(h.em.requests).toHaveLength(0);
  });

  it('reads models by id from a cold cache, in request order, null for unknown ones', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    h.em.clearRequests();
    const ids = [experimentModelId(15, 'fraud-classifier'), modelVersionId('fraud-classifier', '9.9.9'), modelVersionId('churn-predictor', '1.0.0'), experimentModelId(15, 'nope'), 'comet:model-version:nowhere/x/1.0.0', modelVersionId('fraud-classifier', '1.0.0')];
    const { rows } = await h.contract.getByIds({ instance: 'comet', kind: 'model', ids }, ctx);
    expect(rows.map((r) => r?.id ?? null)).toEqual([ids[0], null, ids[2], null, null, ids[5]]);
    expect(rows[2]).toMatchObject({ name: 'churn-predictor', version: '1.0.0', stages: ['staging'] });
    const paths = h.em.requests.map((r) => r.path.replace('/api/rest/v2/', '')).sort();
    // One experiment read and one model list for run 15; one details read per registry model (and one for the unknown workspace).
    expect(paths).toEqual(['experiment/metadata', 'experiment/model', 'registry-model/details', 'registry-model/details', 'registry-model/details']);
    const { details } = await h.contract.details({ instance: 'comet', kind: 'model', ids: [ids[5] as string] }, ctx);
    expect(details[0]).toMatchObject({ tags: null, metrics: null, raw: { modelName: 'fraud-classifier', version: { version: '1.0.0', stages: ['production'] } } });
  });

  it('has no deployments: listing them is NOT_SUPPORTED_BY_SOURCE, ids of them are absent', async () => {
    expect(await codeOf(h.contract.list({ instance: 'comet', kind: 'deployment', filter: {}, order: 'CREATED_AT_DESC', first: 5, after: null }, ctx))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect((await h.contract.getByIds({ instance: 'comet', kind: 'deployment', ids: ['comet:experiment:x'] }, ctx)).rows).toEqual([null]);
  });
});
