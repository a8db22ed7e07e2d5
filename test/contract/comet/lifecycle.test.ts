/**
 * Experiment lifecycle over HTTP with an injected clock: GET-style writes, alive beats and `running`, explicit end
 * times, archive/restore/delete and listings, project and workspace writes, fidelity and auto-created workspaces.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { ALIVE_TIMEOUT_MILLIS, type CometEmulator, type CometEmulatorOptions, startCometEmulator } from '../../../emulators/comet/index.js';
import { callJson, type CallOptions, first, type JsonRecord, records } from './helpers.js';

const API = '/api/rest/v2';
const T0 = Date.parse('2026-11-21T10:00:00.000Z');

describe('Comet emulator lifecycle', () => {
  let em: CometEmulator | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  async function start(options: CometEmulatorOptions = {}): Promise<{ url: string; clock: ManualClock }> {
    const clock = new ManualClock(T0);
    em = await startCometEmulator({ seed: false, apiKeys: ['TESTKEY'], clock, ...options });
    return { url: em.url, clock };
  }
  async function ok(url: string, path: string, options: CallOptions = {}): Promise<JsonRecord> {
    const res = await callJson(url, `${API}${path}`, options);
    expect({ path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path, status: 200, body: 'ok' });
    return res.body;
  }
  async function createIn(url: string, projectName: string, experimentName?: string): Promise<string> {
    const body = await ok(url, '/write/experiment/create', {
      method: 'POST',
      json: { workspaceName: 'switchyard', projectName, ...(experimentName ? { experimentName } : {}) },
    });
    return String(body['experimentKey']);
  }

  it('is running after create and while beats arrive; stops when beats stop; end time = last activity', async () => {
    const { url, clock } = await start();
    const key = await createIn(url, 'p', 'run-1');
    const meta = async (): Promise<JsonRecord> => ok(url, '/experiment/metadata', { query: { experimentKey: key } });
    expect(await meta()).toMatchObject({ running: true, startTimeMillis: T0, endTimeMillis: null, durationMillis: 0, archived: false });

    clock.advance(20_000);
    expect((await ok(url, '/write/experiment/set-status', { query: { experimentKey: key } }))['isAliveBeatDurationMillis']).toBe(10_000);
    clock.advance(ALIVE_TIMEOUT_MILLIS - 1);
    expect(await meta()).toMatchObject({ running: true, endTimeMillis: null, durationMillis: 20_000 + ALIVE_TIMEOUT_MILLIS - 1 });

    clock.advance(1);
    expect(await meta()).toMatchObject({ running: false, endTimeMillis: T0 + 20_000, durationMillis: 20_000 });
  });

  it('an explicit end time ends the run even while beats continue', async () => {
    const { url, clock } = await start();
    const key = await createIn(url, 'p');
    await ok(url, '/write/experiment/set-start-end-time', { method: 'POST', json: { experimentKey: key, startTimeMillis: T0 - 5_000, endTimeMillis: T0 + 1_000 } });
    clock.advance(2_000);
    await ok(url, '/write/experiment/set-status', { query: { experimentKey: key } });
    expect(await ok(url, '/experiment/metadata', { query: { experimentKey: key } })).toMatchObject({
      running: false,
      startTimeMillis: T0 - 5_000,
      endTimeMillis: T0 + 1_000,
      durationMillis: 6_000,
      experimentName: null,
    });
  });

  it('archive / restore / delete work as GET with query parameters and drive /experiments', async () => {
    const { url } = await start();
    const [a, b] = [await createIn(url, 'p', 'a'), await createIn(url, 'p', 'b')];
    const list = async (archived?: boolean): Promise<unknown[]> =>
      records(
        (await ok(url, '/experiments', { query: { workspaceName: 'switchyard', projectName: 'p', ...(archived ? { archived: 'true' } : {}) } }))['experiments'],
      ).map((e) => e['experimentKey']);

    expect(await ok(url, '/write/experiment/archive', { query: { experimentKey: a } })).toEqual({ msg: 'Archived' });
    expect(await list()).toEqual([b]);
    expect(await list(true)).toEqual([a]);
    expect((await ok(url, '/experiment/metadata', { query: { experimentKey: a } }))['archived']).toBe(true);

    await ok(url, '/write/experiment/restore', { query: { experimentKey: a } });
    expect(await list()).toEqual([a, b]);

    await ok(url, '/write/experiment/delete', { query: { experimentKey: b } });
    expect(await list()).toEqual([a]);
    expect((await callJson(url, `${API}/experiment/metadata`, { query: { experimentKey: b } })).status).toBe(404);
  });

  it('creates workspaces (snake_case answer) and projects; refuses to drop a non-empty project unless asked', async () => {
    const { url } = await start();
    const ws = await ok(url, '/write/workspace/new', { method: 'POST', json: { name: 'team-a' } });
    expect(ws).toMatchObject({ msg: 'saved', workspace_name: 'team-a', code: 200 });
    expect(String(ws['workspace_id'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await callJson(url, `${API}/write/workspace/new`, { method: 'POST', json: { name: 'team-a' } })).status).toBe(400);

    const p = await ok(url, '/write/project/create', {
      method: 'POST',
      json: { workspaceName: 'team-a', projectName: 'vision', projectDescription: 'cnn', isPublic: true },
    });
    expect(p).toMatchObject({ projectName: 'vision', projectDescription: 'cnn', workspaceName: 'team-a', numberOfExperiments: 0, public: true });
    expect(await ok(url, '/project', { query: { projectId: String(p['projectId']) } })).toEqual(p);

    await ok(url, '/write/experiment/create', { method: 'POST', json: { workspaceName: 'team-a', projectName: 'vision' } });
    const del = { workspaceName: 'team-a', projectName: 'vision' };
    expect((await callJson(url, `${API}/write/project/delete`, { method: 'POST', json: del })).status).toBe(400);
    await ok(url, '/write/project/delete', { method: 'POST', json: { ...del, deleteAllExperiments: true } });
    expect(await ok(url, '/projects', { query: { workspaceName: 'team-a' } })).toEqual({ projects: [] });
  });

  it('logs metrics with numeric or string values (Java sends strings) and summarises them', async () => {
    const { url } = await start();
    const key = await createIn(url, 'p');
    const log = (json: Record<string, unknown>): Promise<JsonRecord> => ok(url, '/write/experiment/metric', { method: 'POST', json: { experimentKey: key, metricName: 'acc', ...json } });
    await log({ metricValue: 0.5, step: 1, context: 'train', timestamp: T0 + 1 });
    await log({ metricValue: '0.9', step: '2', epoch: 1, context: 'validate', timestamp: T0 + 2 });
    await log({ metricValue: 0.7, step: 3, timestamp: T0 + 3 });
    const summary = first((await ok(url, '/experiment/metrics/summary', { query: { experimentKey: key } }))['values']);
    expect(summary).toMatchObject({ valueMax: '0.9', stepMax: 2, runContextMax: 'validate', valueMin: '0.5', runContextMin: 'train', valueCurrent: '0.7', stepCurrent: 3, runContextCurrent: null });
    const pts = records((await ok(url, '/experiment/metrics/get-metric', { query: { experimentKey: key, metricName: 'acc' } }))['metrics']);
    expect(pts.map((p) => [p['metricValue'], p['step'], p['epoch'], p['runContext']])).toEqual([
      ['0.5', 1, null, 'train'],
      ['0.9', 2, 1, 'validate'],
      ['0.7', 3, null, null],
    ]);
  });

  it('renames through log-other `Name`; the project list follows the activity clock', async () => {
    const { url, clock } = await start();
    const key = await createIn(url, 'p', 'first');
    clock.advance(5_000);
    await ok(url, '/write/experiment/log-other', { method: 'POST', json: { experimentKey: key, key: 'Name', value: 'second' } });
    expect((await ok(url, '/experiment/metadata', { query: { experimentKey: key } }))['experimentName']).toBe('second');
    const project = first((await ok(url, '/projects', { query: { workspaceName: 'switchyard' } }))['projects']);
    expect(project['lastUpdated']).toBe(T0 + 5_000);
  });

  it("fidelity 'documented' answers projects with isPublic + workspaceId instead of public", async () => {
    const { url } = await start({ fidelity: 'documented', seed: true });
    const project = first((await ok(url, '/projects', { query: { workspaceName: 'switchyard' } }))['projects']);
    expect('public' in project).toBe(false);
    expect(project).toMatchObject({ projectName: 'fraud-detection', isPublic: false });
    expect(typeof project['workspaceId']).toBe('string');
  });

  it('autoCreateWorkspaces lets experiment/create use an unknown workspace', async () => {
    const { url } = await start({ autoCreateWorkspaces: true });
    await ok(url, '/write/experiment/create', { method: 'POST', json: { workspaceName: 'adhoc', projectName: 'p' } });
    expect(await ok(url, '/workspaces')).toEqual({ workspaceNames: ['switchyard', 'adhoc'] });
  });
});
