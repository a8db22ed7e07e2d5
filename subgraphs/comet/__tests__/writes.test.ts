/** Every write op of the Comet source against the emulator, read back through the contract. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMET_DEMO_API_KEY } from '../../../emulators/comet/index.js';
import type { ModelRow, TaskRow } from '../../shared/model.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import { codeOf, ctx, experimentId, experimentModelId, type Harness, modelVersionId, startHarness } from './emulatorHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

type Op = WriteRequest extends infer W ? (W extends WriteRequest ? Omit<W, 'instance'> : never) : never;
const write = (req: Op): Promise<WriteResponse> => h.contract.write({ ...req, instance: 'comet' } as WriteRequest, ctx);

async function task(id: string): Promise<TaskRow & { details: unknown }> {
  const [row] = (await h.contract.getByIds({ instance: 'comet', kind: 'task', ids: [id] }, ctx)).rows;
  const [details] = (await h.contract.details({ instance: 'comet', kind: 'task', ids: [id] }, ctx)).details;
  return { ...(row as TaskRow), details };
}

const model = async (id: string) => (await h.contract.getByIds({ instance: 'comet', kind: 'model', ids: [id] }, ctx)).rows[0] as ModelRow | null;

/** Upload a file to an experiment as Comet's SDKs do (multipart, metadata in the query string). */
async function upload(key: string, query: Record<string, string>, part: { name: 'file' | 'link'; body: string }): Promise<void> {
  const form = new FormData();
  form.append(part.name, new Blob([part.body]), 'upload.bin');
  const q = new URLSearchParams({ experimentKey: key, ...query });
  const res = await fetch(`${h.em.url}/api/rest/v2/write/experiment/upload-asset?${q.toString()}`, { method: 'POST', headers: { authorization: COMET_DEMO_API_KEY }, body: form });
  expect(res.status).toBe(200);
}

