/**
 * The emulator's read responses against every fixture in test/fixtures/comet: same key sets and JSON value types
 * (ids, times and values differ by design). Fields the reference marks nullable may be null on either side.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { buildCometSeed, COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { call, callJson, first, fixture, type JsonRecord, records, shapeDiff } from './helpers.js';

const API = '/api/rest/v2';
const seed = buildCometSeed();
/** j = 1: a finished fraud-detection run that logs without context; j = 0: one that logs train/validate contexts. */
const noContextRun = seed.experiments[1];
const contextRun = seed.experiments[0];

/** Reference §5.3/§5.4/§5.5/§5.7: these fields are `T | null`. */
const NULLABLE: Readonly<Record<string, string>> = {
  experimentName: 'string',
  optimizationId: 'string',
  filePath: 'string',
  fileName: 'string',
  endTimeMillis: 'number',
  step: 'number',
  epoch: 'number',
  runContext: 'string',
  metadata: 'string',
  compressedAssetLink: 'string',
};

describe('Comet emulator read responses match the fixtures', () => {
  const clock = new ManualClock(COMET_SEED_BASE_TIME + 200 * 3_600_000);
  let em: CometEmulator;
  const get = async (path: string, query: Record<string, string> = {}): Promise<JsonRecord> => {
    const res = await callJson(em.url, `${API}${path}`, { key: COMET_DEMO_API_KEY, query });
    expect({ path, status: res.status, type: res.contentType }).toEqual({ path, status: 200, type: 'application/json' });
    return res.body;
  };

  beforeAll(async () => {
    em = await startCometEmulator({ clock });
  });
  afterAll(async () => {
    await em.close();
  });

  it('has the seed runs the comparisons use', () => {
    expect(noContextRun?.metrics.every((m) => m.context === null)).toBe(true);
    expect(contextRun?.metrics.some((m) => m.context === 'train')).toBe(true);
  });

  it('GET /workspaces ~ cometr-get-workspaces.json', async () => {
    const body = await get('/workspaces');
    expect(shapeDiff(fixture('comet/cometr-get-workspaces.json'), body)).toEqual([]);
    expect(body['workspaceNames']).toEqual(['switchyard']);
  });

  it('GET /projects ~ cometr-get-projects.json (key `public`, not `isPublic`)', async () => {
    const body = await get('/projects', { workspaceName: 'switchyard' });
    const fx = fixture('comet/cometr-get-projects.json');
    expect(shapeDiff(fx, body)).toEqual([]);
    for (const p of records(body['projects'])) expect(shapeDiff(first(fx['projects']), p)).toEqual([]);
    expect(records(body['projects']).map((p) => [p['projectName'], p['numberOfExperiments']])).toEqual([
      ['fraud-detection', 38],
      ['churn', 19],
    ]);
  });

  it('GET /project returns the same object unwrapped', async () => {
    const body = await get('/project', { workspaceName: 'switchyard', projectName: 'churn' });
    expect(shapeDiff(first(fixture('comet/cometr-get-projects.json')['projects']), body)).toEqual([]);
  });

  it('GET /experiments ~ cometr-get-experiments.json plus `running` and `throttle` (reference §5.3)', async () => {
    const fx = first(fixture('comet/cometr-get-experiments.json')['experiments']);
    const body = await get('/experiments', { workspaceName: 'switchyard', projectName: 'fraud-detection' });
    const list = records(body['experiments']);
    expect(list).toHaveLength(38);
    for (const e of list) expect(shapeDiff({ ...fx, running: false, throttle: false }, e, NULLABLE)).toEqual([]);
    const meta = await get('/experiment/metadata', { experimentKey: noContextRun?.key ?? '' });
    expect(shapeDiff({ ...fx, running: false, throttle: false }, meta, NULLABLE)).toEqual([]);
  });

  it('GET /project/column-names ~ cometr-get-project-column-names.json', async () => {
    const fx = records(fixture('comet/cometr-get-project-column-names.json')['columns']);
    const body = await get('/project/column-names', { workspaceName: 'switchyard', projectName: 'fraud-detection' });
    const cols = records(body['columns']);
    for (const c of cols) {
      expect(shapeDiff(fx[0] ?? {}, c)).toEqual([]);
      expect(c['id']).toBe(`${String(c['name'])}--${String(c['source'])}`);
    }
    const byId = new Map(cols.map((c) => [c['id'], c]));
    for (const c of fx.filter((x) => x['source'] === 'metadata' || x['name'] === 'Name')) expect(byId.get(c['id'])).toEqual(c);
    expect(byId.get('loss--metrics')).toEqual({ name: 'loss', id: 'loss--metrics', type: 'double', source: 'metrics' });
  });

  it('POST /experiments/multi-metric-chart with no experiments = cometr-post-multi-metric-chart-empty.json', async () => {
    const res = await callJson(em.url, `${API}/experiments/multi-metric-chart`, {
      method: 'POST',
      key: COMET_DEMO_API_KEY,
      json: { targetedExperiments: [], metrics: ['loss'], params: null, fetchFull: false, independentMetrics: true },
    });
    expect(res.body).toEqual(fixture('comet/cometr-post-multi-metric-chart-empty.json'));
  });

  it('POST /experiments/multi-metric-chart with a run returns parallel arrays per metric', async () => {
    const k = noContextRun?.key ?? '';
    const res = await callJson(em.url, `${API}/experiments/multi-metric-chart`, {
      method: 'POST',
      key: COMET_DEMO_API_KEY,
      json: { targetedExperiments: [k], metrics: ['loss'], params: null, fetchFull: true, independentMetrics: true },
    });
    const exp = res.body['experiments'];
    const entry = exp !== null && typeof exp === 'object' && !Array.isArray(exp) ? exp[k] : undefined;
    expect(res.body['empty']).toBe(false);
    const m = first(entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry['metrics'] : undefined);
    expect(Object.keys(m).sort()).toEqual(['durations', 'epochs', 'metricName', 'steps', 'timestamps', 'values']);
    expect(Array.isArray(m['values']) ? m['values'].length : -1).toBe(30);
  });

  it('GET /experiment/metrics/get-metric ~ get-metric-points-no-context.json', async () => {
    const fx = first(fixture('comet/get-metric-points-no-context.json')['metrics']);
    const body = await get('/experiment/metrics/get-metric', { experimentKey: noContextRun?.key ?? '', metricName: 'loss' });
    const pts = records(body['metrics']);
    expect(pts).toHaveLength(30);
    for (const p of pts) expect(shapeDiff(fx, p)).toEqual([]);
  });

  it('GET /experiment/metrics/get-metric without metricName ~ get-metric-points-with-context.json', async () => {
    const fx = first(fixture('comet/get-metric-points-with-context.json')['metrics']);
    const body = await get('/experiment/metrics/get-metric', { experimentKey: contextRun?.key ?? '' });
    const pts = records(body['metrics']);
    expect(new Set(pts.map((p) => p['metricName']))).toEqual(new Set(['loss', 'accuracy']));
    expect(new Set(pts.map((p) => p['runContext']))).toEqual(new Set(['train', 'validate']));
    for (const p of pts) expect(shapeDiff(fx, p, NULLABLE)).toEqual([]);
  });

  it('GET /experiment/metrics/summary ~ metrics-summary-values.json', async () => {
    const fx = fixture('comet/metrics-summary-values.json');
    const body = await get('/experiment/metrics/summary', { experimentKey: contextRun?.key ?? '' });
    expect(shapeDiff(fx, body)).toEqual([]);
    for (const v of records(body['values'])) expect(shapeDiff(first(fx['values']), v)).toEqual([]);
  });

  it('GET /experiment/parameters ~ parameters-summary-values.json', async () => {
    const fx = fixture('comet/parameters-summary-values.json');
    const body = await get('/experiment/parameters', { experimentKey: contextRun?.key ?? '' });
    expect(shapeDiff(fx, body)).toEqual([]);
    const values = records(body['values']);
    for (const v of values) expect(shapeDiff(first(fx['values']), v)).toEqual([]);
    expect(values.map((v) => v['name'])).toEqual(['lr', 'batch_size', 'epochs']);
  });

  it('GET /experiment/log-other ~ log-other-summary-values.json (system key `Name` included)', async () => {
    const fx = fixture('comet/log-other-summary-values.json');
    const body = await get('/experiment/log-other', { experimentKey: contextRun?.key ?? '' });
    expect(shapeDiff(fx, body)).toEqual([]);
    const values = records(body['values']);
    for (const v of values) expect(shapeDiff(first(fx['values']), v)).toEqual([]);
    expect(values.map((v) => [v['name'], v['valueCurrent']])).toEqual([
      ['Name', 'cmt-run-000'],
      ['Created from', 'cometr'],
    ]);
  });

  it('GET /experiment/asset/list?type=image ~ asset-list-images.json (after a multipart upload)', async () => {
    const k = noContextRun?.key ?? '';
    const boundary = 'switchyardBoundary7MA4YWxk';
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="Figure(640x480).svg"',
      'Content-Type: application/octet-stream',
      '',
      svg,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const up = await callJson(em.url, `${API}/write/experiment/upload-asset`, {
      method: 'POST',
      key: COMET_DEMO_API_KEY,
      query: { experimentKey: k, fileName: 'Figure(640x480).svg', type: 'image' },
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(up.status).toBe(200);
    const list = await get('/experiment/asset/list', { experimentKey: k, type: 'image' });
    const fx = fixture('comet/asset-list-images.json');
    expect(shapeDiff(fx, list)).toEqual([]);
    const asset = first(list['assets']);
    expect(shapeDiff(first(fx['assets']), asset, NULLABLE)).toEqual([]);
    expect([asset['fileName'], asset['fileSize'], asset['dir'], asset['image'], asset['assetId']]).toEqual([
      'Figure(640x480).svg',
      svg.length,
      'media',
      true,
      up.body['assetId'],
    ]);
    const raw = await call(em.url, new URL(String(asset['link'])).pathname + new URL(String(asset['link'])).search, { key: COMET_DEMO_API_KEY });
    expect(raw.body).toBe(svg);
  });
});
