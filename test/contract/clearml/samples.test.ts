/**
 * Compares the emulator's answers with the hand-made wire samples (test/fixtures/clearml/samples):
 * key sets and value types of envelope and data (not ids, times or numbers), and exact codes and
 * message formats for the error samples. Where a sample disagrees with the reference/schema the
 * reference wins; every such exemption below names its reason (also listed in the fixtures README).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type ClearMLEmulator, ENDPOINT_CATALOG, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { resolveImplementation, versionOf } from '../../../emulators/clearml/version.js';
import { isObj, type Obj, readJson, readLines, send, shapeDiff, type ShapeRules, substitute } from './clearmlHttp.js';

const SAMPLE_TASK = 'a4d0abb96ae6bbe8a77cadbe55254929';
const SAMPLE_PROJECT = '7a48230e35b5d2bdd16807c3ce9ba54b';
const SAMPLE_MODEL = '70eedb38ec1aca4cecfa9b851d5420c8';

const META_RULES: ShapeRules = {};
/** meta.endpoint.actual_version is null only on 404; compare envelope shapes separately from data. */
function envelopeDiff(sample: Obj, actual: Obj): string[] {
  return shapeDiff(sample['meta'], actual['meta'], META_RULES, 'meta');
}

/** Sample fields the reference says are absent when unset (the hand-made sample wrote null). */
const NULL_WHEN_UNSET = {
  'data.task.execution.queue': 'unset fields are absent, not null (reference §6); the sample writes null',
  'data.task.execution.docker_cmd': 'unset fields are absent, not null (reference §6); the sample writes null',
};

