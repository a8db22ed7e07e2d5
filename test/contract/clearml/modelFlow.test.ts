/**
 * The SDK's output-model flow (reference §8 step 13) and remote-execution hand-off, over HTTP against
 * the emulator with the sample bodies: `models.create` (uploading placeholder) →
 * `tasks.add_or_update_model` → `models.edit` (final uri) → `tasks.completed` → `models.set_ready`;
 * `tasks.enqueue` by queue name; raw scalars of the json-lines sample read back with
 * `events.scalar_metrics_iter_raw`. Asserts the fields the subgraph reads and the model ↔ task links.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type ClearMLEmulator, DEFAULT_QUEUE_ID, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { isObj, type Obj, readJson, readLines, send, shapeDiff, substitute } from './clearmlHttp.js';

const SAMPLE_TASK = 'a4d0abb96ae6bbe8a77cadbe55254929';
const SAMPLE_PROJECT = '7a48230e35b5d2bdd16807c3ce9ba54b';
const SAMPLE_MODEL = '70eedb38ec1aca4cecfa9b851d5420c8';

describe('ClearML model flow and queues over HTTP', () => {
  let em: ClearMLEmulator;
  const clock = new ManualClock(Date.UTC(2025, 0, 13, 10, 0, 0, 0));
  const ids = new Map<string, string>();
  const call = (path: string, json: unknown) => send(em.url, `/v2.23/${path}`, { json: substitute(json, ids) });
  const data = (res: { data: Obj }, key: string): Obj => {
    const v = res.data[key];
    if (!isObj(v)) throw new Error(`${key}: not an object`);
    return v;
  };

  beforeAll(async () => {
    em = await startClearMLEmulator({ seed: false, clock });
    ids.set(SAMPLE_PROJECT, String((await call('projects.create', readJson('samples/projects_create.request.json'))).data['id']));
    ids.set(SAMPLE_TASK, String((await call('tasks.create', readJson('samples/tasks_create.request.json'))).data['id']));
    clock.advance(1_000);
    expect((await call('tasks.started', { task: SAMPLE_TASK })).status).toBe(200);
  });

  afterAll(async () => {
    await em.close();
  });

  it('creates, attaches, finalises and publishes the output model', async () => {
    const created = await call('models.create', readJson('samples/models_create.request.json'));
    expect(created.data).toEqual({ id: expect.any(String), created: true });
    ids.set(SAMPLE_MODEL, String(created.data['id']));
    expect((await call('tasks.add_or_update_model', readJson('samples/tasks_add_or_update_model.request.json'))).data).toEqual({ updated: 1 });
    const edited = await call('models.edit', { model: SAMPLE_MODEL, uri: 's3://ml-bucket/clearml/mnist_cnn.pt', name: 'mnist_cnn', framework: 'PyTorch', design: { design: '' }, labels: { zero: 0, one: 1 }, iteration: 9, task: SAMPLE_TASK, comment: `Created by task id: ${SAMPLE_TASK}` });
    expect(edited.data).toMatchObject({ updated: 1, fields: { uri: 's3://ml-bucket/clearml/mnist_cnn.pt', framework: 'PyTorch', task: ids.get(SAMPLE_TASK) } });
    clock.advance(60_000);
    expect((await call('tasks.completed', { task: SAMPLE_TASK, status_reason: 'completed', publish: false })).status).toBe(200);
    const ready = await call('models.set_ready', { model: SAMPLE_MODEL });
    expect(ready.data).toMatchObject({ updated: 1, published_task: { id: ids.get(SAMPLE_TASK), data: { updated: 1, fields: { status: 'published' } } } });

    const sample = readJson('samples/models_get_all.response.json');
    const models = await call('models.get_all', { id: [SAMPLE_MODEL] });
    expect(shapeDiff(sample['data'], models.data, {
      maps: ['models[].labels'],
      sampleOnly: { 'models[].metadata': 'written by models.add_or_update_metadata, not emulated' },
      emulatorOnly: {
        'models[].last_change': 'models.create/edit stamp last_change (services/models.py)',
        'models[].last_changed_by': 'models.create/edit stamp last_changed_by (services/models.py)',
      },
    })).toEqual([]);
    const model = Array.isArray(models.data['models']) && isObj(models.data['models'][0]) ? models.data['models'][0] : {};
    expect(model).toMatchObject({ name: 'mnist_cnn', task: ids.get(SAMPLE_TASK), project: ids.get(SAMPLE_PROJECT), ready: true, framework: 'PyTorch' });
    const task = data(await call('tasks.get_by_id', { task: SAMPLE_TASK }), 'task');
    expect(task).toMatchObject({ status: 'published', last_iteration: 9, models: { input: [], output: [{ name: 'mnist_cnn', model: ids.get(SAMPLE_MODEL) }] } });
  });

  it('enqueues a draft by queue name (created on the fly) and answers the queue fields', async () => {
    const draft = String((await call('tasks.create', { name: 'remote run', type: 'training', project: SAMPLE_PROJECT })).data['id']);
    const res = await call('tasks.enqueue', { task: draft, queue_name: 'gpu-queue', verify_watched_queue: true });
    expect(res.data).toMatchObject({ queued: 1, updated: 1, queue_watched: false, fields: { status: 'queued', enqueue_status: 'created', 'execution.queue': expect.any(String) } });
    const queueId = String(data(res, 'fields')['execution.queue']);
    expect(queueId).not.toBe(DEFAULT_QUEUE_ID);
    expect(em.store.listQueues().find((q) => q['id'] === queueId)).toMatchObject({ name: 'gpu-queue', entries: [{ task: draft }] });
    const twice = await call('tasks.enqueue', { task: draft, queue: queueId });
    expect([twice.status, twice.meta['result_subcode']]).toEqual([400, 706]);
  });

  it('reads the json-lines sample back as raw scalars and latest values', async () => {
    const other = String((await call('tasks.create', { name: 'metrics run', type: 'training', project: SAMPLE_PROJECT })).data['id']);
    await send(em.url, '/v2.23/tasks.started', { json: { task: other } });
    const lines = substitute(readLines('samples/events_add_batch.request.jsonl'), new Map([[SAMPLE_TASK, other]]));
    expect((await send(em.url, '/v2.23/events.add_batch', { lines })).data).toEqual(readJson('samples/events_add_batch.response.json')['data']);
    const scalars = lines.filter((l) => l['type'] === 'training_stats_scalar');
    const metric = String(scalars[0]?.['metric']);
    const raw = await send(em.url, '/v2.23/events.scalar_metrics_iter_raw', { json: { task: other, metric: { metric }, count_total: true } });
    const expected = scalars.filter((l) => l['metric'] === metric);
    expect(raw.data).toMatchObject({ returned: expected.length, total: expected.length, scroll_id: expect.any(String) });
    const variants = isObj(raw.data['variants']) ? raw.data['variants'] : {};
    for (const [variant, series] of Object.entries(variants)) {
      const points = expected.filter((l) => l['variant'] === variant).sort((a, b) => Number(a['iter']) - Number(b['iter']));
      expect(series).toEqual({ y: points.map((p) => p['value']), iter: points.map((p) => p['iter']) });
    }
    const latest = await send(em.url, '/v2.23/events.get_task_latest_scalar_values', { json: { task: other } });
    expect(latest.data).toMatchObject({ name: 'metrics run', status: 'in_progress', metrics: expect.arrayContaining([expect.objectContaining({ name: metric })]) });
  });
});