describe('Comet experiment writes', () => {
  let created = '';
  const key = () => created.replace('comet:experiment:', '');

  it('creates an experiment in a new project, and a retry with the same key returns it', async () => {
    created = (await write({ op: 'createTask', project: 'switchyard-new', name: 'written', tags: ['x'], idempotencyKey: 'k-1' })).id;
    expect(created).toMatch(/^comet:experiment:[0-9a-f]{32}$/);
    expect(await task(created)).toMatchObject({ name: 'written', project: 'switchyard-new', status: 'RUNNING', details: { tags: ['x'] } });
    expect((await write({ op: 'createTask', project: 'switchyard-new', name: 'written', idempotencyKey: 'k-1' })).id).toBe(created);
    expect((await write({ op: 'createTask', project: 'switchyard-new', name: 'other', idempotencyKey: 'k-2' })).id).not.toBe(created);
    const listed = await h.contract.list({ instance: 'comet', kind: 'task', filter: { projects: ['switchyard-new'], nameContains: 'written' }, order: 'CREATED_AT_DESC', first: 10, after: null }, ctx);
    expect(listed.rows.map((r) => r.id)).toEqual([created]);
    expect(await codeOf(write({ op: 'createTask', project: 'switchyard-new', name: ' ' }))).toBe('BAD_USER_INPUT');
  });

  it('logs parameters (a section becomes a name prefix) and metrics (refused ones by position)', async () => {
    await write({ op: 'logParameters', id: created, parameters: [{ section: null, name: 'lr', value: '0.1' }, { section: 'Args', name: 'epochs', value: '3' }] });
    expect((await task(created)).details).toMatchObject({ parameters: [{ section: null, name: 'Args/epochs', value: '3' }, { section: null, name: 'lr', value: '0.1' }] });
    const points = [
      { name: 'loss', variant: 'train', value: 0.5, step: 0, timestamp: null },
      { name: 'loss', variant: 'train', value: 0.3, step: 1, timestamp: h.clock.now() + 1 },
      { name: 'loss', variant: 'train', value: 0.2, step: 1.5, timestamp: null },
      { name: '', variant: null, value: 1, step: 2, timestamp: null },
      { name: 'acc', variant: null, value: 0.9, step: 1, timestamp: null },
    ];
    expect(await write({ op: 'logMetrics', id: created, points })).toEqual({
      id: created,
      accepted: 3,
      rejected: [
        { index: 2, reason: 'step is not a safe integer' },
        { index: 3, reason: 'metric name is empty' },
      ],
    });
    const [series] = (await h.contract.series({ instance: 'comet', items: [{ id: created, name: 'loss', variant: 'train', maxPoints: 10 }] }, ctx)).series;
    expect(series?.points.map((p) => [p.step, p.value])).toEqual([
      [0, 0.5],
      [1, 0.3],
    ]);
    expect(await codeOf(write({ op: 'logMetrics', id: `comet:experiment:${'f'.repeat(32)}`, points }))).toBe('NOT_FOUND');
  });

  it('reports points Comet dropped while throttling the experiment', async () => {
    const t = await startHarness({ seed: false, throttleBudgets: { metrics: 2 } });
    try {
      const id = (await t.contract.write({ op: 'createTask', instance: 'comet', project: 'p', name: 'n' }, ctx)).id;
      const points = [1, 2, 3].map((step) => ({ name: 'm', variant: null, value: step, step, timestamp: null }));
      const out = await t.contract.write({ op: 'logMetrics', instance: 'comet', id, points }, ctx);
      expect(out).toMatchObject({ accepted: 3, rejected: [{ index: -1, reason: expect.stringContaining('throttled') }] });
    } finally {
      await t.close();
    }
  });

  it('stops an experiment (it then reads COMPLETED: Comet records no stop) and refuses the other states', async () => {
    await write({ op: 'setTaskStatus', id: created, status: 'STOPPED' });
    expect((await task(created)).status).toBe('COMPLETED');
    expect(await codeOf(write({ op: 'setTaskStatus', id: created, status: 'RUNNING' }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'setTaskStatus', id: created, status: 'FAILED' }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'setTaskStatus', id: created, status: 'UNKNOWN' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(write({ op: 'setTaskStatus', id: `comet:experiment:${'f'.repeat(32)}`, status: 'STOPPED' }))).toBe('NOT_FOUND');
  });

  it('archives, restores and tags experiments; other kinds take no tags', async () => {
    await write({ op: 'setTaskArchived', id: created, archived: true });
    expect((await task(created)).archived).toBe(true);
    await write({ op: 'setTaskArchived', id: created, archived: false });
    expect((await task(created)).archived).toBe(false);
    await write({ op: 'addTags', id: created, tags: ['y', 'x'] });
    expect((await task(created)).details).toMatchObject({ tags: ['x', 'y'] });
    expect(await codeOf(write({ op: 'addTags', id: `comet:experiment:${'f'.repeat(32)}`, tags: ['z'] }))).toBe('NOT_FOUND');
    expect(await codeOf(write({ op: 'addTags', id: modelVersionId('fraud-classifier', '1.0.0'), tags: ['z'] }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'addTags', id: `comet:asset:${key()}/abc`, tags: ['z'] }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'logParameters', id: modelVersionId('fraud-classifier', '1.0.0'), parameters: [] }))).toBe('BAD_USER_INPUT');
  });

  it('normalises a pre-signed link of an uploaded remote asset into its uri', async () => {
    const link = 'https://bucket.s3.amazonaws.com/data/train.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc';
    await upload(key(), { fileName: 'train.csv', isRemote: 'true' }, { name: 'link', body: link });
    const { edges } = await h.contract.edges({ instance: 'comet', ids: [created], direction: 'DOWNSTREAM' }, ctx);
    const [row] = (await h.contract.getByIds({ instance: 'comet', kind: 'artifact', ids: edges.map((e) => e.to) }, ctx)).rows;
    expect(row).toMatchObject({ name: 'train.csv', uri: 'https://bucket.s3.amazonaws.com/data/train.csv' });
  });
});

