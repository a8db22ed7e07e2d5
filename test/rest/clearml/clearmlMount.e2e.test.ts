/**
 * The /clearml mount, judged by the ClearML SDK's recorded requests (only the base URL changes), plus
 * the mount's own answers: credentials, unknown endpoints, and the union view of tasks.get_all (the other
 * union endpoints: clearmlUnion.e2e.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { basicAuth, isObj, jwtClaims, type Obj, replaySdkFlow } from '../../helpers/clearmlSdkReplay.js';
import { gql, type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
let base: string;
// Any key pair is accepted in the embedded demo (DESIGN §7); it is not the emulator's own pair.
const AUTH = basicAuth('ANYACCESSKEY0000000000000000001', 'any-secret');

beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
  base = `${stack.gateway.url}/clearml`;
});
afterAll(async () => {
  await stack.close();
});

async function call(path: string, opts: { method?: 'GET' | 'POST'; auth?: string | null; json?: unknown; headers?: Record<string, string> } = {}) {
  const res = await got(`${base}${path}`, {
    method: opts.method ?? 'POST',
    headers: { ...(opts.auth === null ? {} : { authorization: opts.auth ?? AUTH }), ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.json !== undefined ? { body: JSON.stringify(opts.json) } : {}),
    allowGetBody: true,
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  const body = JSON.parse(res.body) as { meta: Obj; data: Obj };
  return { status: res.statusCode, headers: res.headers, ...body };
}

describe('/clearml with the ClearML SDK 1.17.0 flow', () => {
  it('completes Task.init → connect → report_scalar → close with 200 everywhere, and the task is readable through GraphQL', async () => {
    const result = await replaySdkFlow(base, 'clearml-sdk-1.17.0.task-flow.default-config.jsonl', AUTH);
    expect(result.calls).toHaveLength(31);
    for (const c of result.calls) {
      expect({ seq: c.seq, endpoint: c.endpoint, status: c.status }).toEqual({ seq: c.seq, endpoint: c.endpoint, status: 200 });
      for (const k of ['id', 'trx', 'endpoint', 'result_code', 'result_msg']) expect(c.meta[k]).toBeDefined();
      expect(Object.keys(c.data)).toEqual(expect.arrayContaining(c.recordedKeys.filter((k) => !(c.endpoint === 'projects.create' && k === 'created'))));
    }
    const login = result.calls.find((c) => c.endpoint === 'auth.login');
    expect(jwtClaims(String(login?.data['token']))).toMatchObject({ api_version: '2.23', server_version: expect.any(String), feature_set: 'basic', exp: expect.any(Number) });
    const byId = result.calls.find((c) => c.endpoint === 'tasks.get_by_id');
    expect(isObj(byId?.data['task']) && ['id', 'project', 'status'].every((k) => typeof (byId?.data['task'] as Obj)[k] === 'string')).toBe(true);

    // Written through the passthrough, visible in the next GraphQL read (the write invalidated the cache).
    const id = `clearml:task:${result.taskId ?? ''}`;
    const read = await gql<{ task: { name: string; status: string; parameters: { section: string; name: string; value: string }[]; metrics: { name: string; variant: string; last: number }[]; metricSeries: { points: { step: number; value: number }[] } } }>(
      stack,
      `query($id: ID!) { task(id: $id) { name status parameters { section name value } metrics { name variant last } metricSeries(name: "loss", variant: "train") { points { step value } } } }`,
      { id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.task).toMatchObject({ name: 't', status: 'COMPLETED', parameters: [{ section: 'General', name: 'lr', value: '0.1' }] });
    expect(read.data?.task.metrics).toContainEqual({ name: 'loss', variant: 'train', last: 0.5 });
    expect(read.data?.task.metricSeries.points).toEqual([{ step: 1, value: 0.5 }]);
    const list = await gql<{ tasks: { edges: { node: { id: string } }[] } }>(stack, `{ tasks(first: 5, orderBy: CREATED_AT_DESC, filter: { sources: ["clearml"], projects: ["p"] }) { edges { node { id } } } }`);
    expect(list.data?.tasks.edges.map((e) => e.node.id)).toContain(id);
  });
});

describe('/clearml credentials and errors', () => {
  it('answers 401/20 in the ClearML envelope when no credentials are sent', async () => {
    const res = await call('/v2.23/tasks.get_all', { auth: null, json: {} });
    expect(res.status).toBe(401);
    expect(res.meta).toMatchObject({ result_code: 401, result_subcode: 20, result_msg: 'Unauthorized (missing credentials)', endpoint: { name: 'tasks.get_all', requested_version: '2.23' } });
    expect(res.data).toEqual({});
  });

  it('answers 401/30 for a token it did not issue', async () => {
    const res = await call('/v2.23/tasks.get_all', { auth: 'Bearer abc.def.ghi', json: {} });
    expect(res.meta).toMatchObject({ result_code: 401, result_subcode: 30 });
  });

  it('passes an unknown endpoint to the tracker, which answers its own 404', async () => {
    const res = await call('/v2.23/tasks.no_such_action', { json: {} });
    expect(res.status).toBe(404);
    expect(res.meta['result_code']).toBe(404);
    expect(String(res.meta['result_msg'])).toMatch(/Unable to find endpoint/);
  });

  it('passes ClearML errors through byte for byte (400/101 for an unknown task)', async () => {
    const res = await call('/v2.23/tasks.get_by_id', { method: 'GET', json: { task: 'ffffffffffffffffffffffffffffffff' } });
    expect(res.status).toBe(400);
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 101 });
  });
});

describe('/clearml passes the server\'s own answers to bad input through', () => {
  it('answers a schema-invalid body with 400/12', async () => {
    const res = await call('/v2.23/tasks.create', { json: { name: 'x' } });
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 12 });
  });

  it('refuses an endpoint below its minimum API version with the server\'s 404', async () => {
    const res = await call('/v2.23/serving.get_endpoints', { json: {} });
    expect(res.status).toBe(404);
    expect(String(res.meta['result_msg'])).toContain('serving.get_endpoints');
    expect((await call('/v2.31/serving.get_endpoints', { json: {} })).status).toBe(200);
  });

  it('adds the good lines of a partly malformed events.add_batch and reports the bad ones', async () => {
    const task = (await call('/v2.23/tasks.get_all', { json: { page: 0, page_size: 1, only_fields: ['id'], status: ['in_progress'] } })).data['tasks'] as Obj[];
    const id = String(task[0]?.['id']);
    const lines = [
      { type: 'training_stats_scalar', task: id, iter: 5, metric: 'm', variant: 'v', value: 1, timestamp: 1767600000000 },
      { type: 'training_stats_scalar', task: 'ffffffffffffffffffffffffffffffff', iter: 5, metric: 'm', variant: 'v', value: 1, timestamp: 1767600000000 },
    ];
    const res = await got.post(`${base}/v2.23/events.add_batch`, { headers: { authorization: AUTH, 'content-type': 'application/json-lines' }, body: lines.map((l) => JSON.stringify(l)).join('\n'), throwHttpErrors: false, retry: { limit: 0 } });
    const body = JSON.parse(res.body) as { data: { added: number; errors: number } };
    expect(body.data).toMatchObject({ added: 1, errors: 1 });
  });

  it('serves the APIClient\'s listings (POST, paging, projection)', async () => {
    const page = await call('/v2.23/tasks.get_all', { json: { order_by: ['-last_update'], page: 0, page_size: 5, only_fields: ['id', 'name', 'status'] } });
    expect(page.status).toBe(200);
    expect((page.data['tasks'] as Obj[]).every((t) => Object.keys(t).sort().join() === 'id,name,status')).toBe(true);
    const models = await call('/v2.23/models.get_all', { json: { page: 0, page_size: 3, only_fields: ['id', 'name'] } });
    expect(models.data['models']).toHaveLength(3);
  });
});

describe('/clearml union view', () => {
  it('lists Comet experiments as ClearML tasks beside ClearML tasks, newest first', async () => {
    const res = await call('/tasks.get_all?switchyard.sources=all', { json: { order_by: ['-created'], page_size: 10, only_fields: ['id', 'name', 'status', 'created', 'system_tags'] } });
    expect(res.status).toBe(200);
    const tasks = res.data['tasks'] as Obj[];
    expect(tasks).toHaveLength(10);
    const comet = tasks.filter((t) => (t['system_tags'] as string[]).includes('switchyard:source=comet'));
    expect(comet.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(Object.keys(t).sort()).toEqual(['created', 'id', 'name', 'status', 'system_tags']);
      // The mount's own rows keep their ClearML id; Comet's carry their global id.
      expect(t['id']).toMatch(comet.includes(t) ? /^comet:experiment:[0-9a-f]{32}$/ : /^[0-9a-f]{32}$/);
      expect(t['created']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    }
    const created = tasks.map((t) => Date.parse(String(t['created'])));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('pages with page/page_size and scrolls with size/scroll_id', async () => {
    const p0 = await call('/tasks.get_all?switchyard.sources=all', { json: { page: 0, page_size: 4, only_fields: ['id'] } });
    const p1 = await call('/tasks.get_all?switchyard.sources=all', { json: { page: 1, page_size: 4, only_fields: ['id'] } });
    const s0 = await call('/tasks.get_all?switchyard.sources=all', { json: { size: 4, scroll_id: null, only_fields: ['id'] } });
    const s1 = await call('/tasks.get_all?switchyard.sources=all', { json: { size: 4, scroll_id: s0.data['scroll_id'], only_fields: ['id'] } });
    const ids = (r: { data: Obj }) => (r.data['tasks'] as Obj[]).map((t) => t['id']);
    expect(ids(s0)).toEqual(ids(p0));
    expect(ids(s1)).toEqual(ids(p1));
    expect(new Set([...ids(p0), ...ids(p1)]).size).toBe(8);
  });

  it('answers 400/12 naming a parameter outside the declared subset', async () => {
    const res = await call('/tasks.get_all', { headers: { 'x-switchyard-sources': 'all' }, json: { project: ['abc'] } });
    expect(res.status).toBe(400);
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 12 });
    expect(String(res.meta['result_msg'])).toContain('project');
  });
});
