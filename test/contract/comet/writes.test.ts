/**
 * The experiment and project writes added for issue 4, each read back through its read endpoint: project update and
 * notes, experiment stop and file path, HTML (append / override), git metadata, graph, and `upload-asset` with its
 * query-string metadata (type, step, context, overwrite, metadata, remote links).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { callJson, type CallOptions, first, type JsonRecord, multipartBody, records } from './helpers.js';

const API = '/api/rest/v2';
const T0 = Date.parse('2026-11-21T10:00:00.000Z');

describe('Comet emulator writes', () => {
  const clock = new ManualClock(T0);
  let em: CometEmulator;
  let key = '';
  const ok = async (path: string, options: CallOptions = {}): Promise<JsonRecord> => {
    const res = await callJson(em.url, `${API}${path}`, options);
    expect({ path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path, status: 200, body: 'ok' });
    return res.body;
  };
  const upload = (query: Record<string, string>, parts: Parameters<typeof multipartBody>[0]): Promise<JsonRecord> => {
    const { body, contentType } = multipartBody(parts);
    return ok('/write/experiment/upload-asset', { method: 'POST', query: { experimentKey: key, ...query }, headers: { 'content-type': contentType }, body });
  };

  beforeAll(async () => {
    em = await startCometEmulator({ seed: false, apiKeys: ['TESTKEY'], clock });
    key = String((await ok('/write/experiment/create', { method: 'POST', json: { workspaceName: 'switchyard', projectName: 'p', experimentName: 'w' } }))['experimentKey']);
  });
  afterAll(async () => {
    await em.close();
  });

  it('write/project/update renames, describes and publishes; write/project/notes ↔ project/notes', async () => {
    const p = await ok('/project', { query: { workspaceName: 'switchyard', projectName: 'p' } });
    clock.advance(1_000);
    const updated = await ok('/write/project/update', {
      method: 'POST',
      json: { workspaceName: 'switchyard', projectName: 'p', newProjectName: 'p2', newProjectDescription: 'renamed', isPublic: true },
    });
    expect(updated).toMatchObject({ projectId: p['projectId'], projectName: 'p2', projectDescription: 'renamed', public: true, numberOfExperiments: 1 });
    expect((await ok('/experiment/metadata', { query: { experimentKey: key } }))['projectName']).toBe('p2');
    await ok('/write/project/update', { method: 'POST', json: { projectId: String(p['projectId']), newProjectName: 'p' } });
    await ok('/write/project/notes', { method: 'POST', json: { projectId: String(p['projectId']), notes: '# notes' } });
    expect(await ok('/project/notes', { query: { projectId: String(p['projectId']) } })).toEqual({ notes: '# notes' });
    const long = await callJson(em.url, `${API}/write/project/update`, { method: 'POST', json: { projectId: String(p['projectId']), newProjectName: 'x'.repeat(100) } });
    expect([long.status, long.body['sdk_error_code']]).toEqual([400, 1341241]);
  });

  it('write/experiment/file-path sets filePath and fileName', async () => {
    await ok('/write/experiment/file-path', { method: 'POST', json: { experimentKey: key, filePath: '/srv/jobs/train_model.py' } });
    expect(await ok('/experiment/metadata', { query: { experimentKey: key } })).toMatchObject({ filePath: '/srv/jobs/train_model.py', fileName: 'train_model.py' });
  });

  it('write/experiment/html appends unless override; experiment/html reads it', async () => {
    expect(await ok('/experiment/html', { query: { experimentKey: key } })).toEqual({ html: null });
    await ok('/write/experiment/html', { method: 'POST', json: { experimentKey: key, html: '<b>a</b>', override: false, timestamp: T0 } });
    await ok('/write/experiment/html', { method: 'POST', json: { experimentKey: key, html: '<i>b</i>' } });
    expect(await ok('/experiment/html', { query: { experimentKey: key } })).toEqual({ html: '<b>a</b><i>b</i>' });
    await ok('/write/experiment/html', { method: 'POST', json: { experimentKey: key, html: '<p>c</p>', override: true } });
    expect(await ok('/experiment/html', { query: { experimentKey: key } })).toEqual({ html: '<p>c</p>' });
  });

  it('write/experiment/git/metadata ↔ experiment/git/metadata; write/experiment/graph ↔ experiment/graph', async () => {
    expect(await ok('/experiment/git/metadata', { query: { experimentKey: key } })).toEqual({ user: null, root: null, branch: null, parent: null, origin: null });
    const git = { user: 'ada', root: '/repo', branch: 'main', parent: 'a1b2c3', origin: 'git@example.com:org/repo.git' };
    await ok('/write/experiment/git/metadata', { method: 'POST', json: { experimentKey: key, ...git } });
    await ok('/write/experiment/git/metadata', { method: 'POST', json: { experimentKey: key, branch: 'feature' } });
    expect(await ok('/experiment/git/metadata', { query: { experimentKey: key } })).toEqual({ ...git, branch: 'feature' });
    await ok('/write/experiment/graph', { method: 'POST', json: { experimentKey: key, graph: 'Linear(4, 2)' } });
    expect(await ok('/experiment/graph', { query: { experimentKey: key } })).toEqual({ graph: 'Linear(4, 2)' });
  });

  it('upload-asset takes fileName, type, step, context, overwrite and metadata from the query (or a metadata part); remote links', async () => {
    const a = await upload({ fileName: 'cm.json', type: 'confusion-matrix', step: '3', epoch: '1', context: 'validate', metadata: '{"k":1}' }, [{ name: 'file', filename: 'x', content: '{}' }]);
    const b = await upload({ fileName: 'cm.json', type: 'confusion-matrix', step: '4', overwrite: 'true' }, [
      { name: 'file', filename: 'x', content: '{"n":2}' },
      { name: 'metadata', content: '{"k":2}' },
    ]);
    await upload({ fileName: 'data.csv', isRemote: 'true' }, [{ name: 'link', content: 's3://bucket/data.csv' }]);
    const list = records((await ok('/experiment/asset/list', { query: { experimentKey: key } }))['assets']);
    expect(list.map((x) => [x['assetId'], x['fileName'], x['type'], x['step'], x['runContext'], x['metadata'], x['fileSize']])).toEqual([
      [b['assetId'], 'cm.json', 'confusion-matrix', 4, null, '{"k":2}', 7],
      [list[1]?.['assetId'], 'data.csv', 'asset', null, null, null, 0],
    ]);
    expect(a['assetId']).not.toBe(b['assetId']);
    expect(list[1]?.['link']).toBe('s3://bucket/data.csv');
    expect(first((await ok('/experiment/asset/list', { query: { experimentKey: key, type: 'confusion-matrix' } }))['assets'])['assetId']).toBe(b['assetId']);
  });

  it('GET /write/experiment/stop → {"msg":"Stop Requested"}; the run ends now and beats do not revive it', async () => {
    clock.advance(5_000);
    expect((await ok('/experiment/metadata', { query: { experimentKey: key } }))['running']).toBe(true);
    expect(await ok('/write/experiment/stop', { query: { experimentKey: key } })).toEqual({ msg: 'Stop Requested' });
    await ok('/write/experiment/set-status', { query: { experimentKey: key } });
    expect(await ok('/experiment/metadata', { query: { experimentKey: key } })).toMatchObject({ running: false, endTimeMillis: clock.now() });
    expect(await ok('/write/experiment/stop', { query: { experimentKey: key } })).toEqual({ msg: 'Stop Requested' });
  });
});
