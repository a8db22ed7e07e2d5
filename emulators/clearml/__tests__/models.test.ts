import { describe, expect, it } from '@jest/globals';
import { CLEARML_COMPANY_ID } from '../constants.js';
import { isObject, type JsonObject } from '../json.js';
import { buildClearMLSeed } from '../seed.js';
import { asObject, asObjects, testEmulator, type TestEmulator } from './callHelper.js';

async function taskIn(em: TestEmulator, extra: Record<string, unknown> = {}): Promise<{ project: string; task: string }> {
  const project = String((await em.call('/v2.23/projects.create', { name: 'models-demo' })).data['id']);
  const task = String((await em.call('/v2.23/tasks.create', { name: 'train', type: 'training', project, ...extra })).data['id']);
  return { project, task };
}

const err = (res: { status: number; meta: JsonObject }): unknown[] => [res.status, res.meta['result_subcode'], res.meta['result_msg']];

describe('models.create / get_by_id / get_all', () => {
  it('stores what models.create writes and answers {id, created: true}', async () => {
    const em = testEmulator();
    const { project, task } = await taskIn(em);
    em.clock.advance(1_500);
    const res = await em.call('/v2.23/models.create', { uri: 's3://b/m.pt', name: 'mnist_cnn', project, task, framework: 'PyTorch', labels: { a: 0 }, tags: ['z', 'a'] });
    expect(res.data).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), created: true });
    const model = asObject((await em.call('/v2.23/models.get_by_id', { model: res.data['id'] })).data['model']);
    expect(model).toMatchObject({
      name: 'mnist_cnn',
      company: CLEARML_COMPANY_ID,
      created: '2026-02-01T00:00:01.500000+00:00',
      last_update: '2026-02-01T00:00:01.500000+00:00',
      last_change: '2026-02-01T00:00:01.500000+00:00',
      task,
      project,
      tags: ['a', 'z'],
      framework: 'PyTorch',
      labels: { a: 0 },
      uri: 's3://b/m.pt',
      ready: false,
      last_iteration: 0,
    });
  });

  it('refuses unknown projects (400/12, validate_id) and tasks (400/101); unknown models are 400/201', async () => {
    const em = testEmulator();
    expect(err(await em.call('/v2.23/models.create', { uri: 'u', name: 'm1', project: 'nope' }))).toEqual([400, 12, 'Validation error (Invalid project ids): project=nope']);
    expect(err(await em.call('/v2.23/models.create', { uri: 'u', name: 'm1', task: 'nope' }))).toEqual([400, 101, `Invalid task id: id=nope, company=${CLEARML_COMPANY_ID}`]);
    expect(err(await em.call('/v2.23/models.get_by_id', { model: 'nope' }))).toEqual([400, 201, `Invalid model id (no such public or company model): id=nope, company=${CLEARML_COMPANY_ID}`]);
    expect(err(await em.call('/v2.23/models.edit', { model: 'nope', name: 'x' }))).toEqual([400, 201, `Invalid model id: company=${CLEARML_COMPANY_ID}, id=nope`]);
  });

  it('filters, orders, projects, pages and scrolls the seeded models like tasks.get_all', async () => {
    const em = testEmulator({ seed: true });
    const all = asObjects((await em.call('/v2.23/models.get_all', {})).data['models']);
    expect(all).toHaveLength(17);
    const ready = asObjects((await em.call('/v2.23/models.get_all', { ready: true, only_fields: ['name'] })).data['models']);
    expect(ready.map((m) => m['name'])).toEqual(['train-xgb-004-model', 'train-xgb-012-model', 'train-xgb-020-model', 'train-xgb-036-model', 'train-xgb-044-model', 'train-xgb-052-model']);
    const regex = await em.call('/v2.23/models.get_all', { name: '^train-xgb-05', order_by: ['-created'], only_fields: ['name', 'ready'] });
    expect(regex.data['models']).toEqual([
      { id: expect.any(String), name: 'train-xgb-054-model', ready: false },
      { id: expect.any(String), name: 'train-xgb-052-model', ready: true },
    ]);
    const first = all[0] ?? {};
    const byTask = asObjects((await em.call('/v2.23/models.get_all', { task: [first['task']], framework: ['XGBoost'], uri: [first['uri']] })).data['models']);
    expect(byTask.map((m) => m['id'])).toEqual([first['id']]);
    expect(asObjects((await em.call('/v2.23/models.get_all', { tags: ['-demo'] })).data['models'])).toEqual([]);
    const ids = asObjects((await em.call('/v2.23/models.get_all', { id: [all[3]?.['id'], all[1]?.['id']], only_fields: ['id'] })).data['models']);
    expect(ids.map((m) => m['id'])).toEqual([all[1]?.['id'], all[3]?.['id']]);
    const page = asObjects((await em.call('/v2.23/models.get_all', { order_by: ['name'], page: 1, page_size: 5, only_fields: ['name'] })).data['models']);
    expect(page.map((m) => m['name'])).toEqual(all.map((m) => String(m['name'])).sort().slice(5, 10));
    const seen: string[] = [];
    let scrollId: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await em.call('/v2.23/models.get_all', { size: 7, scroll_id: scrollId, only_fields: ['id'] });
      seen.push(...asObjects(res.data['models']).map((m) => String(m['id'])));
      scrollId = String(res.data['scroll_id']);
    }
    expect(seen).toEqual(all.map((m) => m['id']));
    const projectId = String(first['project']);
    const sub = await em.call('/v2.23/models.get_all', { project: [projectId], include_subprojects: true, only_fields: ['project'] });
    expect(asObjects(sub.data['models']).every((m) => m['project'] === projectId)).toBe(true);
  });
});

