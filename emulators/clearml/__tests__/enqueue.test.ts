import { describe, expect, it } from '@jest/globals';
import { CLEARML_COMPANY_ID } from '../constants.js';
import type { JsonObject } from '../json.js';
import { DEFAULT_QUEUE_ID } from '../seed.js';
import { asObject, asObjects, testEmulator, type TestEmulator } from './callHelper.js';

async function newTask(em: TestEmulator, extra: Record<string, unknown> = {}): Promise<string> {
  return String((await em.call('/v2.23/tasks.create', { name: 'train', type: 'training', ...extra })).data['id']);
}
const getTask = async (em: TestEmulator, task: string): Promise<JsonObject> => asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
const entries = (em: TestEmulator, queue: string): unknown[] => {
  const q = em.store.queues.get(queue);
  return Array.isArray(q?.['entries']) ? q['entries'] : [];
};
const err = (res: { status: number; meta: JsonObject }): unknown[] => [res.status, res.meta['result_subcode'], res.meta['result_msg']];

describe('tasks.enqueue', () => {
  it('queues a draft in the default queue the server creates at start', async () => {
    const em = testEmulator();
    const queues = em.store.listQueues();
    expect(queues).toEqual([{ id: DEFAULT_QUEUE_ID, name: 'default', company: CLEARML_COMPANY_ID, created: expect.any(String), tags: [], system_tags: ['default'], entries: [], last_update: expect.any(String) }]);
    const task = await newTask(em, { system_tags: ['development'] });
    em.clock.advance(1_000);
    const res = await em.call('/v2.23/tasks.enqueue', { task, status_reason: 'run it' });
    expect(res.data).toEqual({
      queued: 1,
      updated: 1,
      fields: {
        status: 'queued',
        status_reason: 'run it',
        status_message: '',
        status_changed: '2026-02-01T00:00:01+00:00',
        last_update: '2026-02-01T00:00:01+00:00',
        last_change: '2026-02-01T00:00:01+00:00',
        last_changed_by: expect.any(String),
        enqueue_status: 'created',
        'execution.queue': DEFAULT_QUEUE_ID,
      },
    });
    const stored = await getTask(em, task);
    expect(stored).toMatchObject({ status: 'queued', system_tags: [], execution: { queue: DEFAULT_QUEUE_ID } });
    expect('enqueue_status' in stored).toBe(false); // excluded by default from reads
    expect(entries(em, DEFAULT_QUEUE_ID)).toEqual([{ task, added: '2026-02-01T00:00:01+00:00' }]);
    expect((await em.call('/v2.23/tasks.get_all', { id: [task], only_fields: ['enqueue_status'] })).data['tasks']).toEqual([{ id: task, enqueue_status: 'created' }]);
  });

  it('refuses a task already in the queue with 400/706 and reverts with "failed enqueueing"', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.enqueue', { task });
    const again = await em.call('/v2.23/tasks.enqueue', { task, queue: DEFAULT_QUEUE_ID });
    expect(err(again)).toEqual([400, 706, `Failed adding task to queue since task is already queued: task=${task}`]);
    expect(again.meta['error_data']).toEqual({ task });
    expect(await getTask(em, task)).toMatchObject({ status: 'queued', status_reason: 'failed enqueueing' });
    expect(entries(em, DEFAULT_QUEUE_ID)).toHaveLength(1);
  });

  it('creates a queue by name, moves a queued task there and leaves the old queue', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.enqueue', { task });
    const res = await em.call('/v2.23/tasks.enqueue', { task, queue_name: 'gpu' });
    const gpu = em.store.listQueues().find((q) => q['name'] === 'gpu');
    expect(gpu).toMatchObject({ system_tags: [], tags: [], entries: [{ task }] });
    expect(asObject(res.data['fields'])).toMatchObject({ status: 'queued', enqueue_status: 'created', 'execution.queue': gpu?.['id'] });
    expect(entries(em, DEFAULT_QUEUE_ID)).toEqual([]);
    const second = await newTask(em);
    await em.call('/v2.23/tasks.enqueue', { task: second, queue_name: 'gpu' });
    expect(em.store.listQueues().filter((q) => q['name'] === 'gpu')).toHaveLength(1);
    expect(entries(em, String(gpu?.['id']))).toHaveLength(2);
  });

  it('follows the status machine: 400/110 from completed or in_progress unless forced', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.started', { task });
    expect(err(await em.call('/v2.23/tasks.enqueue', { task }))).toEqual([400, 110, 'Invalid task status (Invalid status change): current_status=in_progress, new_status=queued']);
    await em.call('/v2.23/tasks.completed', { task });
    expect((await em.call('/v2.23/tasks.enqueue', { task })).meta['result_subcode']).toBe(110);
    const forced = await em.call('/v2.23/tasks.enqueue', { task, force: true });
    expect(asObject(forced.data['fields'])).toMatchObject({ status: 'queued', enqueue_status: 'completed' });
    const failed = await newTask(em);
    await em.call('/v2.23/tasks.started', { task: failed });
    await em.call('/v2.23/tasks.failed', { task: failed });
    expect((await em.call('/v2.23/tasks.enqueue', { task: failed })).status).toBe(200); // failed → queued is allowed
  });

  it('answers the queue errors: 400/701 unknown id (status reverted), 400/707 no default queue, 400/12 both id and name', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    const unknown = await em.call('/v2.23/tasks.enqueue', { task, queue: 'nope' });
    expect(err(unknown)).toEqual([400, 701, `Invalid queue id: id=nope, company=${CLEARML_COMPANY_ID}`]);
    expect(await getTask(em, task)).toMatchObject({ status: 'created', status_reason: 'failed enqueueing' });
    expect(err(await em.call('/v2.23/tasks.enqueue', { task, queue: 'a', queue_name: 'b' }))).toEqual([400, 12, 'Validation error (Either queue id or queue name should be provided)']);
    expect((await em.call('/v2.23/tasks.enqueue', { task, verify_watched_queue: true, update_execution_queue: false })).meta['result_msg']).toBe(
      'Validation error (verify_watched_queue cannot be used with update_execution_queue=False)',
    );
    em.store.queues.clear();
    expect(err(await em.call('/v2.23/tasks.enqueue', { task }))).toEqual([400, 707, 'No queue is tagged as the default queue for this company']);
  });

  it('reports queue_watched only with verify_watched_queue (no workers: false)', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    const res = await em.call('/v2.23/tasks.enqueue', { task, verify_watched_queue: true });
    expect(res.data['queue_watched']).toBe(false);
  });

  it('is dequeued by reset (dequeued.removed) and started by a worker (queued → in_progress)', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.enqueue', { task });
    const reset = await em.call('/v2.23/tasks.reset', { task });
    expect(reset.data).toMatchObject({ updated: 1, dequeued: { removed: 1 }, fields: { status: 'created', status_reason: 'reset', status_message: 'reset' } });
    expect(entries(em, DEFAULT_QUEUE_ID)).toEqual([]);
    const stored = await getTask(em, task);
    expect(asObject(stored['execution'])['queue']).toBeUndefined();
    await em.call('/v2.23/tasks.enqueue', { task });
    expect((await em.call('/v2.23/tasks.started', { task })).status).toBe(200);
  });

  it('keeps the seeded queued task in the default queue', async () => {
    const em = testEmulator({ seed: true });
    const queued = asObjects((await em.call('/v2.23/tasks.get_all', { status: ['queued'], only_fields: ['execution.queue', 'enqueue_status'] })).data['tasks']);
    expect(queued).toEqual([{ id: expect.any(String), execution: { queue: DEFAULT_QUEUE_ID }, enqueue_status: 'created' }]);
    expect(entries(em, DEFAULT_QUEUE_ID)).toEqual([{ task: queued[0]?.['id'], added: expect.any(String) }]);
  });
});

