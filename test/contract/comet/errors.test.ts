/**
 * Error shapes over HTTP: every failure is `{"code","msg","sdk_error_code"}` with a JSON content type, with the
 * statuses and codes chosen in emulators/comet/README.md ("Errors").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { ManualClock } from '../../../emulators/shared/index.js';
import { COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { callJson, type CallOptions } from './helpers.js';

const API = '/api/rest/v2';
const UNKNOWN_KEY = '0123456789abcdef0123456789abcdef';

describe('Comet emulator errors', () => {
  let em: CometEmulator;
  const expectError = async (path: string, options: CallOptions, status: number, sdk: number): Promise<string> => {
    const res = await callJson(em.url, path, { key: COMET_DEMO_API_KEY, ...options });
    expect(res.contentType).toBe('application/json');
    expect(Object.keys(res.body).sort()).toEqual(['code', 'msg', 'sdk_error_code']);
    expect([res.status, res.body['code'], res.body['sdk_error_code']]).toEqual([status, status, sdk]);
    expect(typeof res.body['msg']).toBe('string');
    return String(res.body['msg']);
  };

  beforeAll(async () => {
    em = await startCometEmulator({ clock: new ManualClock(COMET_SEED_BASE_TIME + 200 * 3_600_000) });
  });
  afterAll(async () => {
    await em.close();
  });

  it('missing API key → 401 apiKeyNotRegistered (90212)', async () => {
    await expectError(`${API}/workspaces`, { key: null }, 401, 90212);
  });

  it('wrong API key → 401 apiKeyNotRegistered (90212); `Bearer <key>` is not the key', async () => {
    await expectError(`${API}/workspaces`, { key: 'not-a-key' }, 401, 90212);
    await expectError(`${API}/workspaces`, { key: `Bearer ${COMET_DEMO_API_KEY}` }, 401, 90212);
  });

  it('accepts the Java SDK header Comet-Sdk-Api instead of Authorization', async () => {
    const res = await callJson(em.url, `${API}/account-details`, { key: null, headers: { 'comet-sdk-api': COMET_DEMO_API_KEY } });
    expect(res).toEqual({ status: 200, contentType: 'application/json', body: { userName: 'switchyard', defaultWorkspaceName: 'switchyard' } });
  });

  it('missing experimentKey → 400 experimentKeyNotSpecified (90998) on reads and writes', async () => {
    await expectError(`${API}/experiment/metadata`, {}, 400, 90998);
    await expectError(`${API}/write/experiment/metric`, { method: 'POST', json: { metricName: 'loss', metricValue: 1 } }, 400, 90998);
    await expectError(`${API}/write/experiment/set-status`, {}, 400, 90998);
  });

  it('unknown experiment → nonExistingRun (90211): 404 on reads, 400 on writes', async () => {
    const msg = await expectError(`${API}/experiment/metadata`, { query: { experimentKey: UNKNOWN_KEY } }, 404, 90211);
    expect(msg).toContain(UNKNOWN_KEY);
    await expectError(`${API}/experiment/metrics/summary`, { query: { experimentKey: UNKNOWN_KEY } }, 404, 90211);
    await expectError(`${API}/write/experiment/tags`, { method: 'POST', json: { experimentKey: UNKNOWN_KEY, addedTags: ['x'] } }, 400, 90211);
    await expectError(`${API}/write/experiment/archive`, { query: { experimentKey: UNKNOWN_KEY } }, 400, 90211);
  });

  it('unknown path → 404 in the Comet shape, before any key check', async () => {
    await expectError(`${API}/no/such/endpoint`, {}, 404, 0);
    await expectError(`${API}/no/such/endpoint`, { key: null }, 404, 0);
    await expectError('/api/rest/v1/experiments', {}, 404, 0);
  });

  it('documented but unemulated endpoint → 501 with the exact message', async () => {
    const res = await callJson(em.url, `${API}/write/experiment/move`, { key: COMET_DEMO_API_KEY, method: 'POST', json: { experimentKeys: [UNKNOWN_KEY] } });
    expect(res.status).toBe(501);
    expect(res.body).toEqual({ code: 501, msg: `Not implemented by the Switchyard Comet emulator: ${API}/write/experiment/move`, sdk_error_code: 0 });
    await expectError(`${API}/registry-model/latest_version`, { query: { workspaceName: 'switchyard', modelName: 'fraud-classifier' } }, 501, 0);
    await expectError(`${API}/template/abc/download`, {}, 501, 0);
    await expectError(`${API}/registry-model/latest_version`, { key: null }, 401, 90212);
  });

  it('wrong method → 405', async () => {
    await expectError(`${API}/write/experiment/create`, {}, 405, 0);
    await expectError(`${API}/workspaces`, { method: 'POST', json: {} }, 405, 0);
  });

  it('unknown workspace → 400 nonExistingTeam (90219); missing project name → 98219', async () => {
    await expectError(`${API}/write/experiment/create`, { method: 'POST', json: { workspaceName: 'nope', projectName: 'p' } }, 400, 90219);
    await expectError(`${API}/projects`, { query: { workspaceName: 'nope' } }, 400, 90219);
    await expectError(`${API}/projects`, {}, 400, 90219);
    await expectError(`${API}/write/experiment/create`, { method: 'POST', json: { workspaceName: 'switchyard' } }, 400, 98219);
  });

  it('unknown project → 404; too long a project name → 1341241', async () => {
    await expectError(`${API}/experiments`, { query: { workspaceName: 'switchyard', projectName: 'nope' } }, 404, 0);
    await expectError(`${API}/project`, { query: { projectId: UNKNOWN_KEY } }, 404, 0);
    const long = 'p'.repeat(100);
    await expectError(`${API}/write/project/create`, { method: 'POST', json: { workspaceName: 'switchyard', projectName: long } }, 400, 1341241);
  });

  it('malformed bodies and values → 400', async () => {
    await expectError(`${API}/write/experiment/create`, { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } }, 400, 0);
    await expectError(`${API}/write/experiment/create`, { method: 'POST', body: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 0);
    const created = await callJson(em.url, `${API}/write/experiment/create`, {
      key: COMET_DEMO_API_KEY,
      method: 'POST',
      json: { workspaceName: 'switchyard', projectName: 'churn' },
    });
    const experimentKey = String(created.body['experimentKey']);
    await expectError(`${API}/write/experiment/metric`, { method: 'POST', json: { experimentKey, metricName: 'loss' } }, 400, 0);
    await expectError(`${API}/write/experiment/metric`, { method: 'POST', json: { experimentKey, metricName: 'loss', metricValue: 1, step: 'x' } }, 400, 0);
    await expectError(`${API}/write/experiment/tags`, { method: 'POST', json: { experimentKey, addedTags: [1] } }, 400, 0);
  });

  it('an injected fault still reaches the client unchanged', async () => {
    em.faults.add({ match: '/workspaces', status: 503, times: 1 });
    const res = await callJson(em.url, `${API}/account-details`, { key: COMET_DEMO_API_KEY });
    expect(res.status).toBe(200);
    const faulted = await got(`${em.url}${API}/workspaces`, { headers: { authorization: COMET_DEMO_API_KEY }, throwHttpErrors: false, retry: { limit: 0 } });
    expect(faulted.statusCode).toBe(503);
  });
});