describe('Comet registry writes', () => {
  it('registers an experiment model as a new registry model, once per idempotency key', async () => {
    const id = (await write({ op: 'createTask', project: 'switchyard-new', name: 'trainer' })).id;
    const key = id.replace('comet:experiment:', '');
    await upload(key, { fileName: 'model.bin', type: 'model-element', groupingName: 'fresh-model' }, { name: 'file', body: 'weights' });
    const input = { op: 'registerModel', name: 'fresh-model', producedBy: id, idempotencyKey: 'm-1' } as const;
    const registered = (await write(input)).id;
    expect(registered).toBe(modelVersionId('fresh-model', '1.0.0'));
    expect(await model(registered)).toMatchObject({ name: 'fresh-model', version: '1.0.0', stages: [] });
    expect((await write(input)).id).toBe(registered);
    const { edges } = await h.contract.edges({ instance: 'comet', ids: [registered], direction: 'UPSTREAM' }, ctx);
    expect(edges).toEqual([
      { from: `comet:experiment-model:${key}/fresh-model`, to: registered, relation: 'VERSION_OF', evidence: 'native' },
      { from: `comet:experiment:${key}`, to: registered, relation: 'OUTPUT_OF', evidence: 'native' },
    ]);
  });

  it('adds a version to an existing registry model: the next major by default, the same model twice is idempotent', async () => {
    const run27 = { op: 'registerModel', name: 'fraud-classifier', producedBy: experimentId(27) } as const;
    expect((await write(run27)).id).toBe(modelVersionId('fraud-classifier', '2.0.0'));
    expect((await write({ ...run27, version: '2.0.0' })).id).toBe(modelVersionId('fraud-classifier', '2.0.0'));
    expect(await codeOf(write({ ...run27, version: '1.0.0' }))).toBe('CONFLICT');
    expect((await model(modelVersionId('fraud-classifier', '2.0.0')))?.name).toBe('fraud-classifier');
  });

  it('refuses what Comet cannot register', async () => {
    const base = { op: 'registerModel', name: 'fraud-classifier', producedBy: experimentId(27) } as const;
    expect(await codeOf(write({ ...base, framework: 'sklearn' }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ ...base, uri: 's3://b/m' }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'registerModel', name: 'x' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(write({ ...base, version: '1.0' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(write({ ...base, name: 'no-such-model' }))).toBe('NOT_FOUND');
    expect(await codeOf(write({ ...base, producedBy: modelVersionId('fraud-classifier', '1.0.0') }))).toBe('BAD_USER_INPUT');
  });

  it('adds and removes stages on a registry version; experiment models have none', async () => {
    const id = modelVersionId('fraud-classifier', '1.0.0');
    await write({ op: 'setModelStages', id, stages: ['production', 'archive'] });
    expect((await model(id))?.stages).toEqual(['production', 'archive']);
    await write({ op: 'setModelStages', id, stages: ['staging'] });
    expect((await model(id))?.stages).toEqual(['staging']);
    const listed = await h.contract.list({ instance: 'comet', kind: 'model', filter: { stages: ['staging'] }, order: 'NAME_ASC', first: 10, after: null }, ctx);
    expect(listed.rows.map((r) => r.id)).toContain(id);
    expect(await codeOf(write({ op: 'setModelStages', id: experimentModelId(10, 'fraud-classifier'), stages: ['x'] }))).toBe('NOT_SUPPORTED_BY_SOURCE');
    expect(await codeOf(write({ op: 'setModelStages', id: modelVersionId('fraud-classifier', '9.0.0'), stages: ['x'] }))).toBe('NOT_FOUND');
    expect(await codeOf(write({ op: 'setModelStages', id, stages: [''] }))).toBe('BAD_USER_INPUT');
  });
});
