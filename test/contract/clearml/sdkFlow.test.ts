/**
 * Replays the requests the ClearML Python SDK 1.17.0 sent during `Task.init → connect → report_scalar
 * → close` (test/fixtures/clearml/clients/*.jsonl) against the emulator over HTTP: same method, path,
 * headers and body, with the recorded project/task ids and token swapped for the emulator's.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ClearMLEmulator, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { jwtClaims, replaySdkFlow } from '../../helpers/clearmlSdkReplay.js';
import { BASIC_AUTH, isObj, type Obj, send } from './clearmlHttp.js';

/**
 * Keys the recording server answered with that the real server does not return: `projects.create`
 * answers only `{id}` (schema + service code); the recorder added `created`. See the fixtures README.
 */
const NOT_RETURNED_BY_REAL_SERVER: Readonly<Record<string, readonly string[]>> = { 'projects.create': ['created'] };

/** The response minimums the SDK needs (clients.md, "Response fields the SDK actually needs"). */
function checkSdkMinimums(endpoint: string, data: Obj): void {
  if (endpoint === 'auth.login') {
    const claims = jwtClaims(String(data['token']));
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
  const { calls } = await replaySdkFlow(em.url, file, BASIC_AUTH);
  for (const c of calls) {
    expect({ seq: c.seq, endpoint: c.endpoint, status: c.status, msg: c.meta['result_msg'] }).toEqual({ seq: c.seq, endpoint: c.endpoint, status: 200, msg: 'OK' });
    for (const k of ['id', 'trx', 'endpoint', 'result_code', 'result_msg']) expect(c.meta[k]).toBeDefined();
    const skip = NOT_RETURNED_BY_REAL_SERVER[c.endpoint] ?? [];
    expect(Object.keys(c.data)).toEqual(expect.arrayContaining(c.recordedKeys.filter((k) => !skip.includes(k))));
    checkSdkMinimums(c.endpoint, c.data);
  }
  return calls.map((c) => c.endpoint);
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
