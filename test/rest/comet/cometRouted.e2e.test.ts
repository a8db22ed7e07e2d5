/**
 * Routed writes from the /comet mount into ClearML (DESIGN §6, issue 9 item 3): with
 * `rest.comet.routeWritesTo: clearml`, cometr 0.4.0's write sequence lands in the ClearML source through
 * supergraph mutations, the experimentKey it gets back is the ClearML task id, and what it wrote reads back
 * through /comet, GraphQL and /clearml. Writes ClearML cannot carry get Comet's 400 and write nothing;
 * experiments made in Comet before the migration still read through to Comet.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { embeddedConfig } from '../../../gateway/config/index.js';
import { basicAuth, type Obj } from '../../helpers/clearmlSdkReplay.js';
import { emulatorOf, gql, type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
let base: string;
// Any non-empty key is accepted in the embedded demo.
const COMET_KEY = 'my-personal-key';
const CLEARML_AUTH = basicAuth('ANYACCESSKEY0000000000000000001', 'any-secret');
const CREATE = '/api/rest/v2/write/experiment/create';

beforeAll(async () => {
  const config = embeddedConfig();
  stack = await startStack({ trackers: ['clearml', 'comet'], config: { ...config, rest: { ...config.rest, comet: { source: 'comet', keys: [], routeWritesTo: 'clearml' } } } });
  base = `${stack.gateway.url}/comet`;
});
afterAll(async () => {
  await stack.close();
});

/** A call as cometr makes it: raw key in Authorization, JSON bodies on POST, GET parameters in the query. */
async function comet(path: string, opts: { json?: unknown; query?: Record<string, string> } = {}): Promise<{ status: number; body: Obj; headers: Record<string, unknown> }> {
  const res = await got(`${base}${path}`, {
    method: opts.json === undefined ? 'GET' : 'POST',
    headers: { authorization: COMET_KEY, 'user-agent': 'Comet API for R cometr/0.4.0', ...(opts.json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(opts.query ? { searchParams: opts.query } : {}),
    ...(opts.json === undefined ? {} : { body: JSON.stringify(opts.json) }),
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Obj, headers: res.headers };
}

/** Requests that change something in each emulator (their logs also hold the reads caches and health checks make). */
function writesSeen(): { clearml: string[]; comet: string[] } {
  const clearml = emulatorOf(stack, 'clearml').requests.map((r) => r.path).filter((p) => /\.(create|edit|edit_hyper_params|update_tags|add_batch|started|reset|stopped|completed|failed|enqueue|archive_many)$/.test(p));
  const cometWrites = emulatorOf(stack, 'comet').requests.map((r) => r.path).filter((p) => p.includes('/write/'));
  return { clearml, comet: cometWrites };
}

describe('cometr writing into ClearML through /comet', () => {
  let key = '';

  it('runs the cometr sequence with the answers cometr needs, and the task lands in ClearML', async () => {
    const before = writesSeen();
    const created = await comet(CREATE, { json: { experimentName: 't', projectName: 'proj', workspaceName: 'ws' } });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ experimentKey: expect.stringMatching(/^[0-9a-f]{32}$/), workspaceName: 'clearml', projectName: 'proj', link: expect.any(String) });
    key = String(created.body['experimentKey']);
    expect(String(created.body['link'])).not.toBe('');

    const now = Date.now();
    const steps = [
      await comet('/api/rest/v2/write/experiment/log-other', { json: { experimentKey: key, key: 'Created from', value: 'cometr', timestamp: now } }),
      await comet('/api/rest/v2/write/experiment/parameter', { json: { experimentKey: key, parameterName: 'lr', parameterValue: 0.1, timestamp: now } }),
      await comet('/api/rest/v2/write/experiment/metric', { json: { experimentKey: key, metricName: 'loss', metricValue: 0.5, step: 1, timestamp: now } }),
      await comet('/api/rest/v2/write/experiment/metric', { json: { experimentKey: key, metricName: 'acc', metricValue: '0.75', step: 2, timestamp: now, context: 'train', epoch: 1 } }),
      await comet('/api/rest/v2/write/experiment/tags', { json: { experimentKey: key, addedTags: ['a', 'b'] } }),
    ];
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    for (const s of steps) expect(s.body).toEqual({ msg: 'ok', code: 200, sdk_error_code: 0 });

    const beat = await comet('/api/rest/v2/write/experiment/set-status', { query: { experimentKey: key } });
    expect(beat.status).toBe(200);
    expect(beat.body).toEqual({ isAliveBeatDurationMillis: 10000, gpuMonitorIntervalMillis: 60000, cpuMonitorIntervalMillis: 60000 });

    const after = writesSeen();
    const clearmlNew = after.clearml.slice(before.clearml.length);
    expect(clearmlNew.some((p) => p.endsWith('tasks.create'))).toBe(true);
    expect(clearmlNew.some((p) => p.endsWith('tasks.started'))).toBe(true);
    // Nothing reached Comet: not the create, nor any of the logging.
    expect(after.comet.slice(before.comet.length)).toEqual([]);
    expect(emulatorOf(stack, 'comet').requests.some((r) => r.path.endsWith('write/experiment/create'))).toBe(false);
  });

  it('reads back through the /comet mount in Comet\'s shapes, under the same key', async () => {
    const metrics = await comet('/api/rest/v2/experiment/metrics/summary', { query: { experimentKey: key } });
    expect(metrics.status).toBe(200);
    const values = metrics.body['values'] as Obj[];
    // ClearML keeps no step or time with a metric's last value: those read back null.
    expect(values).toContainEqual(expect.objectContaining({ name: 'loss', valueCurrent: '0.5', valueMax: '0.5', valueMin: '0.5', stepCurrent: null }));
    // A run context is a ClearML variant: `<metric>/<context>`.
    expect(values).toContainEqual(expect.objectContaining({ name: 'acc/train', valueCurrent: '0.75' }));

    const params = await comet('/api/rest/v2/experiment/parameters', { query: { experimentKey: key } });
    expect(params.status).toBe(200);
    expect(params.body['values']).toEqual([expect.objectContaining({ name: 'lr', valueCurrent: '0.1', valueMin: '0.1', valueMax: '0.1' })]);

    const others = await comet('/api/rest/v2/experiment/log-other', { query: { experimentKey: key } });
    expect(others.body['values']).toEqual([expect.objectContaining({ name: 'Created from', valueCurrent: 'cometr' })]);

    const tags = await comet('/api/rest/v2/experiment/tags', { query: { experimentKey: key } });
    expect([...(tags.body['tags'] as string[])].sort()).toEqual(['a', 'b']);

    const meta = await comet('/api/rest/v2/experiment/metadata', { query: { experimentKey: key } });
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ experimentKey: key, experimentName: 't', projectName: 'proj', workspaceName: 'clearml', archived: false, running: true });
  });

  it('reads back through GraphQL as the ClearML task of the same id', async () => {
    const res = await gql<{ task: { id: string; name: string; project: string; status: string; tags: string[]; parameters: { section: string; name: string; value: string }[]; metrics: { name: string; variant: string; last: number }[] } }>(
      stack,
      'query($id: ID!) { task(id: $id) { id name project status tags parameters { section name value } metrics { name variant last } } }',
      { id: `clearml:task:${key}` },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.task).toMatchObject({ id: `clearml:task:${key}`, name: 't', project: 'proj', status: 'RUNNING' });
    expect([...(res.data?.task.tags ?? [])].sort()).toEqual(['a', 'b']);
    expect(res.data?.task.parameters).toEqual(expect.arrayContaining([{ section: 'General', name: 'lr', value: '0.1' }, { section: 'comet_other', name: 'Created from', value: 'cometr' }]));
    expect(res.data?.task.metrics).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'loss', variant: 'loss', last: 0.5 }), expect.objectContaining({ name: 'acc', variant: 'train', last: 0.75 })]));
  });

  it('reads back through the /clearml mount (tasks.get_by_id passthrough)', async () => {
    const res = await got(`${stack.gateway.url}/clearml/v2.23/tasks.get_by_id`, {
      method: 'GET',
      headers: { authorization: CLEARML_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ task: key }),
      allowGetBody: true,
      throwHttpErrors: false,
      retry: { limit: 0 },
    });
    expect(res.statusCode).toBe(200);
    const task = (JSON.parse(res.body) as { data: { task: Obj } }).data.task;
    expect(task).toMatchObject({ id: key, name: 't', status: 'in_progress' });
    expect([...(task['tags'] as string[])].sort()).toEqual(['a', 'b']);
    expect(task['hyperparams']).toMatchObject({ General: { lr: { value: '0.1' } }, comet_other: { 'Created from': { value: 'cometr' } } });
  });
});

