import { describe, expect, it } from '@jest/globals';
import { STATUS_TRANSITIONS, validateStatusChange } from '../statusMachine.js';
import { ClearMLApiError } from '../errors.js';
import { asObject, asObjects, testEmulator, type TestEmulator } from './callHelper.js';

async function newTask(em: TestEmulator, extra: Record<string, unknown> = {}): Promise<{ project: string; task: string }> {
  const project = String((await em.call('/v2.23/projects.create', { name: 'demo/sub', description: '' })).data['id']);
  const task = String((await em.call('/v2.23/tasks.create', { name: 'train', type: 'training', project, ...extra })).data['id']);
  return { project, task };
}

describe('status machine', () => {
  it('mirrors the server state machine', () => {
    expect(STATUS_TRANSITIONS.created).toEqual(['queued', 'in_progress']);
    expect(STATUS_TRANSITIONS.published).toEqual([]);
    expect(() => validateStatusChange('completed', 'in_progress')).not.toThrow();
    expect(() => validateStatusChange('published', 'in_progress')).toThrow(ClearMLApiError);
  });

  it('runs created → in_progress → completed and reports the changed fields', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    em.clock.advance(5_123);
    const started = await em.call('/v2.23/tasks.started', { task });
    expect(started.data).toEqual({
      started: 1,
      updated: 1,
      fields: {
        status: 'in_progress',
        status_reason: '',
        status_message: '',
        status_changed: '2026-02-01T00:00:05.123000+00:00',
        last_update: '2026-02-01T00:00:05.123000+00:00',
        last_change: '2026-02-01T00:00:05.123000+00:00',
        last_changed_by: expect.any(String),
        started: '2026-02-01T00:00:05.123000+00:00',
      },
    });
    em.clock.advance(60_000);
    const completed = await em.call('/v2.23/tasks.completed', { task, status_reason: 'completed', publish: false });
    expect(completed.data).toMatchObject({ updated: 1, published: 0, fields: { status: 'completed', completed: '2026-02-01T00:01:05.123000+00:00' } });
    const stored = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    expect(stored).toMatchObject({ status: 'completed', status_reason: 'completed', active_duration: 60 });
  });

  it('refuses forbidden transitions with 400/110 unless forced', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    await em.call('/v2.23/tasks.started', { task });
    await em.call('/v2.23/tasks.completed', { task, publish: true });
    const again = await em.call('/v2.23/tasks.started', { task });
    expect([again.status, again.meta['result_subcode'], again.meta['result_msg'], again.meta['error_data']]).toEqual([
      400,
      110,
      'Invalid task status (Invalid status change): current_status=published, new_status=in_progress',
      { current_status: 'published', new_status: 'in_progress' },
    ]);
    expect((await em.call('/v2.23/tasks.started', { task, force: true })).status).toBe(200);
  });

  it('stops a development task at once, resets and closes per the machine', async () => {
    const em = testEmulator();
    const { task } = await newTask(em, { system_tags: ['development'] });
    await em.call('/v2.23/tasks.started', { task });
    const stop = await em.call('/v2.23/tasks.stop', { task });
    expect(asObject(stop.data['fields'])['status']).toBe('stopped');
    expect((await em.call('/v2.23/tasks.close', { task })).status).toBe(200);
    const reset = await em.call('/v2.23/tasks.reset', { task });
    expect(reset.data).toMatchObject({ updated: 1, fields: { status: 'created' } });
    expect((await em.call('/v2.23/tasks.failed', { task })).meta['result_subcode']).toBe(110);
  });
});

