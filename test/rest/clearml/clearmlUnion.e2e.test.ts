/**
 * The union view on /clearml beyond tasks.get_all (issue 9 item 2): tasks.get_all_ex, tasks.get_by_id,
 * projects.get_all and models.get_all list every tracker's objects in ClearML's shape, with the fields the
 * ClearML SDK reads (reference/clients.md). The mount's own rows keep native ClearML ids, the others carry
 * their Switchyard global ids, and tasks.get_by_id takes both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { ManualClock, systemClock } from '../../../emulators/shared/index.js';
import { basicAuth, type Obj } from '../../helpers/clearmlSdkReplay.js';
import { type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
let base: string;
// The clock lets the partial-answer test start with cold source caches.
const clock = new ManualClock(Date.now());
// Any key pair is accepted in the embedded demo (DESIGN §7).
const AUTH = basicAuth('ANYACCESSKEY0000000000000000001', 'any-secret');
const HEX = /^[0-9a-f]{32}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

beforeAll(async () => {
  stack = await startStack({ clock, emulatorClock: systemClock });
  base = `${stack.gateway.url}/clearml`;
});
afterAll(async () => {
  await stack.close();
});

async function call(path: string, json: unknown, headers: Record<string, string> = {}) {
  const res = await got(`${base}${path}`, {
    method: 'GET',
    headers: { authorization: AUTH, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(json),
    allowGetBody: true,
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  const body = JSON.parse(res.body) as { meta: Obj; data: Obj };
  return { status: res.statusCode, headers: res.headers, ...body };
}

const rows = (res: { data: Obj }, key: string) => res.data[key] as Obj[];
const sourceOf = (row: Obj) => /^switchyard:source=(.+)$/.exec((row['system_tags'] as string[]).find((t) => t.startsWith('switchyard:source=')) ?? '')?.[1] ?? 'clearml';

describe('tasks.get_all_ex in the union view', () => {
  it('lists ClearML, Comet and CMF runs with project as a reference object', async () => {
    const res = await call('/v2.23/tasks.get_all_ex?switchyard.sources=all', { order_by: ['name'], only_fields: ['id', 'name', 'status', 'project', 'system_tags'] });
    expect(res.status).toBe(200);
    expect(res.meta).toMatchObject({ result_code: 200, endpoint: { name: 'tasks.get_all_ex', requested_version: '2.23', actual_version: '2.23' } });
    const tasks = rows(res, 'tasks');
    expect(new Set(tasks.map(sourceOf))).toEqual(new Set(['clearml', 'comet', 'cmf']));
    for (const t of tasks) {
      expect(typeof t['status']).toBe('string');
      const own = sourceOf(t) === 'clearml';
      expect(t['id']).toMatch(own ? HEX : new RegExp(`^${sourceOf(t)}:(experiment|execution):`));
      expect(t['project']).toEqual({ id: expect.stringMatching(own ? HEX : new RegExp(`^${sourceOf(t)}:project:`)) });
    }
  });

  it('joins the project name when only_fields asks for project.name', async () => {
    const res = await call('/tasks.get_all_ex', { page: 0, page_size: 20, only_fields: ['id', 'project.name'] }, { 'x-switchyard-sources': 'comet' });
    const tasks = rows(res, 'tasks');
    expect(tasks).toHaveLength(20);
    for (const t of tasks) {
      expect(t['id']).toMatch(/^comet:experiment:[0-9a-f]{32}$/);
      expect(t['project']).toEqual({ id: `comet:project:${encodeURIComponent(String((t['project'] as Obj)['name']))}`, name: expect.any(String) });
    }
  });
});

describe('tasks.get_by_id in the union view', () => {
  it('answers a Comet task\'s global id with the fields the SDK reads', async () => {
    const list = await call('/tasks.get_all?switchyard.sources=comet', { page: 0, page_size: 1, only_fields: ['id'] });
    const id = String(rows(list, 'tasks')[0]?.['id']);
    expect(id).toMatch(/^comet:experiment:[0-9a-f]{32}$/);
    const res = await call('/v2.23/tasks.get_by_id?switchyard.sources=all', { task: id });
    expect(res.status).toBe(200);
    expect(res.meta).toMatchObject({ endpoint: { name: 'tasks.get_by_id', actual_version: '2.1' } });
    const task = res.data['task'] as Obj;
    expect(task).toMatchObject({ id, name: expect.any(String), status: expect.stringMatching(/^(created|queued|in_progress|stopped|failed|completed|unknown)$/), project: expect.stringMatching(/^comet:project:/), created: expect.stringMatching(ISO), system_tags: ['switchyard:source=comet'] });
    expect(typeof task['hyperparams']).toBe('object');
    expect(typeof task['last_metrics']).toBe('object');
  });

  it('answers a native ClearML id (and its global id) with the native id, project id and status', async () => {
    const list = await call('/tasks.get_all?switchyard.sources=clearml', { page: 0, page_size: 1, status: ['in_progress'], only_fields: ['id'] });
    const id = String(rows(list, 'tasks')[0]?.['id']);
    expect(id).toMatch(HEX);
    const native = await call('/v2.23/tasks.get_by_id?switchyard.sources=all', { task: id });
    expect(native.status).toBe(200);
    expect(native.data['task']).toMatchObject({ id, project: expect.stringMatching(HEX), status: 'in_progress', name: expect.any(String), type: expect.any(String) });
    const global = await call('/v2.23/tasks.get_by_id?switchyard.sources=all', { task: `clearml:task:${id}` });
    expect(global.data['task']).toEqual(native.data['task']);
    // The same task through the passthrough: the rendered row agrees on what the SDK reads.
    const passthrough = await call('/v2.23/tasks.get_by_id', { task: id });
    const raw = passthrough.data['task'] as Obj;
    expect(native.data['task']).toMatchObject({ id: raw['id'], project: raw['project'], status: raw['status'], name: raw['name'] });
  });

  it('answers an unknown id, or an id outside the selected sources, with 400/101', async () => {
    for (const [task, sources] of [['ffffffffffffffffffffffffffffffff', 'all'], ['comet:experiment:ffffffffffffffffffffffffffffffff', 'all'], ['mlconnector:model:8e2d4b6a-3c5f-4e7a-b1d9-0f2a4c6e8b13', 'all'], ['comet:experiment:ffffffffffffffffffffffffffffffff', 'clearml']] as const) {
      const res = await call(`/tasks.get_by_id?switchyard.sources=${sources}`, { task });
      expect({ task, status: res.status }).toEqual({ task, status: 400 });
      expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 101, error_data: { id: task } });
    }
  });
});

describe('projects.get_all in the union view', () => {
  it('lists the distinct projects of every tracker\'s tasks in ClearML\'s project shape', async () => {
    const res = await call('/v2.23/projects.get_all?switchyard.sources=all', {});
    expect(res.status).toBe(200);
    expect(res.meta).toMatchObject({ endpoint: { name: 'projects.get_all', actual_version: '2.15' } });
    const projects = rows(res, 'projects');
    expect(new Set(projects.map(sourceOf))).toEqual(new Set(['clearml', 'comet', 'cmf']));
    for (const p of projects) {
      expect(Object.keys(p).sort()).toEqual(['basename', 'created', 'id', 'name', 'system_tags', 'tags']);
      expect(p['basename']).toBe(String(p['name']).split('/').pop());
      expect(p['created']).toMatch(ISO);
      const own = sourceOf(p) === 'clearml';
      expect(p['id']).toEqual(own ? expect.stringMatching(HEX) : `${sourceOf(p)}:project:${encodeURIComponent(String(p['name']))}`);
    }
    expect(new Set(projects.map((p) => p['id'])).size).toBe(projects.length);
    expect(projects.map((p) => p['name'])).toEqual([...projects.map((p) => String(p['name']))].sort((a, b) => a.localeCompare(b)));
    // Every task's project is one of the listed projects.
    const tasks = rows(await call('/tasks.get_all?switchyard.sources=all', { only_fields: ['project'] }), 'tasks');
    const ids = new Set(projects.map((p) => p['id']));
    expect(tasks.filter((t) => t['project'] !== undefined).every((t) => ids.has(t['project']))).toBe(true);
  });

  it('answers the SDK\'s exact-name lookup and filters by id', async () => {
    const res = await call('/v2.23/projects.get_all?switchyard.sources=all', { name: '^churn$', only_fields: ['id'], shallow_search: false, search_hidden: true });
    const projects = rows(res, 'projects');
    expect(projects.map((p) => Object.keys(p))).toEqual(projects.map(() => ['id']));
    expect(projects.map((p) => p['id'])).toEqual(expect.arrayContaining([expect.stringMatching(HEX), 'comet:project:churn']));
    const byId = rows(await call('/projects.get_all?switchyard.sources=all', { id: ['comet:project:churn'] }), 'projects');
    expect(byId).toEqual([expect.objectContaining({ id: 'comet:project:churn', name: 'churn', basename: 'churn', system_tags: ['switchyard:source=comet'] })]);
  });

  it('scrolls with size/scroll_id', async () => {
    const all = rows(await call('/projects.get_all?switchyard.sources=all', { only_fields: ['id'] }), 'projects');
    const s0 = await call('/projects.get_all?switchyard.sources=all', { size: 2, scroll_id: null, only_fields: ['id'] });
    const s1 = await call('/projects.get_all?switchyard.sources=all', { size: 2, scroll_id: s0.data['scroll_id'], only_fields: ['id'] });
    expect([...rows(s0, 'projects'), ...rows(s1, 'projects')]).toEqual(all.slice(0, 4));
  });
});

describe('models.get_all in the union view', () => {
  it('lists every tracker\'s models in ClearML\'s model shape', async () => {
    const res = await call('/v2.23/models.get_all?switchyard.sources=all', { order_by: ['-created'] });
    expect(res.status).toBe(200);
    expect(res.meta).toMatchObject({ endpoint: { name: 'models.get_all', actual_version: '2.15' } });
    const models = rows(res, 'models');
    const bySource = (s: string) => models.filter((m) => sourceOf(m) === s);
    expect(new Set(models.map(sourceOf))).toEqual(new Set(['clearml', 'comet', 'cmf', 'mlconnector']));
    for (const m of models) {
      expect(typeof m['name']).toBe('string');
      expect(Array.isArray(m['tags']) && Array.isArray(m['system_tags'])).toBe(true);
    }
    for (const m of bySource('clearml')) {
      expect(m).toMatchObject({ id: expect.stringMatching(HEX), task: expect.stringMatching(HEX), project: expect.stringMatching(HEX), ready: expect.any(Boolean), uri: expect.any(String), created: expect.stringMatching(ISO) });
    }
    for (const m of bySource('comet')) expect(m['id']).toMatch(/^comet:(model-version|experiment-model):/);
    const version = bySource('comet').find((m) => String(m['id']).startsWith('comet:model-version:'));
    expect(version).toMatchObject({ task: expect.stringMatching(/^comet:experiment:/), metadata: { version: { key: 'version', type: 'str', value: expect.any(String) } } });
    expect(version).not.toHaveProperty('ready');
    for (const m of bySource('cmf')) expect(m).toMatchObject({ id: expect.stringMatching(/^cmf:model:/), project: expect.stringMatching(/^cmf:project:/), framework: expect.any(String) });
    const mlc = bySource('mlconnector');
    expect(mlc.map((m) => m['id'])).toContain('mlconnector:model:5f0c7a3e-1d2b-4c8e-9a6f-3b1e2d4c5a60');
    // A reference to the mount's own task keeps the native id, by the same rule as the rows.
    expect(mlc.find((m) => m['id'] === 'mlconnector:model:5f0c7a3e-1d2b-4c8e-9a6f-3b1e2d4c5a60')?.['task']).toMatch(HEX);
    const created = models.filter((m) => m['created'] !== undefined).map((m) => Date.parse(String(m['created'])));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('filters by framework and projects with only_fields', async () => {
    const res = await call('/models.get_all?switchyard.sources=all', { framework: ['XGBoost'], only_fields: ['id', 'framework'] });
    const models = rows(res, 'models');
    expect(models.length).toBeGreaterThan(1);
    for (const m of models) expect(m).toEqual({ id: expect.any(String), framework: 'XGBoost' });
    expect(models.some((m) => String(m['id']).startsWith('cmf:model:'))).toBe(true);
  });
});

describe('the union view\'s parameter subsets', () => {
  it.each([
    ['tasks.get_all_ex', 'filters', { filters: { tags: { any: { include: ['a'] } } } }],
    ['tasks.get_by_id', 'only_fields', { task: 'ffffffffffffffffffffffffffffffff', only_fields: ['id'] }],
    ['projects.get_all', 'include_stats', { include_stats: true }],
    ['models.get_all', 'ready', { ready: true }],
  ])('%s answers 400/12 naming %s', async (endpoint, name, json) => {
    const res = await call(`/v2.23/${endpoint}?switchyard.sources=all`, json);
    expect(res.status).toBe(400);
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 12, endpoint: { name: endpoint } });
    expect(String(res.meta['result_msg'])).toContain(name);
  });


  it('answers an unknown source name or a scroll_id it did not issue with 400/12, not a 500', async () => {
    for (const [path, json] of [['/models.get_all?switchyard.sources=clearml,nosuch', {}], ['/tasks.get_all_ex?switchyard.sources=all', { size: 2, scroll_id: 'garbage' }], ['/projects.get_all?switchyard.sources=all', { size: 2, scroll_id: 'garbage' }]] as const) {
      const res = await call(path, json);
      expect({ path, status: res.status, subcode: res.meta['result_subcode'] }).toEqual({ path, status: 400, subcode: 12 });
    }
  });

  it('refuses the flag on an endpoint without a union view (a write included) with 400/12, sending nothing', async () => {
    const before = stack.emulators.clearml?.requests.length ?? 0;
    const res = await call('/v2.23/tasks.create?switchyard.sources=all', { name: 'never', type: 'training' });
    expect(res.status).toBe(400);
    expect(res.meta).toMatchObject({ result_code: 400, result_subcode: 12 });
    expect(String(res.meta['result_msg'])).toContain('switchyard.sources');
    expect(stack.emulators.clearml?.requests.length ?? 0).toBe(before);
  });
});

// Last: the failed source may open its circuit breaker for the rest of the file.
describe('a failing source', () => {
  it('leaves Comet out of every union listing and names it in x-switchyard-partial', async () => {
    const cometId = String(rows(await call('/tasks.get_all?switchyard.sources=comet', { page: 0, page_size: 1, only_fields: ['id'] }), 'tasks')[0]?.['id']);
    clock.advance(15 * 60_000);
    stack.emulators.comet?.faults.set([{ status: 503 }]);
    try {
      for (const [endpoint, key] of [['tasks.get_all_ex', 'tasks'], ['projects.get_all', 'projects'], ['models.get_all', 'models']] as const) {
        const res = await call(`/${endpoint}?switchyard.sources=all`, { only_fields: ['id', 'system_tags'] });
        expect({ endpoint, status: res.status, partial: res.headers['x-switchyard-partial'] }).toEqual({ endpoint, status: 200, partial: 'comet' });
        const sources = new Set(rows(res, key).map(sourceOf));
        expect(sources.has('comet')).toBe(false);
        expect(sources.has('clearml')).toBe(true);
      }
      const byId = await call('/tasks.get_by_id?switchyard.sources=all', { task: cometId });
      expect(byId.status).toBe(503);
      expect(byId.meta).toMatchObject({ result_code: 503 });
    } finally {
      stack.emulators.comet?.faults.reset();
    }
  });
});
