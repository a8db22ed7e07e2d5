/**
 * Routed writes from the /clearml mount into a Comet source (DESIGN §6, `rest.clearml.routeWritesTo`):
 * the ClearML SDK's recorded sequence runs against /clearml and its task lands in Comet with the same
 * 32-hex id; what was written reads back through /clearml, GraphQL and the /comet passthrough; what Comet
 * cannot hold is reported (events) or refused (other writes) in ClearML's own envelope, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { embeddedConfig } from '../../../gateway/config/index.js';
import { basicAuth, isObj, type Obj, replaySdkFlow } from '../../helpers/clearmlSdkReplay.js';
import { emulatorOf, gql, type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
let base: string;
const AUTH = basicAuth('ANYACCESSKEY0000000000000000001', 'any-secret');
let taskId = '';

beforeAll(async () => {
  const config = embeddedConfig();
  stack = await startStack({ trackers: ['clearml', 'comet'], config: { ...config, rest: { ...config.rest, clearml: { source: 'clearml', keys: [], routeWritesTo: 'comet' } } } });
  base = `${stack.gateway.url}/clearml`;
});
afterAll(async () => {
  await stack.close();
});

async function call(path: string, json: unknown, opts: { contentType?: string; body?: string } = {}) {
  const res = await got(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: AUTH, 'content-type': opts.contentType ?? 'application/json' },
    body: opts.body ?? JSON.stringify(json),
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  const body = JSON.parse(res.body) as { meta: Obj; data: Obj };
  return { status: res.statusCode, headers: res.headers, ...body };
}

const writes = (requests: readonly { path: string }[]) => requests.filter((r) => r.path.includes('/write/')).length;

describe('/clearml routed to Comet: the ClearML SDK 1.17.0 flow', () => {
  it('completes Task.init → connect → report_scalar → close with the task created in Comet under the same id', async () => {
    const clearml = emulatorOf(stack, 'clearml');
    const comet = emulatorOf(stack, 'comet');
    clearml.clearRequests();
    comet.clearRequests();
    const result = await replaySdkFlow(base, 'clearml-sdk-1.17.0.task-flow.default-config.jsonl', AUTH);
    expect(result.calls).toHaveLength(31);
    for (const c of result.calls) {
      expect({ seq: c.seq, endpoint: c.endpoint, status: c.status, msg: c.meta['result_msg'] }).toEqual({ seq: c.seq, endpoint: c.endpoint, status: 200, msg: 'OK' });
      for (const k of ['id', 'trx', 'endpoint', 'result_code', 'result_msg']) expect(c.meta[k]).toBeDefined();
    }
    taskId = result.taskId ?? '';
    expect(taskId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.projectId).toBe('comet:project:p');
    const create = result.calls.find((c) => c.endpoint === 'projects.create');
    expect(create?.data).toEqual({ id: 'comet:project:p', created: 1 });
    const byId = result.calls.filter((c) => c.endpoint === 'tasks.get_by_id');
    for (const c of byId) expect(c.data['task']).toMatchObject({ id: taskId, project: 'comet:project:p', status: 'in_progress', name: 't' });
    const project = result.calls.find((c) => c.endpoint === 'projects.get_by_id');
    expect(project?.data['project']).toMatchObject({ id: 'comet:project:p', name: 'p', basename: 'p', tags: [], system_tags: expect.any(Array) });
    const polls = result.calls.filter((c) => c.endpoint === 'tasks.get_all').slice(1);
    for (const c of polls) expect(c.data['tasks']).toEqual([{ id: taskId, status: expect.any(String) }]);
    for (const c of result.calls.filter((x) => ['tasks.started', 'tasks.edit', 'tasks.completed'].includes(x.endpoint))) expect(c.data).toMatchObject({ fields: {} });
    // Console lines are reported as not carried; the scalar is added.
    const batches = result.calls.filter((c) => c.endpoint === 'events.add_batch');
    expect(batches.some((c) => c.data['added'] === 1 && c.data['errors'] === 0)).toBe(true);
    const logs = batches.filter((c) => c.data['added'] === 0);
    expect(logs.length).toBeGreaterThan(0);
    for (const c of logs) expect(c.data['errors_info']).toEqual({ 'log events cannot be carried to Comet source "comet"': c.data['errors'] });

    // Comet got the experiment; ClearML got no write at all (the first tasks.get_all of an older id passed through).
    expect(comet.requests.some((r) => r.path.endsWith('/write/experiment/create'))).toBe(true);
    expect(clearml.requests.filter((r) => /\.(create|edit|started|completed|add_batch|set_requirements)$/.test(r.path))).toEqual([]);
  });

  it('shows the hyperparams and the scalar through /clearml, GraphQL and the /comet passthrough', async () => {
    const byId = await call('/v2.23/tasks.get_by_id', { task: taskId });
    expect(byId.status).toBe(200);
    const task = byId.data['task'] as Obj;
    expect(task).toMatchObject({ id: taskId, name: 't', project: 'comet:project:p' });
    expect((task['hyperparams'] as Obj)['General']).toMatchObject({ lr: { section: 'General', name: 'lr', value: '0.1' } });
    expect((task['hyperparams'] as Obj)['task']).toMatchObject({ type: { value: 'training' }, system_tags: { value: 'development' } });
    expect(Object.keys((task['hyperparams'] as Obj)['script'] as Obj)).toEqual(expect.arrayContaining(['entry_point', 'binary']));
    expect(Object.values(task['last_metrics'] as Obj).flatMap((v) => Object.values(v as Obj))).toContainEqual(expect.objectContaining({ metric: 'loss', variant: 'train', value: 0.5 }));

    const read = await gql<{ task: { id: string; name: string; project: string; status: string; parameters: { section: string | null; name: string; value: string }[]; metrics: { name: string; variant: string | null; last: number }[] } }>(
      stack,
      `query($id: ID!) { task(id: $id) { id name project status parameters { section name value } metrics { name variant last } } }`,
      { id: `comet:experiment:${taskId}` },
    );
    expect(read.errors).toBeUndefined();
    // tasks.completed ended the run (Comet can only stop an experiment), which Comet then reports as completed.
    expect(read.data?.task).toMatchObject({ id: `comet:experiment:${taskId}`, name: 't', project: 'p', status: 'COMPLETED' });
    // Comet has no sections: the Comet source keeps a sectioned parameter as `<section>/<name>`.
    expect(read.data?.task.parameters).toContainEqual({ section: null, name: 'General/lr', value: '0.1' });
    expect(read.data?.task.metrics).toContainEqual({ name: 'loss', variant: 'train', last: 0.5 });

    const res = await got(`${stack.gateway.url}/comet/api/rest/v2/experiment/metadata`, { searchParams: { experimentKey: taskId }, headers: { authorization: 'any-comet-key' }, throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ experimentKey: taskId, experimentName: 't', projectName: 'p' });
  });
});

describe('/clearml routed to Comet: what Comet cannot hold', () => {
  it('reports a console-log event in a batch in errors/errors_info and adds the scalar beside it', async () => {
    const lines = [
      { timestamp: 1795321886178, type: 'log', task: taskId, level: 'info', worker: 'vm', msg: 'hello', allow_locked: false, model_event: false },
      { timestamp: 1795321886594, type: 'training_stats_scalar', task: taskId, iter: 2, metric: 'loss', variant: 'train', value: 0.25, allow_locked: false, model_event: false },
      { timestamp: 1795321886600, type: 'plot', task: taskId, iter: 2, metric: 'm', variant: 'v', plot_str: '{}' },
    ];
    const res = await call('/v2.23/events.add_batch', null, { contentType: 'application/json-lines', body: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n` });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ added: 1, errors: 2, errors_info: { 'log events cannot be carried to Comet source "comet"': 1, 'plot events cannot be carried to Comet source "comet"': 1 } });
    expect(res.headers['x-switchyard-routed']).toContain('2 event(s) not carried');
    // A JSON array is read as well; events of a task that is not Comet's are ClearML's invalid task id.
    const other = 'ffffffffffffffffffffffffffffffff';
    const arr = await call('/v2.23/events.add_batch', [{ type: 'training_stats_scalar', task: other, iter: 1, metric: 'a', variant: 'b', value: 1 }]);
    expect(arr.data).toEqual({ added: 0, errors: 1, errors_info: { [`Invalid task id ${other}`]: 1 } });
  });

  it('refuses a write it cannot carry with ClearML 400 naming it, nothing written anywhere', async () => {
    const clearml = emulatorOf(stack, 'clearml');
    const comet = emulatorOf(stack, 'comet');
    clearml.clearRequests();
    comet.clearRequests();
    const artifacts = await call('/v2.23/tasks.add_or_update_artifacts', { task: taskId, artifacts: [{ key: 'a', type: 'custom', uri: 's3://b/a' }] });
    expect(artifacts.status).toBe(400);
    expect(artifacts.meta).toMatchObject({ result_code: 400, result_subcode: 12 });
    expect(String(artifacts.meta['result_msg'])).toContain('tasks.add_or_update_artifacts cannot be carried to Comet source "comet"');
    const edit = await call('/v2.23/tasks.edit', { task: taskId, force: true, configuration: { x: { name: 'x', value: '1' } } });
    expect(edit.status).toBe(400);
    expect(String(edit.meta['result_msg'])).toContain('tasks.edit field "configuration"');
    const model = await call('/v2.23/models.create', { uri: 's3://b/m', name: 'm', task: taskId });
    expect(model.status).toBe(400);
    expect(writes(comet.requests)).toBe(0);
    expect(clearml.requests).toEqual([]);
  });

  it('answers a write for a task that is not a Comet experiment as ClearML answers an unknown task (400/101)', async () => {
    const clearml = emulatorOf(stack, 'clearml');
    clearml.clearRequests();
    const res = await call('/v2.23/tasks.edit', { task: 'ffffffffffffffffffffffffffffffff', hyperparams: { General: { a: { section: 'General', name: 'a', value: '1' } } } });
    expect(res.status).toBe(400);
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 101, result_msg: 'Invalid task id: id=ffffffffffffffffffffffffffffffff' });
    const stopped = await call('/v2.23/tasks.stopped', { task: 'not-a-key' });
    expect(stopped.meta).toMatchObject({ result_code: 400, result_subcode: 101 });
    expect(clearml.requests).toEqual([]);
  });

  it('passes reads of pre-migration ClearML tasks through to ClearML', async () => {
    const list = await call('/v2.23/tasks.get_all', { page_size: 1, only_fields: ['id'] });
    expect(list.status).toBe(200);
    const first = (list.data['tasks'] as Obj[])[0];
    expect(isObj(first)).toBe(true);
    const one = await call('/v2.23/tasks.get_by_id', { task: first?.['id'] });
    expect(one.status).toBe(200);
    expect((one.data['task'] as Obj)['id']).toBe(first?.['id']);
    expect(((one.data['task'] as Obj)['system_tags'] as string[]).some((t) => t.startsWith('switchyard:'))).toBe(false);
  });
});