describe('ClearML samples', () => {
  let em: ClearMLEmulator;
  const clock = new ManualClock(Date.UTC(2025, 0, 13, 10, 0, 0, 0));
  const ids = new Map<string, string>();
  const v = '/v2.23';
  const call = (path: string, json?: unknown) => send(em.url, `${v}/${path}`, json === undefined ? {} : { json: substitute(json, ids) });

  beforeAll(async () => {
    em = await startClearMLEmulator({ seed: false, clock });
    // Build the sample story through the API: project, task, parameters, artifacts, model, events, completion.
    const project = await call('projects.create', readJson('samples/projects_create.request.json'));
    ids.set(SAMPLE_PROJECT, String(project.data['id']));
    const taskSample = readJson('samples/tasks_get_by_id.response.json');
    const sampleTask = isObj(taskSample['data']) && isObj(taskSample['data']['task']) ? taskSample['data']['task'] : {};
    const created = await call('tasks.create', { ...readJson('samples/tasks_create.request.json'), tags: ['baseline'] });
    ids.set(SAMPLE_TASK, String(created.data['id']));
    const execution = isObj(sampleTask['execution']) ? sampleTask['execution'] : {};
    await call('tasks.edit', {
      task: SAMPLE_TASK,
      force: true,
      script: sampleTask['script'],
      container: sampleTask['container'],
      configuration: sampleTask['configuration'],
      runtime: sampleTask['runtime'],
      execution: { framework: execution['framework'] },
      output_dest: isObj(sampleTask['output']) ? sampleTask['output']['destination'] : undefined,
    });
    expect((await call('tasks.edit', readJson('samples/tasks_edit.hyperparams.request.json'))).status).toBe(200);
    expect((await call('tasks.add_or_update_artifacts', { task: SAMPLE_TASK, force: true, artifacts: execution['artifacts'] })).status).toBe(200);
    expect((await call('tasks.add_or_update_artifacts', readJson('samples/tasks_add_or_update_artifacts.request.json'))).status).toBe(200);
    const model = await call('models.create', { ...readJson('samples/models_create.request.json'), comment: 'Created by task id', tags: [], framework: 'PyTorch', design: { design: '' }, labels: { zero: 0, one: 1 }, task: SAMPLE_TASK });
    ids.set(SAMPLE_MODEL, String(model.data['id']));
    expect(model.data).toEqual({ id: expect.any(String), created: true });
    clock.advance(5_123);
    expect((await call('tasks.started', { task: SAMPLE_TASK })).status).toBe(200);
    expect((await call('tasks.add_or_update_model', readJson('samples/tasks_add_or_update_model.request.json'))).status).toBe(200);
  });

  afterAll(async () => {
    await em.close();
  });

  it('auth.login: envelope, token and JWT claims match the sample', async () => {
    const sample = readJson('samples/auth_login.response.json');
    const res = await send(em.url, '/auth.login', { method: 'GET' });
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(res.meta['endpoint']).toEqual({ name: 'auth.login', requested_version: '2.34', actual_version: '2.1' });
    expect(shapeDiff(sample['data'], res.data)).toEqual([]);
    const payload: unknown = JSON.parse(Buffer.from(String(res.data['token']).split('.')[1] ?? '', 'base64url').toString());
    expect(shapeDiff(readJson('samples/auth_login.token_payload.json'), payload)).toEqual([]);
  });

  it('projects.create / projects.get_all answer the sample shapes', async () => {
    const again = await call('projects.create', readJson('samples/projects_create.request.json'));
    expect(again.meta['result_subcode']).toBe(801);
    const res = await call('projects.get_all', readJson('samples/projects_get_all.request.json'));
    const sample = readJson('samples/projects_get_all.response.json');
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data)).toEqual([]);
    const create = readJson('samples/projects_create.response.json');
    expect(shapeDiff(create['data'], { id: ids.get(SAMPLE_PROJECT) })).toEqual([]);
  });

  it('tasks.create / tasks.started answer the sample shapes', async () => {
    const res = await call('tasks.create', { ...readJson('samples/tasks_create.request.json'), name: 'another' });
    expect(shapeDiff(readJson('samples/tasks_create.response.json')['data'], res.data)).toEqual([]);
    const other = String(res.data['id']);
    const started = await send(em.url, `${v}/tasks.started`, { json: { task: other } });
    const sample = readJson('samples/tasks_started.response.json');
    expect(envelopeDiff(sample, started.body)).toEqual([]);
    expect(shapeDiff(sample['data'], started.data)).toEqual([]);
  });

  it('events.add_batch accepts the json-lines sample and reports partial errors per error text', async () => {
    const lines = substitute(readLines('samples/events_add_batch.request.jsonl'), ids);
    const res = await send(em.url, `${v}/events.add_batch`, { lines });
    const sample = readJson('samples/events_add_batch.response.json');
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(res.data).toEqual(sample['data']);
    const partial = await send(em.url, `${v}/events.add_batch`, { lines: [...lines.slice(0, 5), { ...lines[0], task: '0000000000000000000000000000dead' }] });
    expect(partial.data).toEqual(readJson('samples/events_add_batch.partial_error.response.json')['data']);
    clock.advance(60_000);
    expect((await call('tasks.completed', { task: SAMPLE_TASK, status_reason: 'completed', publish: false })).status).toBe(200);
  });

  it('tasks.get_by_id answers the full task shape of the sample', async () => {
    const sample = readJson('samples/tasks_get_by_id.response.json');
    const res = await call('tasks.get_by_id', { task: SAMPLE_TASK });
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    const diff = shapeDiff(sample, res.body, {
      maps: ['data.task.last_metrics', 'data.task.last_metrics.*'],
      sampleOnly: {
        ...NULL_WHEN_UNSET,
        'data.task.output.result': 'written by no emulated endpoint (the SDK does not send it through tasks.* either)',
        'data.task.last_worker': 'written by workers.status_report, not emulated yet',
        'data.task.last_worker_report': 'written by workers.status_report, not emulated yet',
      },
      emulatorOnly: { 'data.task.last_changed_by': 'written by every status change (ChangeStatusRequest); the sample omits it' },
    }, '');
    expect(diff).toEqual([]);
  });

  it('tasks.get_all (filters, order, paging, _any_, only_fields) answers the sample shape', async () => {
    const sample = readJson('samples/tasks_get_all.response.json');
    const res = await call('tasks.get_all', readJson('samples/tasks_get_all.request.json'));
    expect(Array.isArray(res.data['tasks']) && res.data['tasks'].length).toBe(1);
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data, { maps: ['tasks[].last_metrics', 'tasks[].last_metrics.*'] })).toEqual([]);
  });

  it('tasks.get_all_ex returns references as objects and joins project.name', async () => {
    const sample = readJson('samples/tasks_get_all_ex.response.json');
    const res = await call('tasks.get_all_ex', readJson('samples/tasks_get_all_ex.request.json'));
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data, {
      sampleOnly: { 'tasks[].models.output[].name': 'only_fields asks for models.output.model only; a projection returns just that sub-field (reference §7)' },
    })).toEqual([]);
  });

  it('tasks.get_all scrolling answers the sample shape with a scroll_id', async () => {
    const sample = readJson('samples/tasks_scroll.response.json');
    const res = await call('tasks.get_all', readJson('samples/tasks_scroll.request.json'));
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data)).toEqual([]);
  });

  it('models.get_all answers the sample model shape', async () => {
    const sample = readJson('samples/models_get_all.response.json');
    const res = await call('models.get_all', {});
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data, {
      maps: ['models[].labels'],
      sampleOnly: {
        'models[].metadata': 'written by models.add_or_update_metadata, not emulated yet',
      },
      emulatorOnly: {
        'models[].last_change': 'models.create stamps last_change (services/models.py); the hand-made sample omits it',
        'models[].last_changed_by': 'models.create stamps last_changed_by (services/models.py); the hand-made sample omits it',
      },
    })).toEqual([]);
  });

  it('serving.get_endpoints answers the sample shape (containers registered through the API)', async () => {
    const sample = readJson('samples/serving_get_endpoints.response.json');
    const sampleData = isObj(sample['data']) ? sample['data'] : {};
    const endpoint = Array.isArray(sampleData['endpoints']) && isObj(sampleData['endpoints'][0]) ? sampleData['endpoints'][0] : {};
    for (const [container, requests] of [['c1', 10_000], ['c2', 5_230]] as const) {
      const res = await send(em.url, '/v2.31/serving.container_status_report', {
        json: {
          container_id: container,
          endpoint_name: endpoint['endpoint'],
          endpoint_url: endpoint['url'],
          model_name: endpoint['model'],
          uptime_sec: container === 'c1' ? 86_400 : 3_600,
          requests_num: requests,
          requests_min: container === 'c1' ? 10.4 : 10.8,
          latency_ms: container === 'c1' ? 22 : 24,
        },
      });
      expect(res.status).toBe(200);
    }
    const res = await send(em.url, '/v2.31/serving.get_endpoints', { json: {} });
    expect(envelopeDiff(sample, res.body)).toEqual([]);
    expect(shapeDiff(sample['data'], res.data)).toEqual([]);
    expect(res.data['endpoints']).toEqual([{ ...endpoint, last_update: expect.any(String) }]);
  });

  it('serving.get_endpoints exists from API 2.31 only: older versions get the server\'s 404', async () => {
    const res = await send(em.url, '/v2.23/serving.get_endpoints', { json: {} });
    expect([res.status, res.meta['result_code'], res.meta['result_subcode'], res.meta['result_msg']]).toEqual([
      404,
      404,
      0,
      'Unable to find endpoint for name serving.get_endpoints and version 2.23',
    ]);
    expect(res.meta['endpoint']).toEqual({ name: 'serving.get_endpoints', requested_version: '2.23', actual_version: null });
  });

  it('event reads answer the sample shapes', async () => {
    const mv = await call('events.get_scalar_metrics_and_variants', { task: SAMPLE_TASK });
    const mvSample = readJson('samples/events_get_scalar_metrics_and_variants.response.json');
    expect(envelopeDiff(mvSample, mv.body)).toEqual([]);
    expect(shapeDiff(mvSample['data'], mv.data, { maps: ['metrics'] })).toEqual([]);
    const hist = await call('events.scalar_metrics_iter_histogram', readJson('samples/events_scalar_metrics_iter_histogram.request.json'));
    const histSample = readJson('samples/events_scalar_metrics_iter_histogram.response.json');
    expect(shapeDiff(histSample['data'], hist.data, { maps: ['', '.*'] })).toEqual([]);
    const log = await call('events.get_task_log', readJson('samples/events_get_task_log.request.json'));
    const logSample = readJson('samples/events_get_task_log.response.json');
    expect(envelopeDiff(logSample, log.body)).toEqual([]);
    expect(shapeDiff(logSample['data'], log.data)).toEqual([]);
  });

  it('reports actual_version as the highest implementation ≤ the requested version (some samples cannot be right)', () => {
    const actual = (name: string, requested: string): string | undefined => resolveImplementation(ENDPOINT_CATALOG[name]?.versions ?? [], versionOf(requested));
    // Samples claiming an implementation newer than the requested 2.23 (disagreements recorded in the fixtures README):
    expect(actual('tasks.get_all', '2.23')).toBe('2.15'); // samples say 2.26
    expect(actual('models.get_all', '2.23')).toBe('2.15'); // sample says 2.26
    expect(actual('tasks.get_all_ex', '2.23')).toBe('2.23'); // sample says 2.27
    expect(actual('events.get_task_log', '2.23')).toBe('2.9'); // sample says 2.30
    expect(actual('workers.get_all', '2.23')).toBe('2.22'); // sample says 2.30
  });
});

