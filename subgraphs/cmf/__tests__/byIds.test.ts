import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CMF_MODEL_KIND } from '../mapper/index.js';
import { art, ctx, DATASET, exec, type Harness, MODEL, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('B');
});
afterAll(async () => h.close());
beforeEach(async () => {
  await h.source.instance('cmf').invalidate();
  h.cmf.clearRequests();
});

describe('CMF objects by id', () => {
  it('answers executions in request order, null for absent, malformed and foreign ids, with one pull per pipeline', async () => {
    const ids = [exec('train'), 'cmf:execution:Test-env/no-such-uuid', exec('prepare', 'fraud-detection'), 'cmf:execution:nope/x', 'comet:experiment:abc', 'garbage', exec('evaluate'), art(DATASET)];
    const { rows } = await h.contract.getByIds({ instance: 'cmf', kind: 'task', ids }, ctx);
    expect(rows.map((r) => r?.name ?? null)).toEqual(['Train_3f6f', null, 'Prepare_1afa', null, null, null, 'Evaluate_48ad', null]);
    expect(rows[0]).toMatchObject({ __typename: 'CmfExecution', project: 'Test-env', parameters: expect.any(Array) });
    // Test-env, fraud-detection and the unknown pipeline `nope`: one pull each.
    expect(h.cmf.pulls).toBe(3);
  });

  it('answers Model artifacts for kind model and artifacts for kind artifact, typed by MLMD type', async () => {
    const ids = [art(MODEL), art(DATASET)];
    const models = await h.contract.getByIds({ instance: 'cmf', kind: 'model', ids }, ctx);
    expect(models.rows.map((r) => r?.__typename ?? null)).toEqual(['CmfModel', null]);
    const artifacts = await h.contract.getByIds({ instance: 'cmf', kind: 'artifact', ids }, ctx);
    // While models share the `artifact` id kind, the id cannot say it names a model: the model row comes back.
    expect(artifacts.rows.map((r) => r?.__typename ?? null)).toEqual([CMF_MODEL_KIND === 'artifact' ? 'CmfModel' : null, 'CmfArtifact']);
    expect(artifacts.rows[1]).toMatchObject({ name: 'artifacts/data.xml.gz', type: 'Dataset', hash: 'md5:236d9502e0283d91f689d7038b8508a2' });
    expect(h.cmf.pulls).toBe(1);
  });

  it('gives details per kind: parameters and metrics of executions, metrics of models, raw of all', async () => {
    const t = await h.contract.details({ instance: 'cmf', kind: 'task', ids: [exec('train'), exec('evaluate')] }, ctx);
    expect(t.details[0]).toMatchObject({ tags: null, parameters: [{ name: 'seed' }, { name: 'n_est' }, { name: 'min_split' }], metrics: [] });
    expect(t.details[0]?.raw).toMatchObject({ properties: { Execution_uuid: '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f' } });
    expect(t.details[1]?.metrics?.map((m) => m.name)).toEqual(['avg_prec', 'roc_auc']);
    const m = await h.contract.details({ instance: 'cmf', kind: 'model', ids: [art(MODEL)] }, ctx);
    expect(m.details[0]).toMatchObject({ metrics: [{ name: 'avg_prec' }, { name: 'roc_auc' }], raw: { type: 'Model' } });
    expect((await h.contract.details({ instance: 'cmf', kind: 'artifact', ids: [art(DATASET)] }, ctx)).details[0]).toEqual({ raw: expect.objectContaining({ name: DATASET }) });
  });

  it('never has deployments', async () => {
    expect((await h.contract.getByIds({ instance: 'cmf', kind: 'deployment', ids: [exec('train')] }, ctx)).rows).toEqual([null]);
  });
});

describe('CMF lineage edges', () => {
  const edges = async (ids: string[], direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH') =>
    (await h.contract.edges({ instance: 'cmf', ids, direction }, ctx)).edges.map((e) => `${e.from} ${e.relation} ${e.to}`).sort();

  it('gives an execution’s inputs upstream and outputs downstream', async () => {
    const up = await edges([exec('train')], 'UPSTREAM');
    expect(up).toEqual(
      [`${art('artifacts/features/train.pkl:4b0798de5dd985eedbb0afee78b9e5aa')} INPUT_OF ${exec('train')}`, `${art('cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt:8b2d0e43d0c9a1e6f1a4c2b9f3e7d5a1')} INPUT_OF ${exec('train')}`].sort(),
    );
    const down = await edges([exec('train')], 'DOWNSTREAM');
    expect(down).toContain(`${exec('train')} OUTPUT_OF ${art(MODEL)}`);
    expect(down).toHaveLength(2);
    expect(await edges([exec('train')], 'BOTH')).toEqual([...up, ...down].sort());
  });

  it('gives a model its producer upstream and its consumer downstream, with evidence native', async () => {
    const res = await h.contract.edges({ instance: 'cmf', ids: [art(MODEL)], direction: 'BOTH' }, ctx);
    expect(res.edges).toEqual(
      expect.arrayContaining([
        { from: exec('train'), to: art(MODEL), relation: 'OUTPUT_OF', evidence: 'native' },
        { from: art(MODEL), to: exec('evaluate'), relation: 'INPUT_OF', evidence: 'native' },
      ]),
    );
    expect(res.edges).toHaveLength(2);
  });

  it('answers edges of many ids across pipelines with one pull per pipeline, and none for unknown ids', async () => {
    const out = await edges([art(DATASET), art(DATASET, 'fraud-detection'), exec('prepare'), 'cmf:artifact:Test-env/missing', 'comet:experiment:x'], 'DOWNSTREAM');
    expect(out).toContain(`${art(DATASET, 'fraud-detection')} INPUT_OF ${exec('prepare', 'fraud-detection')}`);
    expect(out).toContain(`${exec('prepare')} OUTPUT_OF ${art('artifacts/parsed/test.tsv:6f597d341ceb7d8fbbe88859a892ef81')}`);
    expect(h.cmf.pulls).toBe(2);
  });
});
