import { describe, expect, it } from '@jest/globals';
import { hashFieldName } from '../store.js';
import { asObject, asObjects, testEmulator, type TestEmulator } from './callHelper.js';

async function runningTask(em: TestEmulator): Promise<string> {
  const task = String((await em.call('/v2.23/tasks.create', { name: 'train', type: 'training' })).data['id']);
  await em.call('/v2.23/tasks.started', { task });
  return task;
}

const jsonLines = (items: readonly object[]): string => `${items.map((i) => JSON.stringify(i)).join('\n')}\n`;
const JL = { 'content-type': 'application/json-lines' };

describe('events.add_batch', () => {
  it('stores json-lines events and updates last_metrics (md5 keys), last_iteration and last_update', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const values = [0.7, 0.5, 0.6, 0.2];
    const lines = values.map((value, iter) => ({ task, type: 'training_stats_scalar', timestamp: 1000 + iter, iter, metric: 'loss', variant: 'train', value }));
    em.clock.advance(1000);
    const res = await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines(lines), headers: JL });
    expect(res.data).toEqual({ added: 4, errors: 0, errors_info: {} });
    const stored = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    expect(stored['last_iteration']).toBe(3);
    expect(stored['last_update']).toBe('2026-02-01T00:00:01+00:00');
    const metric = asObject(asObject(asObject(stored['last_metrics'])[hashFieldName('loss')])[hashFieldName('train')]);
    expect(metric).toEqual({
      metric: 'loss',
      variant: 'train',
      value: 0.2,
      min_value: 0.2,
      min_value_iteration: 3,
      max_value: 0.7,
      max_value_iteration: 0,
      first_value: 0.7,
      first_value_iteration: 0,
      count: 4,
      mean_value: 0.5,
    });
    expect(hashFieldName('loss')).toBe('81513effdf5790b79549208838404407');
  });

  it('counts invalid lines per error text and fails with 400/131 when nothing is added', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const partial = await em.call('/v2.23/events.add_batch', undefined, {
      raw: jsonLines([
        { task, type: 'log', msg: 'hi', level: 'info' },
        { task: 'dead', type: 'log', msg: 'x' },
        { task, type: 'bogus' },
      ]),
      headers: JL,
    });
    expect(partial.data).toEqual({ added: 1, errors: 2, errors_info: { 'Invalid task id dead': 1, 'Invalid event type bogus': 1 } });
    const none = await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines([{ task: 'dead', type: 'log' }]), headers: JL });
    expect([none.status, none.meta['result_subcode'], none.meta['result_msg']]).toEqual([400, 131, 'Events not added: Invalid task id dead=1']);
    const empty = await em.call('/v2.23/events.add_batch', undefined, { raw: '', headers: JL });
    expect([empty.status, empty.meta['result_subcode']]).toEqual([400, 17]);
    const notObject = await em.call('/v2.23/events.add_batch', undefined, { raw: '[1]\n', headers: JL });
    expect([notObject.status, notObject.meta['result_msg']]).toEqual([400, 'json lines must contain objects, found: list']);
  });

  it('rejects events for published tasks unless allow_locked', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    await em.call('/v2.23/tasks.completed', { task, publish: true });
    const locked = await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines([{ task, type: 'log', msg: 'x' }]), headers: JL });
    expect(locked.meta['result_subcode']).toBe(131);
    const allowed = await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines([{ task, type: 'log', msg: 'x', allow_locked: true }]), headers: JL });
    expect(allowed.data['added']).toBe(1);
  });
});

describe('event reads', () => {
  it('lists metrics/variants and averages histogram buckets', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const lines = [];
    for (let iter = 0; iter < 10; iter++) {
      lines.push({ task, type: 'training_stats_scalar', iter, metric: 'loss', variant: 'train', value: iter });
      lines.push({ task, type: 'training_stats_scalar', iter, metric: 'auc', variant: 'validation', value: 1 });
    }
    await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines(lines), headers: JL });
    const mv = await em.call('/v2.23/events.get_scalar_metrics_and_variants', { task });
    expect(mv.data).toEqual({ metrics: { auc: ['validation'], loss: ['train'] } });
    const full = await em.call('/v2.23/events.scalar_metrics_iter_histogram', { task });
    expect(asObject(asObject(full.data['loss'])['train'])).toEqual({ name: 'train', x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], y: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const sampled = await em.call('/v2.23/events.scalar_metrics_iter_histogram', { task, samples: 3, metrics: [{ metric: 'loss', variants: ['train'] }] });
    expect(Object.keys(sampled.data)).toEqual(['loss']);
    expect(asObject(asObject(sampled.data['loss'])['train'])).toEqual({ name: 'train', x: [0, 3, 6, 9], y: [1, 4, 7, 9] });
  });

  it('pages the task log newest first by timestamp', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const logs = [1, 2, 3, 4].map((n) => ({ task, type: 'log', timestamp: n * 1000, level: 'info', msg: `line ${n}` }));
    await em.call('/v2.23/events.add_batch', undefined, { raw: jsonLines(logs), headers: JL, ...{ } });
    const first = await em.call('/v2.23/events.get_task_log', { task, batch_size: 2 });
    expect(asObjects(first.data['events']).map((e) => e['msg'])).toEqual(['line 4', 'line 3']);
    expect(first.data).toMatchObject({ returned: 2, total: 4 });
    const next = await em.call('/v2.23/events.get_task_log', { task, batch_size: 2, from_timestamp: 3000, order: 'asc' });
    expect(asObjects(next.data['events']).map((e) => e['msg'])).toEqual(['line 1', 'line 2']);
    expect(Object.keys(asObjects(first.data['events'])[0] ?? {})).toEqual(
      expect.arrayContaining(['timestamp', 'type', 'task', 'level', 'worker', 'msg', 'metric', 'variant', 'model_event', '@timestamp']),
    );
  });
});
