/** events.add_batch partial errors and overwrites, scalar_metrics_iter_raw scrolling, get_task_latest_scalar_values. */
import { describe, expect, it } from '@jest/globals';
import { hashFieldName } from '../store.js';
import { asObject, asObjects, testEmulator, type TestEmulator } from './callHelper.js';

const JL = { 'content-type': 'application/json-lines' };
const lines = (items: readonly object[]): string => `${items.map((i) => JSON.stringify(i)).join('\n')}\n`;

async function runningTask(em: TestEmulator): Promise<string> {
  const task = String((await em.call('/v2.23/tasks.create', { name: 'train', type: 'training' })).data['id']);
  await em.call('/v2.23/tasks.started', { task });
  return task;
}
const batch = (em: TestEmulator, events: readonly object[]) => em.call('/v2.23/events.add_batch', undefined, { raw: lines(events), headers: JL });
const scalar = (task: string, iter: number, variant: string, value: number, extra: object = {}) => ({ task, type: 'training_stats_scalar', iter, metric: 'loss', variant, value, ...extra });

describe('events.add_batch: partial errors and overwrites', () => {
  it('adds the good lines and reports the bad ones per error text, as the sample shows', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const res = await batch(em, [scalar(task, 0, 'train', 1), { type: 'log', msg: 'no task' }, scalar('0000000000000000000000000000dead', 0, 'train', 1), { task, type: 'training stats scalar', iter: 1, metric: 'loss', variant: 'train', value: 0.5 }]);
    expect(res.data).toEqual({ added: 2, errors: 2, errors_info: { "Event must have a 'task' field": 1, 'Invalid task id 0000000000000000000000000000dead': 1 } });
    expect(em.store.listEvents(task).filter((e) => e['type'] === 'training_stats_scalar')).toHaveLength(2);
  });

  it('refuses a batch mixing allow_locked values for one task (400/12), nothing written', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const res = await batch(em, [scalar(task, 0, 'train', 1), scalar(task, 1, 'train', 1, { allow_locked: true })]);
    expect([res.status, res.meta['result_subcode'], res.meta['result_msg']]).toEqual([400, 12, `Validation error (Inconsistent allow_locked setting in the passed events for ${task})`]);
    expect(em.store.listEvents(task)).toEqual([]);
  });

  it('fails with 500/100 on an out-of-range iteration after adding the good lines', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    const res = await batch(em, [scalar(task, 0, 'train', 1), scalar(task, 1e19, 'train', 1)]);
    expect([res.status, res.meta['result_subcode']]).toEqual([500, 100]);
    expect(String(res.meta['result_msg'])).toContain('1 document(s) failed to index.');
    expect(em.store.listEvents(task)).toHaveLength(1);
  });

  it('overwrites the scalar of the same task, metric, variant and iteration (one stored event)', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    await batch(em, [scalar(task, 0, 'train', 0.9), scalar(task, 1, 'train', 0.7)]);
    em.clock.advance(1_000);
    const res = await batch(em, [scalar(task, 1, 'train', 0.4)]);
    expect(res.data).toEqual({ added: 1, errors: 0, errors_info: {} });
    const stored = em.store.listEvents(task).filter((e) => e['type'] === 'training_stats_scalar');
    expect(stored.map((e) => [e['iter'], e['value']])).toEqual([[0, 0.9], [1, 0.4]]);
    const hist = await em.call('/v2.23/events.scalar_metrics_iter_histogram', { task });
    expect(asObject(asObject(hist.data['loss'])['train'])).toEqual({ name: 'train', x: [0, 1], y: [0.9, 0.4] });
    const raw = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' } });
    expect(raw.data['variants']).toEqual({ train: { y: [0.9, 0.4], iter: [0, 1] } });
    // last_metrics: the latest value is the overwrite; count and mean still include the replaced report.
    const t = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    const m = asObject(asObject(asObject(t['last_metrics'])[hashFieldName('loss')])[hashFieldName('train')]);
    expect(m).toMatchObject({ value: 0.4, min_value: 0.4, max_value: 0.9, count: 3 });
    expect(t).toMatchObject({ last_change: '2026-02-01T00:00:01+00:00', last_changed_by: expect.any(String), active_duration: 1 });
  });
});

