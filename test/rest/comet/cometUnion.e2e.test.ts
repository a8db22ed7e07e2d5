/**
 * The /comet mount's union view (DESIGN §6, issue 9 item 2): with `switchyard.sources`, Comet's read routes
 * list every tracker's objects in Comet's shapes, with the fields cometr and the Java SDK read
 * (reference/clients.md, reference/comet.md §5), answer by-id routes for other trackers' global ids,
 * refuse parameters outside each route's declared subset in Comet's error shape, and name a failed
 * source in `x-switchyard-partial` while answering with the others.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { ManualClock, systemClock } from '../../../emulators/shared/index.js';
import { type Stack, startStack } from '../../helpers/stack.js';

type Obj = Record<string, unknown>;

const clock = new ManualClock(Date.now());
let stack: Stack;
let base: string;
beforeAll(async () => {
  // The manual clock lets the failure test start with cold caches (the emulators keep real time).
  stack = await startStack({ clock, emulatorClock: systemClock, trackers: ['clearml', 'comet', 'mlconnector'] });
  base = `${stack.gateway.url}/comet/api/rest/v2`;
});
afterAll(async () => {
  await stack.close();
});

async function call(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Obj; headers: Record<string, string | string[] | undefined> }> {
  const res = await got(`${base}${path}`, { headers: { authorization: 'any-key', ...headers }, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: res.statusCode, body: JSON.parse(res.body) as Obj, headers: res.headers };
}

const ALL = 'switchyard.sources=all';
/** ExperimentMetadata keys (reference/comet.md §5.3, as the emulator writes them for unthrottled runs). */
const EXPERIMENT_KEYS = ['archived', 'durationMillis', 'endTimeMillis', 'experimentKey', 'experimentName', 'fileName', 'filePath', 'optimizationId', 'projectId', 'projectName', 'running', 'startTimeMillis', 'throttle', 'workspaceName'];