describe('task edits', () => {
  it('only edits created tasks, or in_progress ones with force (400/110 otherwise)', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    const hyperparams = { General: { lr: { section: 'General', name: 'lr', value: '0.1', type: 'float' } } };
    expect((await em.call('/v2.23/tasks.edit', { task, hyperparams })).data).toMatchObject({ updated: 1, fields: { hyperparams } });
    await em.call('/v2.23/tasks.started', { task });
    const refused = await em.call('/v2.23/tasks.edit', { task, comment: 'x' });
    expect([refused.status, refused.meta['result_subcode'], refused.meta['result_msg']]).toEqual([
      400,
      110,
      'Invalid task status: expected=created, status=in_progress',
    ]);
    const replaced = { Args: { epochs: { section: 'Args', name: 'epochs', value: '3' } } };
    expect((await em.call('/v2.23/tasks.edit', { task, force: true, hyperparams: replaced })).status).toBe(200);
    const stored = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    expect(stored['hyperparams']).toEqual(replaced);
  });

  it('merges hyperparameters with edit_hyper_params and lists them with get_hyper_params', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    await em.call('/v2.23/tasks.edit_hyper_params', { task, hyperparams: [{ section: 'General', name: 'lr', value: '0.1' }] });
    await em.call('/v2.23/tasks.edit_hyper_params', { task, hyperparams: [{ section: 'General', name: 'depth', value: '4' }] });
    const res = await em.call('/v2.23/tasks.get_hyper_params', { tasks: [task] });
    const params = asObjects(res.data['params']);
    expect(asObjects(params[0]?.['hyperparams']).map((p) => p['name'])).toEqual(['lr', 'depth']);
  });

  it('keeps artifacts sorted by key and replaces same key + mode', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    await em.call('/v2.23/tasks.add_or_update_artifacts', { task, artifacts: [{ key: 'z', type: 'custom' }, { key: 'a', type: 'custom', mode: 'input' }] });
    await em.call('/v2.23/tasks.add_or_update_artifacts', { task, artifacts: [{ key: 'z', type: 'numpy', hash: 'h' }] });
    const stored = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    expect(asObject(stored['execution'])['artifacts']).toEqual([
      { key: 'a', type: 'custom', mode: 'input' },
      { key: 'z', type: 'numpy', hash: 'h', mode: 'output' },
    ]);
  });

  it('rejects unknown projects and tasks with their codes', async () => {
    const em = testEmulator();
    const badProject = await em.call('/v2.23/tasks.create', { name: 'train', type: 'training', project: 'nope' });
    expect([badProject.status, badProject.meta['result_subcode'], badProject.meta['result_msg']]).toEqual([400, 401, 'Invalid project id: id=nope']);
    const badType = await em.call('/v2.23/tasks.create', { name: 'train', type: 'bogus' });
    expect(badType.meta['result_subcode']).toBe(12);
  });

  it('archives with system tag "archived" and reports *_many results per id', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    const res = await em.call('/v2.23/tasks.archive_many', { ids: [task, 'missing'] });
    expect(res.data['succeeded']).toEqual([{ id: task, archived: true }]);
    expect(asObjects(res.data['failed'])[0]).toMatchObject({ id: 'missing', error: { codes: [400, 101] } });
    const visible = await em.call('/v2.23/tasks.get_all', { system_tags: ['-archived'], only_fields: ['id'] });
    expect(visible.data['tasks']).toEqual([]);
    await em.call('/v2.23/tasks.unarchive_many', { ids: [task] });
    expect(asObjects((await em.call('/v2.23/tasks.get_all', { system_tags: ['-archived'] })).data['tasks'])).toHaveLength(1);
  });

  it('deletes only drafts unless forced', async () => {
    const em = testEmulator();
    const { task } = await newTask(em);
    await em.call('/v2.23/tasks.started', { task });
    const refused = await em.call('/v2.23/tasks.delete', { task });
    expect([refused.meta['result_subcode'], refused.meta['result_msg']]).toEqual([123, `Task cannot be deleted (due to status, use force=True): task=${task}, expected=created, current=in_progress`]);
    expect((await em.call('/v2.23/tasks.delete', { task, force: true })).data).toMatchObject({ deleted: true });
    expect((await em.call('/v2.23/tasks.get_by_id', { task })).meta['result_subcode']).toBe(101);
  });
});

describe('projects', () => {
  it('creates parents implicitly and refuses duplicates with 400/801', async () => {
    const em = testEmulator();
    await em.call('/v2.23/projects.create', { name: '/a/b/c/' });
    const names = asObjects((await em.call('/v2.23/projects.get_all', { order_by: ['name'], only_fields: ['name', 'basename', 'parent'] })).data['projects']);
    expect(names.map((p) => [p['name'], p['basename']])).toEqual([
      ['a', 'a'],
      ['a/b', 'b'],
      ['a/b/c', 'c'],
    ]);
    expect(names[2]?.['parent']).toBe(names[1]?.['id']);
    const dup = await em.call('/v2.23/projects.create', { name: 'a/b' });
    expect([dup.status, dup.meta['result_subcode']]).toEqual([400, 801]);
    const shallow = await em.call('/v2.23/projects.get_all', { shallow_search: true, only_fields: ['name'] });
    expect(asObjects(shallow.data['projects']).map((p) => p['name'])).toEqual(['a']);
  });

  it('returns reference fields as {id} objects and joins projections in get_all_ex', async () => {
    const em = testEmulator();
    const { project, task } = await newTask(em);
    const res = await em.call('/v2.23/tasks.get_all_ex', { id: [task], only_fields: ['name', 'project.name'] });
    expect(res.data['tasks']).toEqual([{ id: task, name: 'train', project: { id: project, name: 'demo/sub' } }]);
    const plain = await em.call('/v2.23/tasks.get_all_ex', { id: [task], only_fields: ['project'] });
    expect(plain.data['tasks']).toEqual([{ id: task, project: { id: project } }]);
  });
});