describe('events.scalar_metrics_iter_raw', () => {
  async function seeded(em: TestEmulator): Promise<string> {
    const task = await runningTask(em);
    const events: object[] = [];
    for (let iter = 0; iter < 10; iter++) {
      for (const variant of ['train', 'validation', 'test']) events.push(scalar(task, iter, variant, iter + (variant === 'train' ? 0.1 : 0.2), { timestamp: 1_000 + iter }));
      events.push({ task, type: 'training_stats_scalar', iter, metric: 'auc', variant: 'validation', value: 0.5 });
    }
    await batch(em, events);
    return task;
  }

  it('scrolls a metric by iteration: batch_size points plus the rest of the last iteration, then returned 0', async () => {
    const em = testEmulator();
    const task = await seeded(em);
    const first = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, batch_size: 7, count_total: true });
    expect(first.data).toMatchObject({ returned: 9, total: 30, scroll_id: expect.any(String) });
    expect(first.data['variants']).toEqual({
      train: { y: [0.1, 1.1, 2.1], iter: [0, 1, 2] },
      validation: { y: [0.2, 1.2, 2.2], iter: [0, 1, 2] },
      test: { y: [0.2, 1.2, 2.2], iter: [0, 1, 2] },
    });
    let scrollId = String(first.data['scroll_id']);
    let got = 9;
    for (;;) {
      const next = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, scroll_id: scrollId });
      expect(next.data['total']).toBe(30);
      if (next.data['returned'] === 0) {
        expect(next.data['variants']).toEqual({});
        break;
      }
      got += Number(next.data['returned']);
      scrollId = String(next.data['scroll_id']);
    }
    expect(got).toBe(30);
  });

  it('filters variants, keys by timestamp, answers total null without count_total and 400/1104 for a bad scroll id', async () => {
    const em = testEmulator();
    const task = await seeded(em);
    const res = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss', variants: ['test'] }, key: 'timestamp' });
    expect(res.data).toMatchObject({ returned: 10, total: null });
    expect(asObject(asObject(res.data['variants'])['test'])['timestamp']).toEqual([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]);
    const bad = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, scroll_id: 'garbage' });
    expect([bad.status, bad.meta['result_subcode'], bad.meta['result_msg']]).toEqual([400, 1104, 'Invalid scroll id: scroll_id=garbage']);
    const missing = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task: 'nope', metric: { metric: 'loss' } });
    expect([missing.meta['result_subcode'], missing.meta['result_msg']]).toEqual([101, 'Invalid task id: ids=(nope)']);
    const negative = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, batch_size: -1 });
    expect(negative.meta['result_msg']).toBe('Validation error (batch_size should be non negative number)');
  });

  it('restarts from the beginning when a page ends on iteration 0 (the server\'s `if from_key_value:`)', async () => {
    const em = testEmulator();
    const task = await seeded(em);
    const first = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, batch_size: 2 });
    expect(first.data['returned']).toBe(3);
    const again = await em.call('/v2.23/events.scalar_metrics_iter_raw', { task, metric: { metric: 'loss' }, scroll_id: first.data['scroll_id'] });
    expect(again.data['variants']).toEqual(first.data['variants']);
  });
});

describe('events.get_task_latest_scalar_values', () => {
  it('answers the last positive value per metric/variant, the last iteration and the task name and status', async () => {
    const em = testEmulator();
    const task = await runningTask(em);
    await batch(em, [scalar(task, 0, 'train', 0.9), scalar(task, 5, 'train', 0.3), scalar(task, 9, 'train', -1), scalar(task, 2, 'validation', 0.6), { task, type: 'training_stats_scalar', iter: 1, metric: 'acc', variant: 'val', value: 0.8 }, { task, type: 'log', iter: 12, msg: 'x' }]);
    const res = await em.call('/v2.23/events.get_task_latest_scalar_values', { task });
    expect(res.data).toEqual({
      metrics: [
        { name: 'acc', variants: [{ name: 'val', last_value: 0.8, last_10_value: 0.8 }] },
        { name: 'loss', variants: [{ name: 'train', last_value: 0.3, last_10_value: 0.3 }, { name: 'validation', last_value: 0.6, last_10_value: 0.6 }] },
      ],
      last_iter: 12,
      name: 'train',
      status: 'in_progress',
      last_timestamp: Date.UTC(2026, 1, 1),
    });
    const documented = testEmulator({ fidelity: 'documented' });
    const t2 = await runningTask(documented);
    await batch(documented, [scalar(t2, 0, 'train', 0.9), scalar(t2, 1, 'train', 0.3)]);
    const doc = await documented.call('/v2.23/events.get_task_latest_scalar_values', { task: t2 });
    expect(asObjects(asObject(asObjects(doc.data['metrics'])[0])['variants'])[0]).toEqual({ name: 'train', last_value: 0.3, last_100_value: 0.6 });
    const empty = await em.call('/v2.23/events.get_task_latest_scalar_values', { task: await runningTask(em) });
    expect(empty.data).toMatchObject({ metrics: [], last_iter: 0, last_timestamp: 0 });
    const unknown = await em.call('/v2.23/events.get_task_latest_scalar_values', { task: 'nope' });
    expect(unknown.meta['error_data']).toEqual({ ids: ['nope'] });
  });

  it('works on the seed: every ran task has loss and auc values', async () => {
    const em = testEmulator({ seed: true });
    const tasks = asObjects((await em.call('/v2.23/tasks.get_all', { status: ['completed'], only_fields: ['id'], page: 0, page_size: 3 })).data['tasks']);
    for (const t of tasks) {
      const res = await em.call('/v2.23/events.get_task_latest_scalar_values', { task: t['id'] });
      expect(asObjects(res.data['metrics']).map((m) => m['name'])).toEqual(['auc', 'loss']);
      expect(res.data['last_iter']).toBe(29);
    }
  });
});