describe('/comet union view: lists', () => {
  it('lists workspaces: the Comet source\'s own and one per other source', async () => {
    const res = await call(`/workspaces?${ALL}`);
    expect(res.status).toBe(200);
    expect(res.body['workspaceNames']).toEqual(expect.arrayContaining(['switchyard', 'clearml', 'mlconnector']));
    expect(res.headers['x-switchyard-partial']).toBeUndefined();
  });

  it('lists projects of ClearML and Comet as Comet RestProjects, filtered by workspaceName', async () => {
    const res = await call(`/projects?${ALL}`);
    expect(res.status).toBe(200);
    const projects = res.body['projects'] as Obj[];
    for (const p of projects) {
      expect(p).toMatchObject({ projectId: expect.any(String), projectName: expect.any(String), workspaceName: expect.any(String), numberOfExperiments: expect.any(Number), public: false, isPublic: false });
    }
    expect(projects.map((p) => p['workspaceName'])).toEqual(expect.arrayContaining(['clearml', 'switchyard']));
    expect(projects).toContainEqual(expect.objectContaining({ projectId: 'clearml:project:churn', projectName: 'churn', workspaceName: 'clearml' }));
    expect(projects).toContainEqual(expect.objectContaining({ projectId: 'comet:project:switchyard/churn', projectName: 'churn', workspaceName: 'switchyard' }));

    const clearml = await call(`/projects?workspaceName=clearml&${ALL}`);
    expect((clearml.body['projects'] as Obj[]).every((p) => p['workspaceName'] === 'clearml')).toBe(true);
  });

  it('lists experiments of every tracker in ExperimentMetadata shape; other trackers carry global ids', async () => {
    const res = await call(`/experiments`, { 'x-switchyard-sources': 'all' });
    expect(res.status).toBe(200);
    const experiments = res.body['experiments'] as Obj[];
    for (const e of experiments) expect(Object.keys(e).sort()).toEqual(EXPERIMENT_KEYS);
    const clearml = experiments.filter((e) => String(e['experimentKey']).startsWith('clearml:task:'));
    const comet = experiments.filter((e) => /^[0-9a-f]{32}$/.test(String(e['experimentKey'])));
    expect(clearml.length).toBeGreaterThan(0);
    expect(comet.length).toBeGreaterThan(0);
    expect(clearml.length + comet.length).toBe(experiments.length);
    expect(clearml[0]).toMatchObject({ workspaceName: 'clearml', projectId: expect.stringMatching(/^clearml:project:/), running: expect.any(Boolean), archived: false, startTimeMillis: expect.any(Number) });
    expect(comet[0]).toMatchObject({ workspaceName: 'switchyard', projectId: expect.stringMatching(/^comet:project:switchyard\//), fileName: 'train.py' });
    // archived=false is Comet's default: archived experiments stay out.
    expect(experiments.every((e) => e['archived'] === false)).toBe(true);
  });

  it('lists one project\'s experiments by its projectId, or by workspaceName and projectName', async () => {
    const byId = await call(`/experiments?projectId=${encodeURIComponent('clearml:project:churn')}&${ALL}`);
    const ids = (byId.body['experiments'] as Obj[]).map((e) => e['experimentKey']);
    expect(ids.length).toBeGreaterThan(0);
    expect((byId.body['experiments'] as Obj[]).every((e) => e['projectName'] === 'churn' && e['workspaceName'] === 'clearml')).toBe(true);
    const byName = await call(`/experiments?workspaceName=clearml&projectName=churn&${ALL}`);
    expect((byName.body['experiments'] as Obj[]).map((e) => e['experimentKey'])).toEqual(ids);
    const comet = await call(`/experiments?projectId=${encodeURIComponent('comet:project:switchyard/churn')}&${ALL}`);
    expect((comet.body['experiments'] as Obj[]).length).toBeGreaterThan(0);
    expect((comet.body['experiments'] as Obj[]).every((e) => e['workspaceName'] === 'switchyard' && e['projectName'] === 'churn')).toBe(true);
  });

  it('keeps to the sources listed in switchyard.sources', async () => {
    const res = await call('/experiments?switchyard.sources=clearml');
    const experiments = res.body['experiments'] as Obj[];
    expect(experiments.length).toBeGreaterThan(0);
    expect(experiments.every((e) => String(e['experimentKey']).startsWith('clearml:task:'))).toBe(true);
  });

  it('lists registry models of Comet, ClearML and MLConnector as RegistryModelOverviews', async () => {
    const res = await call(`/registry-model?${ALL}`);
    expect(res.status).toBe(200);
    const models = res.body['registryModels'] as Obj[];
    for (const m of models) {
      expect(m).toMatchObject({ registryModelId: expect.any(String), modelName: expect.any(String), numberOfVersions: expect.any(Number), latestVersion: expect.objectContaining({ registryModelItemId: expect.any(String), stages: expect.any(Array) }) });
    }
    const ids = models.map((m) => String(m['registryModelId']));
    expect(ids.some((id) => id.startsWith('clearml:model:'))).toBe(true);
    expect(ids.some((id) => id.startsWith('mlconnector:model:'))).toBe(true);
    // Comet's own registry models keep Comet's ids, with the experiment they were registered from.
    const own = await call(`/registry-model?workspaceName=switchyard&${ALL}`);
    const comet = own.body['registryModels'] as Obj[];
    expect(comet.length).toBeGreaterThan(0);
    for (const m of comet) {
      expect(m['registryModelId']).not.toContain(':');
      expect(m['latestVersion']).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), experimentModel: { experimentKey: expect.stringMatching(/^[0-9a-f]{32}$/), experimentModelId: expect.any(String), modelName: expect.any(String) } });
    }
  });
});

