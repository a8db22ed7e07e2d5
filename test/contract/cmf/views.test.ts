/**
 * The read views of a server holding the fixture's Test-env (Gen C), against responses.synthetic.json. Where the
 * emulator follows the server code rather than the hand-derived sample (lineage parent order, model-card column
 * union), the test says so and test/fixtures/cmf/README.md records it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CmfEmulator } from '../../../emulators/cmf/index.js';
import { call, type Json, sortedParents, startTestEnvOnly, synthetic, withoutNulls } from './helpers.js';

describe('CMF views against responses.synthetic.json (Gen C, Test-env)', () => {
  let em: CmfEmulator;
  const get = async (path: string): Promise<Json | undefined> => {
    const res = await call(em.url, `/api${path}`);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json');
    return res.json;
  };

  beforeAll(async () => {
    em = await startTestEnvOnly('C');
  });
  afterAll(async () => {
    await em.close();
  });

  it.each([
    ['GET /', '/'],
    ['GET /pipelines', '/pipelines'],
    ['GET /artifact_types', '/artifact_types'],
    ['GET /list-of-executions/Test-env', '/list-of-executions/Test-env'],
    ['GET /pipeline-stages/Test-env (Gen C)', '/pipeline-stages/Test-env'],
    ['GET /artifact-types-by-stage/Test-env?stage_name=Test-env/Train (Gen C)', '/artifact-types-by-stage/Test-env?stage_name=Test-env/Train'],
    ['GET /executions-by-stage/Test-env?stage_name=Test-env/Train (Gen C)', '/executions-by-stage/Test-env?stage_name=Test-env/Train'],
    ['GET /artifacts-by-stage/Test-env?stage_name=Test-env/Prepare&artifact_type=Dataset (Gen C)', '/artifacts-by-stage/Test-env?stage_name=Test-env/Prepare&artifact_type=Dataset'],
    ['GET /artifact-lineage/tangled-tree/Test-env', '/artifact-lineage/tangled-tree/Test-env'],
    ['GET /execution-lineage/tangled-tree/zzzz/Test-env', '/execution-lineage/tangled-tree/zzzz/Test-env'],
    ['GET /model-card?modelId=1 (not a Model)', '/model-card?modelId=1'],
  ])('%s equals the sample', async (key, path) => {
    expect(JSON.stringify(await get(path))).toBe(JSON.stringify(synthetic(key)));
  });

  it('execution and artifact-execution lineage: same layers and nodes; parents in CPython set order', async () => {
    const exec = await get('/execution-lineage/tangled-tree/48ad/Test-env');
    expect(sortedParents(exec ?? null)).toEqual(sortedParents(synthetic('GET /execution-lineage/tangled-tree/48ad/Test-env')));
    // list(set([3, 2])) is [2, 3]: Featurize_25c6 before Train_3f6f (the sample lists them in event order).
    expect(JSON.stringify(exec)).toContain('{"id":"Evaluate_48ad","parents":["Featurize_25c6","Train_3f6f"]}');
    const both = await get('/artifact-execution-lineage/tangled-tree/Test-env');
    expect(sortedParents(both ?? null)).toEqual(sortedParents(synthetic('GET /artifact-execution-lineage/tangled-tree/Test-env')));
    expect(JSON.stringify(both)).toContain('"parents":["artifact_name_test.pkl:d7bd","artifact_name_model.pkl:5f1f"]');
  });

  it('model card: the model and input parts equal the sample; execution/output rows carry the unioned null columns', async () => {
    const card = (await get('/model-card?modelId=9')) as Json[];
    const sample = synthetic('GET /model-card?modelId=9') as Json[];
    expect(card[0]).toEqual(sample[0]);
    expect(card[2]).toEqual(sample[2]);
    expect(withoutNulls(card[1] ?? null)).toEqual(sample[1]);
    expect(withoutNulls(card[3] ?? null)).toEqual(sample[3]);
    expect(card[1]).toEqual([expect.objectContaining({ custom_properties_seed: 20170428 }), expect.objectContaining({ custom_properties_seed: null, custom_properties_n_est: null })]);
    for (const part of card.slice(0, 4) as JsonRecordList[]) for (const row of part) expect(Object.keys(row)).toEqual([...Object.keys(row)].sort());
  });

  it('model card without modelId is FastAPI 422; a non-integer one too', async () => {
    const res = await call(em.url, '/model-card');
    expect([res.status, res.json]).toEqual([422, synthetic('GET /model-card (modelId missing) -> 422')]);
    const bad = await call(em.url, '/model-card?modelId=abc');
    expect([bad.status, bad.json]).toEqual([422, { detail: [{ type: 'int_parsing', loc: ['query', 'modelId'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }] }]);
  });

  it('per-stage listings page, sort and filter like the SQL', async () => {
    const base = '/artifacts-by-stage/Test-env?stage_name=Test-env/Prepare&artifact_type=Dataset';
    const ids = async (q: string): Promise<Json> => {
      const r = (await get(`${base}${q}`)) as { total_items: number; items: { artifact_id: number }[] };
      return [r.total_items, r.items.map((i) => i.artifact_id)];
    };
    expect(await ids('&record_per_page=2')).toEqual([3, [1, 5]]);
    expect(await ids('&record_per_page=2&active_page=2')).toEqual([3, [4]]);
    expect(await ids('&record_per_page=2&active_page=3')).toEqual([0, []]);
    expect(await ids('&sort_order=desc')).toEqual([3, [4, 5, 1]]);
    expect(await ids('&sort_field=create_time_since_epoch&sort_order=ASC')).toEqual([3, [1, 4, 5]]);
    expect(await ids('&filter_value=TRAIN')).toEqual([1, [4]]);
    expect(await ids('&filter_value=metadata_v_lue')).toEqual([1, [1]]);
    expect(await ids('&filter_value=2023-10-30 07:29:51')).toEqual([1, [1]]);
    const execs = async (q: string): Promise<Json> => {
      const r = (await get(`/executions-by-stage/Test-env?stage_name=Test-env/Prepare${q}`)) as { total_items: number; items: { execution_id: number }[] };
      return [r.total_items, r.items.map((i) => i.execution_id)];
    };
    expect(await execs('')).toEqual([1, [1]]);
    expect(await execs('&filter_value=parse.py')).toEqual([1, [1]]);
    expect(await execs('&filter_value=10/30/2023')).toEqual([1, [1]]);
    expect(await execs('&filter_value=nothing-like-this')).toEqual([0, []]);
    expect(await get('/executions-by-stage/Nope?stage_name=Nope/x')).toEqual({ total_items: 0, items: [] });
    expect(await get('/pipeline-stages/Nope')).toEqual({ stages: [], total_stages: 0 });
  });
});

type JsonRecordList = Record<string, Json>[];