describe('models.edit / models.update', () => {
  it('edits any create field, checks references (400/16) and stamps last_change / last_update', async () => {
    const em = testEmulator();
    const { task } = await taskIn(em);
    const model = String((await em.call('/v2.23/models.create', { uri: 'u1', name: 'm1', task })).data['id']);
    em.clock.advance(2_000);
    const res = await em.call('/v2.23/models.edit', { model, uri: 's3://b/final.pt', framework: 'ONNX', iteration: 12 });
    expect(res.data).toEqual({
      updated: 1,
      fields: {
        uri: 's3://b/final.pt',
        framework: 'ONNX',
        ui_cache: {},
        last_change: '2026-02-01T00:00:02+00:00',
        last_changed_by: expect.any(String),
        last_update: '2026-02-01T00:00:02+00:00',
      },
    });
    expect(asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task'])['last_iteration']).toBe(12);
    const stored = asObject((await em.call('/v2.23/models.get_by_id', { model })).data['model']);
    expect(stored).toMatchObject({ uri: 's3://b/final.pt', framework: 'ONNX' });
    expect('ui_cache' in stored).toBe(false);
    expect(err(await em.call('/v2.23/models.edit', { model, parent: 'nope' }))).toEqual([400, 16, 'Invalid value for fields (expecting Model id): id=nope, field=parent']);
    expect((await em.call('/v2.23/models.edit', { model })).data).toEqual({ updated: 0 });
    // A comment alone moves last_change but not last_update.
    const comment = await em.call('/v2.23/models.edit', { model, comment: 'c' });
    expect(Object.keys(asObject(comment.data['fields']))).toEqual(['comment', 'last_change', 'last_changed_by']);
  });

  it('models.update writes only the user-settable fields', async () => {
    const em = testEmulator();
    const model = String((await em.call('/v2.23/models.create', { uri: 'u1', name: 'm1' })).data['id']);
    const res = await em.call('/v2.23/models.update', { model, name: 'renamed', ready: true, tags: ['b', 'a'] });
    expect(asObject(res.data['fields'])).toMatchObject({ name: 'renamed', tags: ['a', 'b'] });
    expect('ready' in asObject(res.data['fields'])).toBe(false);
    expect(asObject((await em.call('/v2.23/models.get_by_id', { model })).data['model'])).toMatchObject({ name: 'renamed', ready: false });
  });
});

describe('models.update_for_task (API ≤ 2.13)', () => {
  it('is gone for newer clients: 301/1', async () => {
    const em = testEmulator();
    const { task } = await taskIn(em);
    const res = await em.call('/v2.23/models.update_for_task', { task, uri: 'u' });
    expect(err(res)).toEqual([301, 1, 'This endpoint is no longer supported for the requested api version (use tasks.add_or_update_model)']);
  });

  it('creates the output model from the task, then updates it, and links overrides', async () => {
    const em = testEmulator();
    const { project, task } = await taskIn(em);
    const base = String((await em.call('/v2.23/models.create', { uri: 's3://b/base.pt', name: 'base' })).data['id']);
    await em.call('/v2.23/tasks.edit', { task, execution: { framework: 'PyTorch', model_labels: { cat: 1 } }, models: { input: [{ name: 'Input Model', model: base }] } });
    expect(err(await em.call('/v2.13/models.update_for_task', { task }))).toEqual([400, 11, 'Missing required fields (exactly one field is required): fields=(uri, override_model_id)']);
    const created = await em.call('/v2.13/models.update_for_task', { task, uri: 's3://b/out.pt', iteration: 3 });
    expect(created.data).toEqual({ id: expect.any(String), created: true });
    const modelId = String(created.data['id']);
    const model = asObject((await em.call('/v2.23/models.get_by_id', { model: modelId })).data['model']);
    expect(model).toMatchObject({ name: 'train', task, project, framework: 'PyTorch', labels: { cat: 1 }, parent: base, uri: 's3://b/out.pt', ready: false, comment: `Created by task \`train\` (${task})` });
    const stored = asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task']);
    expect(stored['models']).toEqual({ input: [{ name: 'Input Model', model: base, updated: expect.any(String) }], output: [{ name: 'Output Model', model: modelId, updated: expect.any(String) }] });
    expect(stored['last_iteration']).toBe(3);
    const again = await em.call('/v2.13/models.update_for_task', { task, uri: 's3://b/out2.pt', name: 'final' });
    expect(again.data).toMatchObject({ id: modelId, created: false, updated: 1, fields: { uri: 's3://b/out2.pt', name: 'final', ui_cache: {} } });
    const linked = await em.call('/v2.13/models.update_for_task', { task, override_model_id: base });
    expect(linked.data).toEqual({ id: base, created: true });
    expect(asObject(asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task'])['models'])['output']).toEqual([{ name: 'Output Model', model: base, updated: expect.any(String) }]);
    await em.call('/v2.23/tasks.started', { task });
    await em.call('/v2.23/tasks.completed', { task });
    expect(err(await em.call('/v2.13/models.update_for_task', { task, uri: 'x' }))).toEqual([
      400,
      110,
      `Invalid task status (model can only be updated for tasks in the ['created', 'in_progress'] states): id=${task}, company=${CLEARML_COMPANY_ID}`,
    ]);
  });
});

describe('models.set_ready', () => {
  it('publishes the model and its creating task; a ready model is 400/203', async () => {
    const em = testEmulator();
    const { task } = await taskIn(em);
    const model = String((await em.call('/v2.23/models.create', { uri: 'u', name: 'm1', task })).data['id']);
    await em.call('/v2.23/tasks.add_or_update_model', { task, name: 'Output Model', model, type: 'output' });
    await em.call('/v2.23/tasks.started', { task });
    const running = await em.call('/v2.23/models.set_ready', { model });
    expect(err(running)).toEqual([400, 110, 'Invalid task status (Invalid status change): current_status=in_progress, new_status=published']);
    expect(asObject((await em.call('/v2.23/models.get_by_id', { model })).data['model'])['ready']).toBe(false);
    await em.call('/v2.23/tasks.completed', { task });
    const res = await em.call('/v2.23/models.set_ready', { model });
    expect(res.data).toEqual({ updated: 1, published_task: { id: task, data: { updated: 1, fields: expect.objectContaining({ status: 'published', published: expect.any(String) }) } } });
    expect(asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task'])['status']).toBe('published');
    expect(err(await em.call('/v2.23/models.set_ready', { model }))).toEqual([400, 203, `Model is ready: company=${CLEARML_COMPANY_ID}, model=${model}`]);
  });

  it('leaves the task alone with publish_task: false', async () => {
    const em = testEmulator();
    const { task } = await taskIn(em);
    const model = String((await em.call('/v2.23/models.create', { uri: 'u', name: 'm1', task })).data['id']);
    expect((await em.call('/v2.23/models.set_ready', { model, publish_task: false })).data).toEqual({ updated: 1 });
    expect(asObject((await em.call('/v2.23/tasks.get_by_id', { task })).data['task'])['status']).toBe('created');
  });
});

describe('seeded models and lineage', () => {
  const seed = buildClearMLSeed();
  const taskById = new Map(seed.tasks.map((t) => [String(t['id']), t]));
  const slots = (t: JsonObject | undefined, kind: 'input' | 'output'): string[] => {
    const models = t && isObject(t['models']) ? t['models'][kind] : undefined;
    return Array.isArray(models) ? models.filter(isObject).map((m) => String(m['model'])) : [];
  };

  it('links every output model both ways: task.models.output[].model ↔ model.task', () => {
    expect(seed.models).toHaveLength(17);
    for (const m of seed.models) expect(slots(taskById.get(String(m['task'])), 'output')).toEqual([m['id']]);
    for (const t of seed.tasks) {
      for (const id of slots(t, 'output')) expect(seed.models.find((m) => m['id'] === id)?.['task']).toBe(t['id']);
    }
  });

  it('warm-starts tasks from earlier models: input models, and model.parent = the task\'s input model', () => {
    const withInput = seed.tasks.filter((t) => slots(t, 'input').length > 0);
    expect(withInput.length).toBeGreaterThanOrEqual(8);
    for (const t of withInput) {
      const input = seed.models.find((m) => m['id'] === slots(t, 'input')[0]);
      const producer = taskById.get(String(input?.['task']));
      expect(String(producer?.['created']) < String(t['created'])).toBe(true);
      expect(producer?.['project']).toBe(t['project']);
      const output = slots(t, 'output')[0];
      if (output) expect(seed.models.find((m) => m['id'] === output)?.['parent']).toBe(input?.['id']);
    }
    // A chain of three generations: model → task → model → task → model.
    const depth = (id: string | undefined): number => {
      const m = seed.models.find((x) => x['id'] === id);
      return m ? 1 + depth(typeof m['parent'] === 'string' ? m['parent'] : undefined) : 0;
    };
    expect(Math.max(...seed.models.map((m) => depth(String(m['id']))))).toBeGreaterThanOrEqual(3);
  });
});