describe('/comet union view: by id', () => {
  let clearmlKey: string;
  beforeAll(async () => {
    const res = await call(`/experiments?workspaceName=clearml&${ALL}`);
    clearmlKey = String((res.body['experiments'] as Obj[])[0]?.['experimentKey']);
  });

  it('answers /experiment/metadata for a ClearML task\'s global id', async () => {
    expect(clearmlKey).toMatch(/^clearml:task:[0-9a-f]{32}$/);
    const res = await call(`/experiment/metadata?experimentKey=${encodeURIComponent(clearmlKey)}&${ALL}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(EXPERIMENT_KEYS);
    expect(res.body).toMatchObject({ experimentKey: clearmlKey, workspaceName: 'clearml', experimentName: expect.any(String) });
  });

  it('answers the metrics summary and parameters with Comet\'s string values', async () => {
    const metrics = await call(`/experiment/metrics/summary?experimentKey=${encodeURIComponent(clearmlKey)}&${ALL}`);
    expect(metrics.status).toBe(200);
    const values = metrics.body['values'] as Obj[];
    expect(values.length).toBeGreaterThan(0);
    // cometr's recording reads name, valueMax, valueMin, valueCurrent, stepCurrent, timestampCurrent.
    for (const v of values) expect(v).toMatchObject({ name: expect.any(String), valueCurrent: expect.stringMatching(/^-?[\d.e+-]+$/), valueMax: expect.any(String), valueMin: expect.any(String) });
    expect(values.every((v) => 'stepCurrent' in v && 'timestampCurrent' in v)).toBe(true);

    const params = await call(`/experiment/parameters?experimentKey=${encodeURIComponent(clearmlKey)}&${ALL}`);
    expect(params.status).toBe(200);
    const ps = params.body['values'] as Obj[];
    expect(ps.length).toBeGreaterThan(0);
    // ClearML's sections prefix the name, as the ClearML SDK writes them (`General/lr`, `Args/data_path`).
    for (const p of ps) expect(p).toMatchObject({ name: expect.stringMatching(/^[^/]+\/./), valueCurrent: expect.any(String), editable: false });
  });

  it('answers a Comet key of the mount\'s own source, and Comet\'s 404 for an unknown id', async () => {
    const comet = await call(`/experiments?workspaceName=switchyard&${ALL}`);
    const key = String((comet.body['experiments'] as Obj[])[0]?.['experimentKey']);
    const res = await call(`/experiment/metadata?experimentKey=${key}&${ALL}`);
    expect(res.body).toMatchObject({ experimentKey: key, workspaceName: 'switchyard' });
    const missing = await call(`/experiment/metadata?experimentKey=${encodeURIComponent('clearml:task:00000000000000000000000000000000')}&${ALL}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 404, msg: expect.any(String), sdk_error_code: 90211 });
  });

  it('answers 400/90998 without experimentKey, as Comet does', async () => {
    const res = await call(`/experiment/parameters?${ALL}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 400, msg: 'experimentKey is required', sdk_error_code: 90998 });
  });
});

describe('/comet union view: refusals', () => {
  it('answers Comet\'s 400 naming a parameter outside the route\'s subset', async () => {
    const res = await call(`/experiments?projectId=${encodeURIComponent('clearml:project:churn')}&offset=10&${ALL}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 400, msg: expect.stringContaining('offset'), sdk_error_code: 0 });
    const ws = await call('/workspaces?workspaceName=x', { 'x-switchyard-sources': 'all' });
    expect(ws.status).toBe(400);
    expect(String(ws.body['msg'])).toContain('workspaceName');
  });

  it('refuses the flag on a route the union view does not render, rather than pass it through', async () => {
    const res = await call(`/experiment/log-other?experimentKey=abc&${ALL}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 400, sdk_error_code: 0 });
  });

  it('passes calls without the flag through to Comet as before', async () => {
    const res = await call('/workspaces');
    expect(res.body).toEqual({ workspaceNames: expect.arrayContaining(['switchyard']) });
    expect((res.body['workspaceNames'] as string[]).includes('clearml')).toBe(false);
  });
});

describe('/comet union view with a source down', () => {
  it('answers with the other trackers and names the failed one in x-switchyard-partial', async () => {
    // Past every cache TTL, so ClearML is really asked.
    clock.advance(15 * 60_000);
    stack.emulators.clearml?.faults.set([{ status: 503 }]);
    try {
      const res = await call(`/experiments?${ALL}`);
      expect(res.status).toBe(200);
      expect(res.headers['x-switchyard-partial']).toBe('clearml');
      const experiments = res.body['experiments'] as Obj[];
      expect(experiments.length).toBeGreaterThan(0);
      expect(experiments.every((e) => /^[0-9a-f]{32}$/.test(String(e['experimentKey'])))).toBe(true);

      const models = await call(`/registry-model?${ALL}`);
      expect(models.status).toBe(200);
      expect(models.headers['x-switchyard-partial']).toBe('clearml');
      expect((models.body['registryModels'] as Obj[]).some((m) => String(m['registryModelId']).startsWith('mlconnector:model:'))).toBe(true);
    } finally {
      stack.emulators.clearml?.faults.reset();
    }
  });
});
