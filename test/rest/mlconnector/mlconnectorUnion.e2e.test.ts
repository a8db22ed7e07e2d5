/**
 * The union view on /mlconnector (issue 9 item 2): with `?switchyard.sources=all` or
 * `X-Switchyard-Sources`, `/model/all`, `/model/search`, `/deployment/all` and
 * `/deployment/get/status/{id}` answer with every tracker's models and deployments in MLConnector's shapes
 * (the drift dashboard reads `modelid` of each `/model/all` item). The mount's own rows keep MLConnector's
 * ids and objects; the others carry their global ids, which the by-id status route accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { ManualClock, systemClock } from '../../../emulators/shared/index.js';
import { type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
// The clock lets the partial-answer test start with cold source caches.
const clock = new ManualClock(Date.now());
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MLMODEL_KEYS = ['modelname', 'modelkind', 'hyperparameter', 'modelperformance', 'trainingresource', 'runresource', 'featurelist', 'inference', 'modeltags', 'drift_detection', 'modelid'];

beforeAll(async () => {
  stack = await startStack({ clock, emulatorClock: systemClock });
});
afterAll(async () => {
  await stack.close();
});

async function get(path: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') {
  const res = await got(`${stack.gateway.url}/mlconnector${path}`, { method, headers, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(res.body) as unknown };
}

type Model = Record<string, unknown> & { modelid: string; modeltags: string[] | null };
const sourceOf = (m: Model) => (UUID.test(m.modelid) ? 'mlconnector' : m.modelid.split(':')[0]);

describe('/mlconnector union view', () => {
  it('lists every tracker\'s models as MLModel objects, MLConnector\'s own unchanged', async () => {
    const res = await get('/model/all?limit=500&switchyard.sources=all');
    expect(res.status).toBe(200);
    expect(res.headers['x-switchyard-partial']).toBeUndefined();
    const models = res.json as Model[];
    expect(new Set(models.map(sourceOf))).toEqual(new Set(['clearml', 'comet', 'cmf', 'mlconnector']));
    for (const m of models) expect(Object.keys(m)).toEqual(MLMODEL_KEYS);
    const foreign = models.filter((m) => !UUID.test(m.modelid));
    expect(foreign.every((m) => /^(clearml:model|comet:(model-version|experiment-model)|cmf:model):./.test(m.modelid))).toBe(true);
    expect(foreign.every((m) => typeof m['modelname'] === 'string' && Array.isArray(m['trainingresource']))).toBe(true);
    // MLConnector states no order (and has no timestamps): compare by id.
    const byId = (a: Model, b: Model) => a.modelid.localeCompare(b.modelid);
    const own = (await get('/model/all')).json as Model[];
    expect(models.filter((m) => UUID.test(m.modelid)).sort(byId)).toEqual([...own].sort(byId));
  });

  it('pages with skip and limit over the union', async () => {
    const six = (await get('/model/all?limit=6&switchyard.sources=all')).json as Model[];
    const first = (await get('/model/all?limit=3&switchyard.sources=all')).json as Model[];
    const second = (await get('/model/all?skip=3&limit=3', { 'x-switchyard-sources': 'all' })).json as Model[];
    expect(six).toHaveLength(6);
    expect([...first, ...second].map((m) => m.modelid)).toEqual(six.map((m) => m.modelid));
    expect((await get('/model/all?skip=100000&switchyard.sources=all')).json).toEqual({ detail: 'No models were not found' });
  });

  it('searches every tracker\'s models by tags (any of them), with MLConnector\'s 404 when none matches', async () => {
    const all = (await get('/model/all?limit=-1&switchyard.sources=all')).json as Model[];
    const tag = all.find((m) => !UUID.test(m.modelid) && (m.modeltags ?? []).length > 0)?.modeltags?.[0] ?? '';
    const res = await get(`/model/search?tags=${encodeURIComponent(tag)}&tags=no-such-tag&switchyard.sources=all`);
    expect(res.status).toBe(200);
    const found = res.json as Model[];
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => (m.modeltags ?? []).includes(tag))).toBe(true);
    expect(found.map((m) => m.modelid).sort()).toEqual(all.filter((m) => (m.modeltags ?? []).includes(tag)).map((m) => m.modelid).sort());
    expect(await get('/model/search?tags=no-such-tag&switchyard.sources=all')).toMatchObject({ status: 404, json: { detail: 'No models found with the provided tags' } });
  });

  it('lists every tracker\'s deployments in the System_status shape', async () => {
    const own = (await get('/deployment/all')).json as { System_status: Record<string, string> };
    const res = await get('/deployment/all?skip=0&limit=10&switchyard.sources=all');
    expect(res.status).toBe(200);
    const status = (res.json as { System_status: Record<string, string> }).System_status;
    expect(status).toMatchObject(own.System_status);
    const foreign = Object.entries(status).filter(([id]) => !(id in own.System_status));
    expect(foreign.length).toBeGreaterThan(0);
    for (const [id, value] of foreign) {
      expect(id).toMatch(/^clearml:serving:./);
      // Northbound's Python repr of a dict.
      expect(value).toMatch(/^\{'status': '[a-z_]+'(, '[a-z_]+': '[^']*')*\}$/);
    }
  });

  it('reads a deployment\'s status by a global id, and by MLConnector\'s own id as the passthrough does', async () => {
    const status = ((await get('/deployment/all?switchyard.sources=all')).json as { System_status: Record<string, string> }).System_status;
    const foreignId = Object.keys(status).find((id) => id.startsWith('clearml:serving:')) ?? '';
    const byGlobal = await get(`/deployment/get/status/${encodeURIComponent(foreignId)}?switchyard.sources=all`);
    expect(byGlobal.status).toBe(200);
    expect(byGlobal.json).toEqual({ response: `{'Model ': '${foreignId}', 'status': "${status[foreignId] ?? ''}"}` });

    const ownId = Object.keys(status).find((id) => UUID.test(id)) ?? '';
    const union = await get(`/deployment/get/status/${ownId}?switchyard.sources=all`);
    expect(union.json).toEqual((await get(`/deployment/get/status/${ownId}`)).json);
    // Northbound echoes the id it was asked about.
    const ownGlobal = `mlconnector:deployment:${ownId}`;
    expect((await get(`/deployment/get/status/${ownGlobal}?switchyard.sources=all`)).json).toEqual({ response: (union.json as { response: string }).response.replace(`'${ownId}'`, `'${ownGlobal}'`) });

    expect(await get('/deployment/get/status/clearml:serving:no-such-endpoint?switchyard.sources=all')).toMatchObject({ status: 404, json: { detail: 'No deployment with matching id was found' } });
    // Narrowed to other sources, the deployment is not there.
    expect((await get(`/deployment/get/status/${encodeURIComponent(foreignId)}?switchyard.sources=mlconnector`)).status).toBe(404);
  });

  it('answers 400 naming a parameter outside the declared subset, and FastAPI\'s 422 for a bad one inside it', async () => {
    const outside = await get('/model/all?modelkind=regression&switchyard.sources=all');
    expect(outside.status).toBe(400);
    expect(String((outside.json as { detail: string }).detail)).toContain('"modelkind"');
    const onSearch = await get('/model/search?tags=a&limit=3', { 'x-switchyard-sources': 'all' });
    expect(onSearch.status).toBe(400);
    expect(String((onSearch.json as { detail: string }).detail)).toContain('"limit"');
    const unknown = await get('/deployment/all?switchyard.sources=nosuch');
    expect(unknown.status).toBe(400);
    expect(String((unknown.json as { detail: string }).detail)).toContain('"nosuch"');
    const bad = await get('/model/all?skip=abc&switchyard.sources=all');
    expect(bad).toMatchObject({ status: 422, json: { detail: [{ type: 'int_parsing', loc: ['query', 'skip'], input: 'abc' }] } });
  });

  it('refuses the union flag on routes it does not render', async () => {
    const res = await get('/model/add?switchyard.sources=all', {}, 'POST');
    expect(res.status).toBe(400);
    expect(String((res.json as { detail: string }).detail)).toContain('switchyard.sources');
  });
});

// Last: the failed source may open its circuit breaker for the rest of the file.
describe('a failing source', () => {
  it('still answers with the other trackers and names the failed one in x-switchyard-partial', async () => {
    clock.advance(15 * 60_000);
    stack.emulators.clearml?.faults.set([{ status: 503 }]);
    try {
      const models = await get('/model/all?limit=500&switchyard.sources=all');
      expect(models.status).toBe(200);
      expect(models.headers['x-switchyard-partial']).toBe('clearml');
      const sources = new Set((models.json as Model[]).map(sourceOf));
      expect(sources.has('clearml')).toBe(false);
      expect(sources.has('mlconnector') && sources.has('comet')).toBe(true);
      const deployments = await get('/deployment/all?switchyard.sources=all');
      expect(deployments.status).toBe(200);
      expect(deployments.headers['x-switchyard-partial']).toBe('clearml');
      const ids = Object.keys((deployments.json as { System_status: Record<string, string> }).System_status);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => UUID.test(id))).toBe(true);
    } finally {
      stack.emulators.clearml?.faults.reset();
    }
  });
});
