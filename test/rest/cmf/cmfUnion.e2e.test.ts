/**
 * The union view on /cmf (issue 9 item 2): with `?switchyard.sources=all` or `X-Switchyard-Sources`,
 * `/pipelines`, `/list-of-executions/{p}`, `/pipeline-stages/{p}` and `/executions-by-stage/{p}` list the
 * tasks of every tracker in CMF's shapes (the ones the cmflib mcp client and the CMF UI read). The mount's
 * own rows keep CMF's ids and answer as the passthrough does; the others carry their global ids.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { ManualClock, systemClock } from '../../../emulators/shared/index.js';
import { type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
// The clock lets the partial-answer test start with cold source caches.
const clock = new ManualClock(Date.now());
const GLOBAL = /^(clearml:task|comet:experiment):[0-9a-f]{32}$/;

beforeAll(async () => {
  stack = await startStack({ clock, emulatorClock: systemClock });
});
afterAll(async () => {
  await stack.close();
});

async function get(path: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') {
  const res = await got(`${stack.gateway.url}/cmf${path}`, { method, headers, throwHttpErrors: false, retry: { limit: 0 } });
  return { status: res.statusCode, headers: res.headers, json: JSON.parse(res.body) as unknown };
}

interface Item {
  execution_id: number | string;
  execution_properties: { name: string; value: string | null }[];
}
const prop = (item: Item, name: string) => item.execution_properties.find((p) => p.name === name)?.value;

describe('/cmf union view', () => {
  it('lists every tracker\'s projects as pipelines, beside CMF\'s own', async () => {
    const own = await get('/api/pipelines');
    const union = await get('/api/pipelines?switchyard.sources=all');
    expect(union.status).toBe(200);
    expect(union.headers['x-switchyard-partial']).toBeUndefined();
    const names = union.json as string[];
    expect(names).toEqual(expect.arrayContaining(own.json as string[]));
    // `churn` exists only in ClearML and Comet.
    expect(names).toContain('churn');
    expect(own.json).not.toContain('churn');
    expect(new Set(names).size).toBe(names.length);
  });

  it('labels executions of a pipeline from several trackers, as CMF does for its own', async () => {
    const res = await get('/list-of-executions/fraud-detection', { 'x-switchyard-sources': 'all' });
    expect(res.status).toBe(200);
    const labels = res.json as string[];
    const own = (await get('/api/list-of-executions/fraud-detection')).json as string[];
    expect(labels).toEqual(expect.arrayContaining(own));
    const foreign = labels.filter((l) => !own.includes(l));
    expect(foreign.some((l) => /^training_clearml:task:[0-9a-f]{32}$/.test(l))).toBe(true);
    expect(foreign.some((l) => /^comet_comet:experiment:[0-9a-f]{32}$/.test(l))).toBe(true);
    expect((await get('/list-of-executions/no-such-pipeline?switchyard.sources=all')).json).toEqual({ detail: 'Pipeline no-such-pipeline not found.' });
  });

  it('names each tracker\'s stages in a pipeline', async () => {
    const res = await get('/api/pipeline-stages/fraud-detection?switchyard.sources=all');
    expect(res.json).toEqual({
      stages: ['fraud-detection/Evaluate', 'fraud-detection/Prepare', 'fraud-detection/Train', 'fraud-detection/comet', 'fraud-detection/training'],
      total_stages: 5,
    });
  });

  it('pages another tracker\'s executions of a stage, newest first, with their global ids as execution ids', async () => {
    const res = await get('/api/executions-by-stage/fraud-detection?stage_name=fraud-detection%2Ftraining&record_per_page=3&switchyard.sources=all');
    expect(res.status).toBe(200);
    const page = res.json as { total_items: number; items: Item[] };
    expect(page.total_items).toBeGreaterThan(3);
    expect(page.items).toHaveLength(3);
    for (const item of page.items) {
      expect(String(item.execution_id)).toMatch(/^clearml:task:[0-9a-f]{32}$/);
      expect(prop(item, 'Execution_uuid')).toBe(item.execution_id);
      expect(prop(item, 'Context_Type')).toBe('fraud-detection/training');
      expect(prop(item, 'Pipeline_Type')).toBe('fraud-detection');
    }
    const created = page.items.map((i) => Number(prop(i, 'original_create_time_since_epoch')));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const second = (await get('/api/executions-by-stage/fraud-detection?stage_name=fraud-detection%2Ftraining&record_per_page=3&active_page=2&switchyard.sources=all')).json as { items: Item[] };
    expect(second.items.some((i) => page.items.some((j) => j.execution_id === i.execution_id))).toBe(false);
    const comet = (await get('/api/executions-by-stage/fraud-detection?stage_name=fraud-detection%2Fcomet&switchyard.sources=all')).json as { items: Item[] };
    expect(comet.items.every((i) => GLOBAL.test(String(i.execution_id)) && String(i.execution_id).startsWith('comet:experiment:'))).toBe(true);
  });

  it('answers CMF\'s own stage exactly as the passthrough does', async () => {
    const query = 'stage_name=fraud-detection%2FTrain&record_per_page=10';
    const union = await get(`/api/executions-by-stage/fraud-detection?${query}&switchyard.sources=all`);
    const own = await get(`/api/executions-by-stage/fraud-detection?${query}`);
    expect(union.json).toEqual(own.json);
    expect((union.json as { items: Item[] }).items.every((i) => typeof i.execution_id === 'number')).toBe(true);
  });

  it('narrows to the named sources', async () => {
    const labels = (await get('/list-of-executions/fraud-detection?switchyard.sources=cmf,comet')).json as string[];
    expect(labels.some((l) => l.includes('comet:experiment:'))).toBe(true);
    expect(labels.some((l) => l.includes('clearml:'))).toBe(false);
  });

  it('answers 400 naming a parameter outside the declared subset, and 422 (with status) for a bad one inside it', async () => {
    const outside = await get('/api/executions-by-stage/fraud-detection?stage_name=fraud-detection%2FTrain&sort_field=name&switchyard.sources=all');
    expect(outside.status).toBe(400);
    expect(String((outside.json as { detail: string }).detail)).toContain('"sort_field"');
    const onPipelines = await get('/pipelines?page=2&switchyard.sources=all');
    expect(onPipelines.status).toBe(400);
    expect(String((onPipelines.json as { detail: string }).detail)).toContain('"page"');
    const unknown = await get('/pipelines?switchyard.sources=cmf,nosuch');
    expect(unknown.status).toBe(400);
    expect(String((unknown.json as { detail: string }).detail)).toContain('"nosuch"');
    const missing = await get('/api/executions-by-stage/fraud-detection?active_page=0&switchyard.sources=all');
    expect(missing.status).toBe(422);
    expect(missing.json).toMatchObject({
      status: 'invalid',
      detail: [
        { type: 'missing', loc: ['query', 'stage_name'] },
        { type: 'greater_than', loc: ['query', 'active_page'] },
      ],
    });
  });

  it('refuses the union flag on routes it does not render (a push is not spread over trackers)', async () => {
    const res = await get('/api/mlmd_push?switchyard.sources=all', {}, 'POST');
    expect(res.status).toBe(400);
    expect(String((res.json as { detail: string }).detail)).toContain('switchyard.sources');
  });
});

// Last: the failed source may open its circuit breaker for the rest of the file.
describe('a failing source', () => {
  it('still lists the other trackers and names the failed one in x-switchyard-partial', async () => {
    clock.advance(15 * 60_000);
    stack.emulators.clearml?.faults.set([{ status: 503 }]);
    try {
      const res = await get('/pipelines?switchyard.sources=all');
      expect(res.status).toBe(200);
      expect(res.headers['x-switchyard-partial']).toBe('clearml');
      expect(res.json).toEqual(expect.arrayContaining(['Test-env', 'fraud-detection', 'churn']));
      const labels = (await get('/list-of-executions/fraud-detection?switchyard.sources=all')).json as string[];
      expect(labels.some((l) => l.includes('clearml:'))).toBe(false);
      expect(labels.some((l) => l.includes('comet:experiment:'))).toBe(true);
      expect(labels).toContain('Prepare_a4c1');
    } finally {
      stack.emulators.clearml?.faults.reset();
    }
  });
});
