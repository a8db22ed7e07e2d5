/**
 * Replays the requests the ClearML Python SDK 1.17.0 sent during `Task.init → connect → report_scalar
 * → close` (test/fixtures/clearml/clients/*.jsonl) against the emulator over HTTP: same method, path,
 * headers and body, with the recorded project/task ids and token swapped for the emulator's.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ClearMLEmulator, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { BASIC_AUTH, isObj, type Obj, readLines, send } from './clearmlHttp.js';

/**
 * Keys the recording server answered with that the real server does not return: `projects.create`
 * answers only `{id}` (schema + service code); the recorder added `created`. See the fixtures README.
 */
const NOT_RETURNED_BY_REAL_SERVER: Readonly<Record<string, readonly string[]>> = { 'projects.create': ['created'] };

function decodeJwtPayload(token: string): Obj {
  const part = token.split('.')[1] ?? '';
  const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!isObj(v)) throw new Error('JWT payload is not an object');
  return v;
}

/** The response minimums the SDK needs (clients.md, "Response fields the SDK actually needs"). */
function checkSdkMinimums(endpoint: string, data: Obj): void {
  if (endpoint === 'auth.login') {
    const claims = decodeJwtPayload(String(data['token']));
    expect(typeof claims['exp']).toBe('number');
    expect(claims['api_version']).toBe('2.34');
    expect(claims).toMatchObject({ server_version: '2.3.0', feature_set: 'basic' });
    expect(isObj(claims['identity'])).toBe(true);
  }
  if (endpoint === 'tasks.get_by_id') {
    const task = data['task'];
    expect(isObj(task) && ['id', 'project', 'status'].every((k) => typeof task[k] === 'string')).toBe(true);
  }
  if (endpoint === 'projects.get_by_id') {
    const p = data['project'];
    if (!isObj(p)) throw new Error('no project');
    for (const k of ['id', 'name', 'basename', 'description', 'created', 'user', 'company']) expect(typeof p[k]).toBe('string');
    expect(Array.isArray(p['tags']) && Array.isArray(p['system_tags'])).toBe(true);
  }
  if (endpoint === 'tasks.get_all') {
    const tasks = data['tasks'];
    expect(Array.isArray(tasks)).toBe(true);
    for (const t of Array.isArray(tasks) ? tasks : []) expect(isObj(t) && typeof t['id'] === 'string' && typeof t['status'] === 'string').toBe(true);
  }
}

async function replay(em: ClearMLEmulator, file: string): Promise<string[]> {
  const records = readLines(`clients/${file}`);
  const ids = new Map<string, string>();
  let token = '';
  const seen: string[] = [];
  const recordedTaskCreate = records.find((r) => r['endpoint'] === 'tasks.create');
  const recordedProject = isObj(recordedTaskCreate?.['body']) ? String(recordedTaskCreate['body']['project']) : '';
  let recordedTask: string | undefined;
  for (const rec of records) {
    const endpoint = String(rec['endpoint']);
    const recordedBody = rec['body'];
    if (recordedTask === undefined && seen.includes('tasks.create') && isObj(recordedBody) && typeof recordedBody['task'] === 'string') {
      recordedTask = recordedBody['task'];
      ids.set(recordedTask, ids.get('@task') ?? '');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(isObj(rec['hdr']) ? rec['hdr'] : {})) headers[k] = String(v);
    headers['authorization'] = String(rec['auth']).startsWith('Basic') ? BASIC_AUTH : `Bearer ${token}`;
    const ctype = String(rec['ctype'] ?? '');
    if (ctype) headers['content-type'] = ctype;
    const body = substitute(recordedBody, ids);
    const res = await send(em.url, String(rec['path']), {
      method: String(rec['method']) === 'POST' ? 'POST' : 'GET',
      headers,
      ...(ctype === 'application/json-lines' ? { lines: Array.isArray(body) ? body : [body] } : body === null ? {} : { json: body }),
    });
    expect({ seq: rec['seq'], endpoint, status: res.status, msg: res.meta['result_msg'] }).toEqual({ seq: rec['seq'], endpoint, status: 200, msg: 'OK' });
    for (const k of ['id', 'trx', 'endpoint', 'result_code', 'result_msg']) expect(res.meta[k]).toBeDefined();
    const expectedKeys = (Array.isArray(rec['resp_data_keys']) ? rec['resp_data_keys'] : []).map(String);
    const skip = NOT_RETURNED_BY_REAL_SERVER[endpoint] ?? [];
    expect(Object.keys(res.data)).toEqual(expect.arrayContaining(expectedKeys.filter((k) => !skip.includes(k))));
    checkSdkMinimums(endpoint, res.data);
    if (endpoint === 'auth.login') token = String(res.data['token']);
    if (endpoint === 'projects.get_all' && Array.isArray(res.data['projects'])) {
      const first = res.data['projects'][0];
      if (isObj(first)) ids.set(recordedProject, String(first['id']));
    }
    if (endpoint === 'projects.create') ids.set(recordedProject, String(res.data['id']));
    if (endpoint === 'tasks.create') ids.set('@task', String(res.data['id']));
    seen.push(endpoint);
  }
  return seen;
}

function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (value === null || value === undefined) return null;
  let text = JSON.stringify(value);
  for (const [from, to] of ids) if (from && to && !from.startsWith('@')) text = text.split(from).join(to);
  return JSON.parse(text) as unknown;
}

describe('ClearML SDK 1.17.0 recorded task flow', () => {
  let em: ClearMLEmulator | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  it('replays the default-config flow (creates the project, polls status) with 200 everywhere', async () => {
    em = await startClearMLEmulator({ seed: false });
    const seen = await replay(em, 'clearml-sdk-1.17.0.task-flow.default-config.jsonl');
    expect(seen).toHaveLength(31);
    const [task] = em.store.listTasks();
    expect(task).toMatchObject({ name: 't', status: 'completed', system_tags: ['development'] });
    expect(JSON.stringify(task?.['hyperparams'])).toContain('"value":"0.1"');
    expect(task?.['last_iteration']).toBe(1);
  });

  it('replays the test-config flow against an existing project "p"', async () => {
    em = await startClearMLEmulator({ seed: false });
    // The recorded run found project "p" from an earlier run (no projects.create in this file).
    const created = await send(em.url, '/v2.23/projects.create', { json: { name: 'p', description: '' } });
    expect(created.status).toBe(200);
    const seen = await replay(em, 'clearml-sdk-1.17.0.task-flow.jsonl');
    expect(seen).toHaveLength(22);
    const events = em.store.listEvents(String(em.store.listTasks()[0]?.['id']));
    expect(events.some((e) => e['type'] === 'training_stats_scalar' && e['value'] === 0.5)).toBe(true);
  });
});
