import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { WriteRequest } from '../../shared/sourceContract.js';
import { pushMetadata } from '../index.js';
import { art, codeOf, ctx, DATASET, exec, exportAs, type Harness, MODEL, startHarness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('C');
});
afterAll(async () => h.close());

const push = (pipeline: string, mlmd: unknown) => h.contract.write({ op: 'pushMetadata', instance: 'cmf', pipeline, mlmd } as unknown as WriteRequest, ctx);
const tasksOf = async (pipeline: string) => (await h.contract.list({ instance: 'cmf', kind: 'task', filter: { projects: [pipeline] }, order: 'NAME_ASC', first: 50, after: null }, ctx)).rows;

describe('pushMetadata', () => {
  it('pushes a new pipeline, which the next read shows with its lineage', async () => {
    expect(await tasksOf('pushed')).toEqual([]);
    const res = await push('pushed', exportAs('pushed', 'bbbb'));
    expect(res).toEqual({
      id: 'cmf:execution:pushed/bbbb7676-76f6-11ee-9600-5b8c6d427e3f',
      status: 'success',
      ids: ['bbbb7676', 'bbbb6fa6', 'bbbb2db2', 'bbbb70d2'].map((u) => `cmf:execution:pushed/${u}-76f6-11ee-9600-5b8c6d427e3f`),
    });
    expect((await tasksOf('pushed')).map((r) => r.name)).toEqual(['Evaluate_bbbb', 'Featurize_bbbb', 'Prepare_bbbb', 'Train_bbbb']);
    const edges = await h.contract.edges({ instance: 'cmf', ids: [art(MODEL, 'pushed')], direction: 'BOTH' }, ctx);
    expect(edges.edges.map((e) => e.relation).sort()).toEqual(['INPUT_OF', 'OUTPUT_OF']);
  });

  it('answers `exists` for a document CMF already holds, and takes it serialised too', async () => {
    const res = await push('pushed', JSON.stringify(exportAs('pushed', 'bbbb')));
    expect(res).toMatchObject({ status: 'exists' });
    expect(res.ids).toHaveLength(4);
  });

  it('makes a push to a known pipeline visible at once (its cached pull is dropped)', async () => {
    expect(await tasksOf('Test-env')).toHaveLength(4);
    await pushMetadata(h.source, { op: 'pushMetadata', instance: 'cmf', pipeline: 'Test-env', mlmd: exportAs('Test-env', 'cccc') });
    expect(await tasksOf('Test-env')).toHaveLength(8);
    expect((await h.contract.getByIds({ instance: 'cmf', kind: 'artifact', ids: [art(DATASET)] }, ctx)).rows[0]).toMatchObject({ type: 'Dataset' });
  });

  it('refuses a document without that pipeline, an empty one, one from an old cmflib, and one that is not MLMD JSON', async () => {
    expect(await codeOf(push('elsewhere', exportAs('pushed', 'dddd')))).toBe('BAD_USER_INPUT');
    expect(await codeOf(push('pushed', { Pipeline: [] }))).toBe('BAD_USER_INPUT');
    const old = exportAs('old', 'eeee') as { Pipeline: { stages: { executions: { properties: Record<string, unknown> }[] }[] }[] };
    for (const s of old.Pipeline[0]?.stages ?? []) for (const e of s.executions) delete e.properties['Execution_uuid'];
    const refused = await push('old', old).catch((e: unknown) => e);
    expect(refused).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', sourceCode: '422/version_update' } });
    expect(await codeOf(push('pushed', { nope: 1 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(push('pushed', '{not json'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(push(' ', exportAs('pushed', 'ffff')))).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_SUPPORTED_BY_SOURCE for every other write and for metric histories', async () => {
    const writes: WriteRequest[] = [
      { op: 'createTask', instance: 'cmf', project: 'p', name: 'n' },
      { op: 'logMetrics', instance: 'cmf', id: exec('train'), points: [] },
      { op: 'logParameters', instance: 'cmf', id: exec('train'), parameters: [] },
      { op: 'setTaskStatus', instance: 'cmf', id: exec('train'), status: 'COMPLETED' },
      { op: 'setTaskArchived', instance: 'cmf', id: exec('train'), archived: true },
      { op: 'addTags', instance: 'cmf', id: exec('train'), tags: ['x'] },
      { op: 'registerModel', instance: 'cmf', name: 'm' },
      { op: 'setModelStages', instance: 'cmf', id: art(MODEL), stages: [] },
    ];
    for (const w of writes) expect([w.op, await codeOf(h.contract.write(w, ctx))]).toEqual([w.op, 'NOT_SUPPORTED_BY_SOURCE']);
    expect(await codeOf(h.contract.series({ instance: 'cmf', items: [{ id: exec('train'), name: 'acc', variant: null, maxPoints: 10 }] }, ctx))).toBe('NOT_SUPPORTED_BY_SOURCE');
  });
});