describe('status endpoints as the server writes them', () => {
  it('keeps the first started time, stamps completed on stopped, and counts active time on ping', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    const first = await em.call('/v2.23/tasks.started', { task });
    expect(asObject(first.data['fields'])['started']).toBe('2026-02-01T00:00:00+00:00');
    em.clock.advance(90_500);
    await em.call('/v2.23/tasks.ping', { task });
    expect(await getTask(em, task)).toMatchObject({ active_duration: 90, last_update: '2026-02-01T00:01:30.500000+00:00', last_change: '2026-02-01T00:01:30.500000+00:00' });
    const stopped = await em.call('/v2.23/tasks.stopped', { task });
    expect(asObject(stopped.data['fields'])['completed']).toBe('2026-02-01T00:01:30.500000+00:00');
    em.clock.advance(10_000);
    const restarted = await em.call('/v2.23/tasks.started', { task });
    expect('started' in asObject(restarted.data['fields'])).toBe(false);
    expect((await getTask(em, task))['started']).toBe('2026-02-01T00:00:00+00:00');
  });

  it('refuses to reset a published task without force, with the reset_task error', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.started', { task });
    await em.call('/v2.23/tasks.completed', { task, publish: true });
    expect(err(await em.call('/v2.23/tasks.reset', { task }))).toEqual([400, 110, `Invalid task status: task_id=${task}, status=published`]);
    const forced = await em.call('/v2.23/tasks.reset', { task, force: true, clear_all: true });
    expect(asObject(forced.data['fields'])['status']).toBe('created');
    const stored = await getTask(em, task);
    expect(stored).toMatchObject({ last_metrics: {}, last_iteration: 0, runtime: {} });
    expect('script' in stored).toBe(false);
    expect(err(await em.call('/v2.23/tasks.set_requirements', { task, requirements: { pip: 'x' } }))).toEqual([400, 122, `Task is missing expected fields (Task has no script field): task=${task}`]);
  });

  it('edits any status with force, takes artifacts and models on running tasks, and refuses them on finished ones', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    await em.call('/v2.23/tasks.started', { task });
    expect((await em.call('/v2.23/tasks.add_or_update_artifacts', { task, artifacts: [{ key: 'a', type: 'custom' }] })).data).toEqual({ updated: 1 });
    expect((await em.call('/v2.23/tasks.add_or_update_model', { task, name: 'Output Model', model: 'not-looked-up', type: 'output', iteration: 7 })).data).toEqual({ updated: 1 });
    expect(await getTask(em, task)).toMatchObject({ last_iteration: 7, models: { output: [{ name: 'Output Model', model: 'not-looked-up' }] } });
    await em.call('/v2.23/tasks.completed', { task });
    expect(err(await em.call('/v2.23/tasks.add_or_update_model', { task, name: 'x', model: 'm', type: 'input' }))).toEqual([400, 110, 'Invalid task status: expected=created, status=completed']);
    expect((await em.call('/v2.23/tasks.add_or_update_artifacts', { task, force: true, artifacts: [{ key: 'b', type: 'custom' }] })).meta['result_subcode']).toBe(110);
    expect(err(await em.call('/v2.23/tasks.edit', { task, comment: 'late' }))).toEqual([400, 110, 'Invalid task status: expected=created, status=completed']);
    expect((await em.call('/v2.23/tasks.edit', { task, comment: 'late', force: true })).data).toMatchObject({ updated: 1 });
  });

  it('publishes only the last output model with the task', async () => {
    const em = testEmulator();
    const task = await newTask(em);
    const m1 = String((await em.call('/v2.23/models.create', { uri: 'u1', name: 'm1', task })).data['id']);
    const m2 = String((await em.call('/v2.23/models.create', { uri: 'u2', name: 'm2', task })).data['id']);
    await em.call('/v2.23/tasks.add_or_update_model', { task, name: 'first', model: m1, type: 'output' });
    await em.call('/v2.23/tasks.add_or_update_model', { task, name: 'second', model: m2, type: 'output' });
    await em.call('/v2.23/tasks.started', { task });
    await em.call('/v2.23/tasks.stopped', { task });
    const res = await em.call('/v2.23/tasks.publish', { task });
    expect(asObject(res.data['fields'])).toMatchObject({ status: 'published', published: expect.any(String), output: {} });
    const ready = asObjects((await em.call('/v2.23/models.get_all', { only_fields: ['ready'], order_by: ['name'] })).data['models']).map((m) => m['ready']);
    expect(ready).toEqual([false, true]);
  });
});
