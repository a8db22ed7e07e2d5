/** Every write op of the ClearML source against the emulator, read back through the contract. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCodeOf } from '../../shared/errors.js';
import type { ModelRow, TaskRow } from '../../shared/model.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import { ctx, type Harness, modelId, startHarness, taskId } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

type Op = WriteRequest extends infer W ? (W extends WriteRequest ? Omit<W, 'instance'> : never) : never;
const write = (req: Op): Promise<WriteResponse> => h.contract.write({ ...req, instance: 'clearml' } as WriteRequest, ctx);

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return errorCodeOf(err);
  }
}

async function task(id: string): Promise<Omit<TaskRow, 'parameters'> & { parameters: unknown }> {
  const [row] = (await h.contract.getByIds({ instance: 'clearml', kind: 'task', ids: [id] }, ctx)).rows;
  const [details] = (await h.contract.details({ instance: 'clearml', kind: 'task', ids: [id] }, ctx)).details;
  return { ...(row as TaskRow), parameters: details?.parameters };
}

async function model(id: string): Promise<ModelRow> {
  return (await h.contract.getByIds({ instance: 'clearml', kind: 'model', ids: [id] }, ctx)).rows[0] as ModelRow;
}

describe('ClearML task writes', () => {
  let created = '';

  it('creates a task in a new project, and a retry with the same key returns the same task', async () => {
    created = (await write({ op: 'createTask', project: 'switchyard/new', name: 'written', tags: ['x'], idempotencyKey: 'k-1' })).id;
    expect(created).toMatch(/^clearml:task:[0-9a-f]{32}$/);
    expect(await task(created)).toMatchObject({ name: 'written', project: 'switchyard/new', status: 'CREATED', type: 'training', tags: ['x'] });
    expect((await write({ op: 'createTask', project: 'switchyard/new', name: 'written', idempotencyKey: 'k-1' })).id).toBe(created);
    const listed = await h.contract.list({ instance: 'clearml', kind: 'task', filter: { projects: ['switchyard/new'] }, order: 'CREATED_AT_DESC', first: 10, after: null }, ctx);
    expect(listed.rows.map((r) => r.id)).toEqual([created]);
    expect(h.em.store.listProjects().filter((p) => p['name'] === 'switchyard/new')).toHaveLength(1);
  });

  it('logs parameters (merged) and metrics (accepted and refused by position)', async () => {
    await write({ op: 'logParameters', id: created, parameters: [{ section: 'Args', name: 'lr', value: '0.1' }] });
    await write({ op: 'logParameters', id: created, parameters: [{ section: null, name: 'epochs', value: '3' }] });
    expect((await task(created)).parameters).toEqual([
      { section: 'Args', name: 'lr', value: '0.1' },
      { section: 'General', name: 'epochs', value: '3' },
    ]);
    await write({ op: 'setTaskStatus', id: created, status: 'RUNNING' });
    const points = [
      { name: 'loss', variant: 'train', value: 0.5, step: 0, timestamp: null },
      { name: 'loss', variant: 'train', value: 0.3, step: 1, timestamp: Date.UTC(2026, 0, 12) },
      { name: 'loss', variant: 'train', value: 0.2, step: 1.5, timestamp: null },
      { name: '', variant: null, value: 1, step: 2, timestamp: null },
    ];
    const out = await write({ op: 'logMetrics', id: created, points });
    expect(out).toEqual({ id: created, accepted: 2, rejected: [{ index: 2, reason: 'step is not a safe integer' }, { index: 3, reason: 'metric name is empty' }] });
    const [series] = (await h.contract.series({ instance: 'clearml', items: [{ id: created, name: 'loss', variant: 'train', maxPoints: 10 }] }, ctx)).series;
    expect(series?.points.map((p) => [p.step, p.value])).toEqual([
      [0, 0.5],
      [1, 0.3],
    ]);
  });

  it('moves the task through ClearML status changes and refuses an illegal one as CONFLICT', async () => {
    await write({ op: 'setTaskStatus', id: created, status: 'COMPLETED' });
    expect((await task(created)).status).toBe('COMPLETED');
    expect(await codeOf(write({ op: 'setTaskStatus', id: created, status: 'FAILED' }))).toBe('CONFLICT');
    expect(await codeOf(write({ op: 'setTaskStatus', id: created, status: 'UNKNOWN' }))).toBe('BAD_USER_INPUT');
    await write({ op: 'setTaskStatus', id: created, status: 'CREATED' });
    await write({ op: 'setTaskStatus', id: created, status: 'QUEUED' });
    expect((await task(created)).status).toBe('QUEUED');
    expect(await codeOf(write({ op: 'setTaskStatus', id: 'clearml:task:ffffffffffffffffffffffffffffffff', status: 'RUNNING' }))).toBe('NOT_FOUND');
  });

  it('archives, unarchives and tags tasks', async () => {
    await write({ op: 'setTaskArchived', id: created, archived: true });
    expect((await task(created)).archived).toBe(true);
    await write({ op: 'setTaskArchived', id: created, archived: false });
    expect((await task(created)).archived).toBe(false);
    await write({ op: 'addTags', id: created, tags: ['y', 'x'] });
    expect((await task(created)).tags).toEqual(['x', 'y']);
    expect(await codeOf(write({ op: 'addTags', id: 'clearml:task:ffffffffffffffffffffffffffffffff', tags: ['z'] }))).toBe('NOT_FOUND');
    expect(await codeOf(write({ op: 'addTags', id: 'clearml:serving:churn-scorer', tags: ['z'] }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'logParameters', id: modelId('train-xgb-000-model'), parameters: [] }))).toBe('BAD_USER_INPUT');
  });
});

describe('ClearML model writes', () => {
  let registered = '';

  it('registers a model produced by a task, once per idempotency key', async () => {
    const input = { op: 'registerModel', name: 'registered-model', framework: 'XGBoost', uri: 's3://b/m.json', producedBy: taskId('train-xgb-032'), tags: ['new'], idempotencyKey: 'm-1' } as const;
    registered = (await write(input)).id;
    expect(await model(registered)).toMatchObject({ name: 'registered-model', project: 'churn', framework: 'XGBoost', uri: 's3://b/m.json', stages: ['draft'], tags: ['new'], version: null });
    expect((await write(input)).id).toBe(registered);
    expect(h.em.store.listModels().filter((m) => m['name'] === 'registered-model')).toHaveLength(1);
    const { edges } = await h.contract.edges({ instance: 'clearml', ids: [registered], direction: 'UPSTREAM' }, ctx);
    expect(edges).toEqual([{ from: taskId('train-xgb-032'), to: registered, relation: 'OUTPUT_OF', evidence: 'native' }]);
  });

  it('stores a version as the model\'s `version` metadata', async () => {
    const { id } = await write({ op: 'registerModel', name: 'versioned-model', version: '7' });
    expect((await model(id)).version).toBe('7');
  });

  it('records stages as system tags and publishing as ready, which cannot be undone', async () => {
    await write({ op: 'setModelStages', id: registered, stages: ['staging'] });
    expect((await model(registered)).stages).toEqual(['draft', 'staging']);
    await write({ op: 'setModelStages', id: registered, stages: ['published', 'production'] });
    expect((await model(registered)).stages).toEqual(['published', 'production']);
    expect(await codeOf(write({ op: 'setModelStages', id: registered, stages: ['draft'] }))).toBe('CONFLICT');
    expect(await codeOf(write({ op: 'setModelStages', id: registered, stages: ['published', 'draft'] }))).toBe('BAD_USER_INPUT');
    const production = await h.contract.list({ instance: 'clearml', kind: 'model', filter: { stages: ['production'] }, order: 'CREATED_AT_DESC', first: 5, after: null }, ctx);
    expect(production.rows.map((r) => r.id)).toEqual([registered]);
    const mixed = await h.contract.list({ instance: 'clearml', kind: 'model', filter: { stages: ['production', 'draft'] }, order: 'CREATED_AT_DESC', first: 50, after: null }, ctx);
    expect(mixed.appliedFilters).not.toContain('stages');
    expect(mixed.rows.map((r) => r.id)).toContain(registered);
    expect(mixed.rows.every((r) => (r as ModelRow).stages?.some((s) => s === 'production' || s === 'draft'))).toBe(true);
  });

  it('adds tags to a model, keeping its own', async () => {
    await write({ op: 'addTags', id: registered, tags: ['b', 'new'] });
    expect((await model(registered)).tags).toEqual(['b', 'new']);
    expect(await codeOf(write({ op: 'setModelStages', id: 'clearml:model:ffffffffffffffffffffffffffffffff', stages: ['x'] }))).toBe('NOT_FOUND');
  });
});