describe('shape comparison helper', () => {
  it('reports missing keys, extra keys and type changes, and compares map entries by shape', () => {
    expect(shapeDiff({ a: 1, b: { c: 'x' } }, { a: 'one', b: {}, d: true })).toEqual([
      'a: sample is number, emulator gives string',
      'b.c: missing from the emulator\'s answer',
      'd: not in the sample',
    ]);
    expect(shapeDiff({ m: { k1: { v: 1 } } }, { m: { other: { v: 2 } } }, { maps: ['m'] })).toEqual([]);
    expect(shapeDiff({ l: [{ v: 1 }] }, { l: [{ v: 1 }, { w: 2 }] })).toEqual(['l[].v: missing from the emulator\'s answer', 'l[].w: not in the sample']);
  });
});

describe('ClearML error samples', () => {
  let em: ClearMLEmulator;
  const clock = new ManualClock(Date.UTC(2025, 0, 13, 10, 0, 0, 0));
  beforeAll(async () => {
    em = await startClearMLEmulator({ seed: false, clock });
  });
  afterAll(async () => {
    await em.close();
  });

  function expectSameError(sample: Obj, res: { body: Obj; status: number; meta: Obj }): void {
    const sm = isObj(sample['meta']) ? sample['meta'] : {};
    expect(shapeDiff(sample, res.body)).toEqual([]);
    expect(res.status).toBe(sm['result_code']);
    expect([res.meta['result_code'], res.meta['result_subcode'], res.meta['result_msg'], res.meta['error_data']]).toEqual([
      sm['result_code'],
      sm['result_subcode'],
      sm['result_msg'],
      sm['error_data'],
    ]);
    expect(res.meta['endpoint']).toEqual(sm['endpoint']);
  }

  it('400/101 invalid task id', async () => {
    const res = await send(em.url, '/v2.23/tasks.get_by_id', { json: { task: '0000000000000000000000000000dead' } });
    expectSameError(readJson('samples/error_400_101_invalid_task_id.response.json'), res);
  });

  it('400/110 invalid status change', async () => {
    const task = String((await send(em.url, '/v2.23/tasks.create', { json: { name: 'published one', type: 'training' } })).data['id']);
    await send(em.url, '/v2.23/tasks.started', { json: { task } });
    await send(em.url, '/v2.23/tasks.completed', { json: { task, publish: true } });
    const res = await send(em.url, '/v2.23/tasks.started', { json: { task } });
    expectSameError(readJson('samples/error_400_110_invalid_status_change.response.json'), res);
  });

  it('401/20 missing credentials', async () => {
    const res = await send(em.url, '/v2.23/tasks.get_all', { json: {}, headers: { authorization: '' } });
    expectSameError(readJson('samples/error_401_20_no_credentials.response.json'), res);
  });

  it('401/30 expired token', async () => {
    const token = String((await send(em.url, '/auth.login', { method: 'GET' })).data['token']);
    clock.advance(31 * 86_400_000);
    const res = await send(em.url, '/v2.23/tasks.get_all', { json: {}, headers: { authorization: `Bearer ${token}` } });
    expectSameError(readJson('samples/error_401_30_invalid_token.response.json'), res);
  });

  it('404 unknown endpoint', async () => {
    const res = await send(em.url, '/v2.23/tasks.no_such_action', { json: {} });
    expectSameError(readJson('samples/error_404_unknown_endpoint.response.json'), res);
  });

  it('samples of endpoints not emulated yet get an honest 501 envelope', async () => {
    for (const [path, name] of [
      ['/v2.14/queues.get_next_task', 'queues.get_next_task'],
      ['/v2.23/workers.get_all', 'workers.get_all'],
    ] as const) {
      const res = await send(em.url, path, { json: name === 'queues.get_next_task' ? { queue: 'q' } : {} });
      expect([res.status, res.meta['result_msg']]).toEqual([501, `Not implemented by the Switchyard ClearML emulator: ${name}`]);
    }
    const report = await send(em.url, '/v2.23/workers.status_report', { json: readJson('samples/workers_status_report.request.json') });
    expect([report.status, report.meta['result_code']]).toEqual([501, 501]);
  });
});
