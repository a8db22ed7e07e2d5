/**
 * Bad input (issue 4 "Bad input"): missing or unknown experimentKey, bad workspace, non-numeric metric values,
 * oversized HTML or output, multipart without a file, invalid predicates — each answered with Comet's status,
 * `msg` and `sdk_error_code` — plus a sweep of every route with empty and ill-typed parameters that must never
 * produce a 500, and the unverified endpoints (save store, asset tags, RPC, webhooks) answering Comet's 404.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { buildCometSeed, COMET_ROUTES, COMET_SEED_BASE_TIME, type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { call, callJson, type CallOptions, isRecord, multipartBody, records } from './helpers.js';

const API = '/api/rest/v2';
const UNKNOWN = '0123456789abcdef0123456789abcdef';
const seededKey = buildCometSeed().experiments[5]?.key ?? '';

describe('Comet emulator bad input', () => {
  let em: CometEmulator;
  let key = '';
  const expectError = async (path: string, options: CallOptions, status: number, sdk: number): Promise<string> => {
    const res = await callJson(em.url, `${API}${path}`, options);
    expect({ path, status: res.status, keys: Object.keys(res.body).sort(), code: res.body['code'], sdk: res.body['sdk_error_code'] }).toEqual({
      path,
      status,
      keys: ['code', 'msg', 'sdk_error_code'],
      code: status,
      sdk,
    });
    return String(res.body['msg']);
  };
  const post = (json: unknown): CallOptions => ({ method: 'POST', json });

  beforeAll(async () => {
    em = await startCometEmulator({ apiKeys: ['TESTKEY'], clock: new ManualClock(COMET_SEED_BASE_TIME + 300 * 3_600_000), limits: { maxHtmlBytes: 16, maxOutputBytes: 8 } });
    const created = await callJson(em.url, `${API}/write/experiment/create`, post({ workspaceName: 'switchyard', projectName: 'bad-input' }));
    key = String(created.body['experimentKey']);
  });
  afterAll(async () => {
    await em.close();
  });

  it('missing experimentKey → 400 / 90998; unknown → 404 on reads, 400 on writes (90211), on the new endpoints too', async () => {
    for (const path of ['/experiment/html', '/experiment/git/metadata', '/experiment/graph', '/experiment/model']) {
      await expectError(path, {}, 400, 90998);
      await expectError(path, { query: { experimentKey: UNKNOWN } }, 404, 90211);
    }
    await expectError('/write/experiment/stop', {}, 400, 90998);
    await expectError('/write/experiment/stop', { query: { experimentKey: UNKNOWN } }, 400, 90211);
    for (const path of ['/write/experiment/html', '/write/experiment/git/metadata', '/write/experiment/file-path', '/write/experiment/graph']) {
      await expectError(path, post({ experimentKey: UNKNOWN, html: 'x', filePath: 'x', graph: 'x' }), 400, 90211);
      await expectError(path, post({ html: 'x' }), 400, 90998);
    }
    const { body, contentType } = multipartBody([{ name: 'file', filename: 'a', content: 'a' }]);
    await expectError('/write/experiment/upload-asset', { method: 'POST', query: { experimentKey: UNKNOWN }, headers: { 'content-type': contentType }, body }, 400, 90211);
    await expectError('/write/experiment/upload-asset', { method: 'POST', headers: { 'content-type': contentType }, body }, 400, 90998);
  });

  it('bad workspace → 400 / 90219 wherever a workspace is named', async () => {
    await expectError('/registry-model', { query: { workspaceName: 'no-such-team' } }, 400, 90219);
    await expectError('/registry-model/details', { query: { workspaceName: 'no-such-team', modelName: 'm' } }, 400, 90219);
    await expectError('/artifacts/get-all', { query: { workspace: 'no-such-team' } }, 400, 90219);
    await expectError('/project/query', post({ workspaceName: 'no-such-team', projectName: 'p', predicates: [] }), 400, 90219);
    await expectError('/write/project/update', post({ workspaceName: 'no-such-team', projectName: 'p', newProjectName: 'q' }), 400, 90219);
    await expectError('/write/registry-model/notes', post({ workspaceName: 'no-such-team', registryModelName: 'm', notes: '' }), 400, 90219);
  });

  it('non-numeric metric values → 400; numeric strings and non-finite spellings are stored and read back as strings', async () => {
    for (const metricValue of ['abc', '', true, { v: 1 }, [1]]) {
      const msg = await expectError('/write/experiment/metric', post({ experimentKey: key, metricName: 'm', metricValue }), 400, 0);
      expect(msg).toMatch(/^metricValue must be a number/);
    }
    for (const metricValue of ['0.25', 'NaN', 'Infinity', '-inf', 3]) {
      const res = await callJson(em.url, `${API}/write/experiment/metric`, post({ experimentKey: key, metricName: 'm', metricValue }));
      expect(res.status).toBe(200);
    }
    const points = records((await callJson(em.url, `${API}/experiment/metrics/get-metric`, { query: { experimentKey: key, metricName: 'm' } })).body['metrics']);
    expect(points.map((p) => p['metricValue'])).toEqual(['0.25', 'NaN', 'Infinity', '-inf', '3']);
    // Non-finite values never become the min or max.
    const summary = records((await callJson(em.url, `${API}/experiment/metrics/summary`, { query: { experimentKey: key } })).body['values'])[0];
    expect([summary?.['valueMin'], summary?.['valueMax'], summary?.['valueCurrent']]).toEqual(['0.25', '3', '3']);
  });

  it('oversized HTML (after appending) and output → 400 with the sizes in msg; nothing is stored', async () => {
    expect(await expectError('/write/experiment/html', post({ experimentKey: key, html: 'x'.repeat(17) }), 400, 0)).toBe('html is too large: 17 bytes, the limit is 16 bytes');
    expect((await callJson(em.url, `${API}/write/experiment/html`, post({ experimentKey: key, html: 'x'.repeat(10) }))).status).toBe(200);
    await expectError('/write/experiment/html', post({ experimentKey: key, html: 'y'.repeat(7) }), 400, 0);
    expect((await callJson(em.url, `${API}/write/experiment/html`, post({ experimentKey: key, html: 'y'.repeat(16), override: true }))).status).toBe(200);
    const lines = [{ output: 'hello', offset: 1 }, { output: 'world', offset: 2 }];
    expect(await expectError('/write/experiment/output', post({ experimentKey: key, outputLines: lines }), 400, 0)).toBe('outputLines is too large: 10 bytes, the limit is 8 bytes');
    expect((await callJson(em.url, `${API}/experiment/output`, { query: { experimentKey: key } })).body).toEqual({ output: '' });
    await expectError('/write/experiment/html', post({ experimentKey: key }), 400, 0);
  });

  it('upload-asset without a file, without multipart, with an empty body, remote without link, or bad metadata → 400', async () => {
    const up = (query: Record<string, string>, contentType: string, body: string | Buffer): Promise<string> =>
      expectError('/write/experiment/upload-asset', { method: 'POST', query: { experimentKey: key, ...query }, headers: { 'content-type': contentType }, body }, 400, 0);
    const onlyMetadata = multipartBody([{ name: 'metadata', content: '{}' }]);
    expect(await up({ fileName: 'a' }, onlyMetadata.contentType, onlyMetadata.body)).toBe('file is required');
    expect(await up({ fileName: 'a', isRemote: 'true' }, onlyMetadata.contentType, onlyMetadata.body)).toBe('link is required');
    expect(await up({ fileName: 'a' }, 'application/json', '{}')).toBe('upload-asset expects multipart/form-data');
    expect(await up({ fileName: 'a' }, 'multipart/form-data; boundary=zzz', '')).toBe('file is required');
    expect(await up({ fileName: 'a' }, 'multipart/form-data; boundary=zzz', 'garbage')).toBe('Malformed multipart body');
    const withFile = multipartBody([{ name: 'file', filename: 'a', content: 'a' }]);
    await up({ fileName: 'a', metadata: '{not json' }, withFile.contentType, withFile.body);
    await up({ fileName: 'a', step: 'one' }, withFile.contentType, withFile.body);
  });

  it('invalid predicates → 400 "Invalid query: …"', async () => {
    const msg = await expectError('/project/query', post({ workspaceName: 'switchyard', projectName: 'churn', predicates: [{ source: 'params', query: { condition: 'OR', rules: [] } }] }), 400, 0);
    expect(msg).toMatch(/^Invalid query: .*only the AND condition/);
  });

  it('unverified endpoints (save store, asset tags, RPC, webhooks) → Comet 404, before the key check', async () => {
    for (const path of ['/write/experiment/save-store', '/experiment/save-store', '/write/experiment/asset/tags', '/experiment/asset/tags', '/rpc/register-rpc', '/webhooks', '/write/webhook']) {
      await expectError(path, { key: null }, 404, 0);
    }
    const rpc = await call(em.url, '/clientlib/rpc/register-rpc', { method: 'POST', json: {} });
    expect([rpc.statusCode, JSON.parse(rpc.body)]).toEqual([404, { code: 404, msg: 'Not found: POST /clientlib/rpc/register-rpc', sdk_error_code: 0 }]);
  });

  it('never answers 500: every route with no parameters and with ill-typed ones', async () => {
    const fields = [
      'experimentKey', 'workspaceName', 'projectName', 'projectId', 'metricName', 'metricValue', 'parameterName', 'parameterValue', 'key', 'value',
      'html', 'code', 'graph', 'outputLines', 'addedTags', 'filePath', 'registryModelName', 'experimentModelId', 'version', 'stages', 'registryModelId',
      'registryModelItemId', 'modelItemId', 'stage', 'modelName', 'notes', 'artifactName', 'artifactType', 'artifactVersionId', 'state', 'predicates',
      'targetedExperiments', 'metrics', 'name', 'alias', 'versionTags', 'versionMetadata', 'consumerExperimentKey', 'versionId', 'workspace',
      'artifactId', 'artifact_id', 'assetId', 'startTimeMillis', 'endTimeMillis', 'isPublic', 'override', 'newProjectName', 'fetchFull', 'archived', 'step',
    ];
    const bodies: unknown[] = [{}, [], 'text', ...[1, { a: 1 }, [1, 'x'], null, true, ''].map((v) => Object.fromEntries(fields.map((f) => [f, v])))];
    const withKey = (b: unknown): unknown => (isRecord(b as never) ? { ...(b as Record<string, unknown>), experimentKey: seededKey } : b);
    const problems: string[] = [];
    for (const route of COMET_ROUTES) {
      const method = route.methods[0] ?? 'GET';
      const attempts: CallOptions[] = [];
      for (const b of [...bodies, ...bodies.map(withKey)]) {
        if (method === 'GET') {
          const q = isRecord(b as never) ? Object.fromEntries(Object.entries(b as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) : {};
          attempts.push({ method, key: 'TESTKEY', query: q });
        } else {
          attempts.push({ method, key: 'TESTKEY', body: typeof b === 'string' ? b : JSON.stringify(b), headers: { 'content-type': 'application/json' } });
        }
      }
      for (const a of attempts) {
        const res = await call(em.url, `${API}${route.path}`, a);
        if (res.statusCode >= 500) problems.push(`${method} ${route.path} ${JSON.stringify(a.query ?? a.body)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
