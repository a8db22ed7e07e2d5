/**
 * The CMF source against the CMF emulator (emulators/cmf) in each server generation: probing, listing
 * every kind, by-id reads, lineage, one pull per pipeline, and push → pull → visible.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CMF_SEED_BASE_TIME, type CmfEmulator, startCmfEmulator } from '../../../emulators/cmf/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import type { ListRequest, SourceContract } from '../../shared/sourceContract.js';
import { createCmfContract } from '../contract.js';
import { CmfSource } from '../source.js';
import { codeOf, ctx, exportAs } from './harness.js';

type Generation = 'A0' | 'A1' | 'B' | 'C';
let em: CmfEmulator | undefined;
let cache: SourceCache | undefined;
afterEach(async () => {
  await em?.close();
  await cache?.close();
  em = undefined;
});

async function start(generation: Generation, suffix = ''): Promise<{ clock: ManualClock; emulator: CmfEmulator; source: CmfSource; contract: SourceContract }> {
  const clock = new ManualClock(CMF_SEED_BASE_TIME + 86_400_000);
  em = await startCmfEmulator({ clock, generation });
  cache = await createSourceCache({}, clock);
  const source = new CmfSource([{ name: 'cmf', url: `${em.url}${suffix}`, emulated: true }], cache, clock);
  return { clock, emulator: em, source, contract: createCmfContract(source, clock) };
}

const listReq = (kind: ListRequest['kind'], filter: ListRequest['filter'] = {}): ListRequest => ({ instance: 'cmf', kind, filter, order: 'CREATED_AT_DESC', first: 50, after: null }) as ListRequest;
/** Requests to mlmd_pull: pulls of one pipeline (A: GET mlmd_pull/{p}; B/C: POST), probes and deltas. */
const pulls = (e: CmfEmulator) => e.requests.filter((r) => r.path.startsWith('/mlmd_pull/') || (r.method === 'POST' && r.path.endsWith('/mlmd_pull'))).length;

describe('the CMF source over the CMF emulator', () => {
  it.each([
    ['A0', 'A'],
    ['A1', 'A'],
    ['B', 'B'],
    ['C', 'C'],
  ] as const)('detects generation %s and serves the seed with one pull per pipeline', async (generation, letter) => {
    const { emulator, contract } = await start(generation);
    const tasks = await contract.list(listReq('task'), ctx);
    const models = await contract.list(listReq('model'), ctx);
    const artifacts = await contract.list(listReq('artifact', { types: ['Dataset'] }), ctx);
    expect(tasks.rows.map((r) => `${String(r.project)}/${r.name}`)).toEqual([
      'fraud-detection/Evaluate_c9e3',
      'fraud-detection/Train_b7d2',
      'fraud-detection/Prepare_a4c1',
      'Test-env/Evaluate_48ad',
      'Test-env/Train_3f6f',
      'Test-env/Featurize_25c6',
      'Test-env/Prepare_1afa',
    ]);
    expect(models.rows.map((r) => [r.name, (r as { framework?: unknown }).framework])).toEqual([
      ['models/fraud-classifier.pkl', 'XGBoost'],
      ['artifacts/model/model.pkl', 'SKlearn'],
    ]);
    expect(models.rows[0]).toMatchObject({ metrics: [{ name: 'auc', last: 0.97 }, { name: 'precision', last: 0.91 }, { name: 'recall', last: 0.88 }] });
    expect(artifacts.rows.map((r) => r.name)).toContain('data/transactions-2026-01.parquet');
    // The probe's POST mlmd_pull is not a pull (A answers it 404, B/C with the delta since now).
    expect(pulls(emulator) - 1).toBe(2);
    expect((await contract.capabilities(ctx)).sources[0]?.version).toBe(`generation ${letter}`);
  });

  it('reads by id and gives a model’s producer and consumer as native edges', async () => {
    const { contract } = await start('C', '/api');
    const [model] = (await contract.list(listReq('model', { projects: ['fraud-detection'] }), ctx)).rows;
    if (!model) throw new Error('no model');
    const { edges } = await contract.edges({ instance: 'cmf', ids: [model.id], direction: 'BOTH' }, ctx);
    expect(edges.map((e) => [e.relation, e.from === model.id ? e.to : e.from])).toEqual([
      ['OUTPUT_OF', 'cmf:execution:fraud-detection/b7d2f301-ea1b-11f0-9c5e-0242ac120002'],
      ['INPUT_OF', 'cmf:execution:fraud-detection/c9e30412-ea1b-11f0-9c5e-0242ac120002'],
    ]);
    const { rows } = await contract.getByIds({ instance: 'cmf', kind: 'task', ids: edges.map((e) => (e.from === model.id ? e.to : e.from)) }, ctx);
    expect(rows.map((r) => r?.name)).toEqual(['Train_b7d2', 'Evaluate_c9e3']);
    expect(rows[0]).toMatchObject({ parameters: [{ name: 'learning_rate', value: '0.1' }, { name: 'max_depth', value: '6' }, { name: 'n_estimators', value: '200' }] });
  });

  it.each(['A0', 'C'] as const)('pushes a document through pushMetadata and shows it on the next read (generation %s)', async (generation) => {
    const { contract } = await start(generation);
    const res = await contract.write({ op: 'pushMetadata', instance: 'cmf', pipeline: 'pushed', mlmd: exportAs('pushed', 'abcd') } as never, ctx);
    expect(res).toMatchObject({ status: 'success', ids: expect.arrayContaining(['cmf:execution:pushed/abcd2db2-76f6-11ee-9600-5b8c6d427e3f']) });
    const tasks = await contract.list(listReq('task', { projects: ['pushed'] }), ctx);
    expect(tasks.rows.map((r) => r.name).sort()).toEqual(['Evaluate_abcd', 'Featurize_abcd', 'Prepare_abcd', 'Train_abcd']);
    expect(await contract.write({ op: 'pushMetadata', instance: 'cmf', pipeline: 'pushed', mlmd: exportAs('pushed', 'abcd') } as never, ctx)).toMatchObject({ status: 'exists' });
    expect(await codeOf(contract.write({ op: 'pushMetadata', instance: 'cmf', pipeline: 'elsewhere', mlmd: exportAs('pushed', 'abcd') } as never, ctx))).toBe('BAD_USER_INPUT');
  });

  it('sees a push that bypassed Switchyard after one delta pull (generation C)', async () => {
    const { clock, emulator, source, contract } = await start('C');
    expect((await contract.list(listReq('task', { projects: ['Test-env'] }), ctx)).rows).toHaveLength(4);
    const body = Buffer.from(JSON.stringify({ exec_uuid: null, pipeline_name: 'Test-env', json_payload: JSON.stringify(exportAs('Test-env', 'feed')) }));
    clock.advance(1_000);
    const res = await source.instance('cmf').connector.forward({ method: 'POST', path: '/api/mlmd_push', search: '', headers: { 'content-type': 'application/json' }, body });
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status: 'success' });
    expect((await contract.list(listReq('task', { projects: ['Test-env'] }), ctx)).rows).toHaveLength(4);
    emulator.clearRequests();
    clock.advance(5_000);
    expect((await contract.list(listReq('task', { projects: ['Test-env'] }), ctx)).rows).toHaveLength(8);
    expect(emulator.requests.filter((r) => r.path.endsWith('/mlmd_pull')).length).toBe(2);
  });
});