describe('what routed writes refuse', () => {
  async function routedKey(): Promise<string> {
    const created = await comet(CREATE, { json: { experimentName: 'refusals', projectName: 'proj', workspaceName: 'ws' } });
    return String(created.body['experimentKey']);
  }

  it.each([
    ['write/experiment/code', { code: 'print(1)' }],
    ['write/experiment/system-details', { hostname: 'vm', os: 'linux' }],
    ['write/experiment/output', { outputLines: [{ offset: 1, output: 'hello' }] }],
    ['write/experiment/html', { html: '<p/>' }],
    ['write/registry-model', { workspaceName: 'ws', registryModelName: 'm' }],
  ])('answers %s with Comet\'s 400 naming it, and writes nothing', async (path, body) => {
    const key = await routedKey();
    const before = writesSeen();
    const res = await comet(`/api/rest/v2/${path}`, { json: { experimentKey: key, ...body } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 400, msg: expect.stringContaining(path), sdk_error_code: 0 });
    expect(String(res.body['msg'])).toContain('ClearML');
    expect(writesSeen()).toEqual(before);
  });

  it('answers a key that is no ClearML task as Comet answers an unknown key, and writes nothing', async () => {
    const before = writesSeen();
    const unknown = await comet('/api/rest/v2/write/experiment/metric', { json: { experimentKey: 'f'.repeat(32), metricName: 'loss', metricValue: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ code: 400, msg: expect.stringContaining('f'.repeat(32)), sdk_error_code: 90211 });
    const missing = await comet('/api/rest/v2/write/experiment/parameter', { json: { parameterName: 'lr', parameterValue: 1 } });
    expect(missing.body).toMatchObject({ code: 400, sdk_error_code: 90998 });
    expect(writesSeen()).toEqual(before);
  });

  it('refuses what ClearML cannot hold (NaN metrics) in Comet\'s shape', async () => {
    const key = await routedKey();
    const res = await comet('/api/rest/v2/write/experiment/metric', { json: { experimentKey: key, metricName: 'loss', metricValue: 'NaN' } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, sdk_error_code: 0 });
  });
});

describe('experiments made in Comet before the migration', () => {
  it('still read through to Comet by their own keys', async () => {
    const list = await gql<{ tasks: { edges: { node: { origin: { nativeId: string } } }[] } }>(stack, '{ tasks(first: 1, filter: { sources: ["comet"] }) { edges { node { origin { nativeId } } } } }');
    const cometKey = list.data?.tasks.edges[0]?.node.origin.nativeId;
    expect(cometKey).toMatch(/^[0-9a-f]{32}$/);
    const meta = await comet('/api/rest/v2/experiment/metadata', { query: { experimentKey: cometKey ?? '' } });
    expect(meta.status).toBe(200);
    expect(meta.body).toMatchObject({ experimentKey: cometKey });
    const params = await comet('/api/rest/v2/experiment/parameters', { query: { experimentKey: cometKey ?? '' } });
    expect(params.status).toBe(200);
  });

  it('are not written to: the key is no ClearML task', async () => {
    const list = await gql<{ tasks: { edges: { node: { origin: { nativeId: string } } }[] } }>(stack, '{ tasks(first: 1, filter: { sources: ["comet"] }) { edges { node { origin { nativeId } } } } }');
    const cometKey = list.data?.tasks.edges[0]?.node.origin.nativeId ?? '';
    const res = await comet('/api/rest/v2/write/experiment/tags', { json: { experimentKey: cometKey, addedTags: ['x'] } });
    expect(res.body).toMatchObject({ code: 400, sdk_error_code: 90211 });
  });

  it('keeps the union view first: the flag renders, as without routing', async () => {
    const res = await comet('/api/rest/v2/workspaces', { query: { 'switchyard.sources': 'all' } });
    expect(res.status).toBe(200);
    expect(res.body['workspaceNames']).toEqual(expect.arrayContaining(['clearml']));
  });
});
