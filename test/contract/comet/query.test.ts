/**
 * `POST /project/query` (reference §5.6) over the seeded project `fraud-detection`: predicates built exactly as the
 * Python SDK's `query.py` builds them (one AND group per source), every source and operator family, and Comet's 400
 * for invalid predicates. Expected keys are computed from `buildCometSeed()`, never hard-coded.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { buildCometSeed, COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, type CometSeedExperiment, startCometEmulator } from '../../../emulators/comet/index.js';
import { callJson } from './helpers.js';

const API = '/api/rest/v2';
const seed = buildCometSeed();
const fraud = seed.experiments.filter((e) => e.projectName === 'fraud-detection');
const live = fraud.filter((e) => !e.archived).sort((a, b) => a.startTimeMillis - b.startTimeMillis);
const j = (e: CometSeedExperiment): number => seed.experiments.indexOf(e);
const NOW = COMET_SEED_BASE_TIME + 300 * 3_600_000;

/** One predicate as `QueryExpression.get_predicates` builds it. */
function predicate(source: string, ...rules: { field: string; type: string; operator: string; value?: unknown }[]): unknown {
  return { source, query: { condition: 'AND', rules: rules.map((r) => ({ id: r.field, ...r, value: r.value ?? null })), valid: true } };
}

/** The current (last logged) value of a seeded metric. */
function lastValue(e: CometSeedExperiment, metric: string): number {
  const points = e.metrics.filter((m) => m.name === metric);
  return points[points.length - 1]?.value ?? Number.NaN;
}

describe('Comet emulator: POST /project/query', () => {
  let em: CometEmulator;
  const query = async (body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await callJson(em.url, `${API}/project/query`, {
      key: COMET_DEMO_API_KEY,
      method: 'POST',
      json: { workspaceName: 'switchyard', projectName: 'fraud-detection', archived: false, ...body },
    });
    return { status: res.status, body: res.body };
  };
  const keys = async (...predicates: unknown[]): Promise<unknown> => {
    const res = await query({ predicates });
    expect(res.status).toBe(200);
    return res.body['experimentKeys'];
  };
  const expectKeys = (filter: (e: CometSeedExperiment) => boolean): string[] => live.filter(filter).map((e) => e.key);

  beforeAll(async () => {
    em = await startCometEmulator({ clock: new ManualClock(NOW) });
  });
  afterAll(async () => {
    await em.close();
  });

  it('no predicates → every live experiment, in /experiments order', async () => {
    expect(await keys()).toEqual(expectKeys(() => true));
  });

  it('tag: Tag("nightly") sends equal "nightly"', async () => {
    expect(await keys(predicate('tag', { field: 'nightly', type: 'string', operator: 'equal', value: 'nightly' }))).toEqual(expectKeys((e) => e.tags.includes('nightly')));
  });

  it('params and metrics compare numbers (current value); several rules in one source are ANDed', async () => {
    expect(await keys(predicate('params', { field: 'lr', type: 'double', operator: 'equal', value: 0.1 }))).toEqual(expectKeys((e) => e.params[0]?.value === 0.1));
    const both = await keys(
      predicate('params', { field: 'batch_size', type: 'double', operator: 'greater_or_equal', value: 64 }, { field: 'epochs', type: 'double', operator: 'less', value: 30 }),
    );
    expect(both).toEqual(expectKeys((e) => (e.params[1]?.value ?? 0) >= 64 && (e.params[2]?.value ?? 0) < 30));
    expect(await keys(predicate('metrics', { field: 'loss', type: 'double', operator: 'between', value: ['0.05', '0.1'] }))).toEqual(
      expectKeys((e) => lastValue(e, 'loss') >= 0.05 && lastValue(e, 'loss') <= 0.1),
    );
    expect(await keys(predicate('metrics', { field: 'accuracy', type: 'double', operator: 'not_between', value: ['0.5', '0.94'] }))).toEqual(
      expectKeys((e) => lastValue(e, 'accuracy') < 0.5 || lastValue(e, 'accuracy') > 0.94),
    );
  });

  it('predicates of different sources are ANDed', async () => {
    const res = await keys(
      predicate('tag', { field: 'pytorch', type: 'string', operator: 'equal', value: 'pytorch' }),
      predicate('params', { field: 'lr', type: 'double', operator: 'less', value: 0.05 }),
    );
    expect(res).toEqual(expectKeys((e) => e.tags.includes('pytorch') && (e.params[0]?.value ?? 1) < 0.05));
  });

  it('log_other text operators and null checks (Name of unnamed runs is null)', async () => {
    expect(await keys(predicate('log_other', { field: 'Name', type: 'string', operator: 'begins_with', value: 'cmt-run-00' }))).toEqual(
      expectKeys((e) => e.name?.startsWith('cmt-run-00') ?? false),
    );
    expect(await keys(predicate('log_other', { field: 'Name', type: 'string', operator: 'not_ends_with', value: '7' }))).toEqual(
      expectKeys((e) => e.name !== null && !e.name.endsWith('7')),
    );
    expect(await keys(predicate('log_other', { field: 'Name', type: 'string', operator: 'is_null' }))).toEqual(expectKeys((e) => e.name === null));
    expect(await keys(predicate('log_other', { field: 'Created from', type: 'string', operator: 'contains', value: 'comet' }))).toEqual(expectKeys(() => true));
    expect(await keys(predicate('log_other', { field: 'never-logged', type: 'string', operator: 'is_empty' }))).toEqual(expectKeys(() => true));
  });

  it('metadata: datetimes in UTC ("YYYY-MM-DD HH:MM:SS"), booleans as 1/0, duration in seconds', async () => {
    const cut = '2026-01-07 00:00:00';
    expect(await keys(predicate('metadata', { field: 'start_server_timestamp', type: 'datetime', operator: 'greater', value: cut }))).toEqual(
      expectKeys((e) => e.startTimeMillis > Date.parse('2026-01-07T00:00:00Z')),
    );
    expect(await keys(predicate('metadata', { field: 'runActive', type: 'boolean', operator: 'equal', value: 1 }))).toEqual(expectKeys((e) => e.running));
    expect(await keys(predicate('metadata', { field: 'duration', type: 'timenumber', operator: 'greater', value: 35 * 60 }))).toEqual(
      // Running runs last until "now" (the clock), so they match too.
      expectKeys((e) => ((e.endTimeMillis ?? NOW) - e.startTimeMillis) / 1000 > 35 * 60),
    );
    expect(await keys(predicate('metadata', { field: 'file_name', type: 'string', operator: 'equal', value: 'train.py' }))).toEqual(expectKeys(() => true));
  });

  it('env_details: system-details fields', async () => {
    expect(await keys(predicate('env_details', { field: 'hostname', type: 'string', operator: 'equal', value: 'gpu-node-1' }))).toEqual(expectKeys((e) => j(e) % 4 === 1));
  });

  it('archived: true searches the archived runs; projectId works instead of names', async () => {
    const archived = await query({ archived: true, predicates: [] });
    expect(archived.body['experimentKeys']).toEqual(fraud.filter((e) => e.archived).map((e) => e.key));
    const byId = await callJson(em.url, `${API}/project/query`, {
      key: COMET_DEMO_API_KEY,
      method: 'POST',
      json: { projectId: seed.projects[0]?.id, predicates: [predicate('tag', { field: 'baseline', type: 'string', operator: 'equal', value: 'baseline' })] },
    });
    expect(byId.body['experimentKeys']).toEqual(expectKeys((e) => e.tags.includes('baseline')));
  });

  it('invalid predicates → 400 {code, msg: "Invalid query: …", sdk_error_code: 0}', async () => {
    const rule = { id: 'lr', field: 'lr', type: 'double', operator: 'equal', value: 0.1 };
    const bad: [string, unknown][] = [
      ['not an array', { source: 'params' }],
      ['OR', [{ source: 'params', query: { condition: 'OR', rules: [rule], valid: true } }]],
      ['unknown source', [{ source: 'hyperparams', query: { condition: 'AND', rules: [rule], valid: true } }]],
      ['unknown operator', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, operator: 'like' }], valid: true } }]],
      ['unknown type', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, type: 'float' }], valid: true } }]],
      ['non-numeric double', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, value: 'high' }], valid: true } }]],
      ['between with one bound', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, operator: 'between', value: ['1'] }], valid: true } }]],
      ['between on a string', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, type: 'string', operator: 'between', value: ['a', 'b'] }], valid: true } }]],
      ['bad datetime', [{ source: 'metadata', query: { condition: 'AND', rules: [{ ...rule, field: 'start_server_timestamp', type: 'datetime', value: 'yesterday' }], valid: true } }]],
      ['missing field', [{ source: 'params', query: { condition: 'AND', rules: [{ type: 'double', operator: 'equal', value: 1 }], valid: true } }]],
      ['missing value', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, value: null }], valid: true } }]],
      ['contains without text', [{ source: 'params', query: { condition: 'AND', rules: [{ ...rule, operator: 'contains', value: 3 }], valid: true } }]],
      ['marked invalid', [{ source: 'params', query: { condition: 'AND', rules: [rule], valid: false } }]],
      ['query not an object', [{ source: 'params', query: 'lr = 0.1' }]],
      ['rules not an array', [{ source: 'params', query: { condition: 'AND', rules: rule } }]],
    ];
    for (const [what, predicates] of bad) {
      const res = await query({ predicates });
      expect({ what, status: res.status, code: res.body['code'], sdk: res.body['sdk_error_code'] }).toEqual({ what, status: 400, code: 400, sdk: 0 });
      expect(String(res.body['msg'])).toMatch(/^Invalid query: /);
    }
    const missing = await callJson(em.url, `${API}/project/query`, { key: COMET_DEMO_API_KEY, method: 'POST', json: { workspaceName: 'switchyard', projectName: 'fraud-detection' } });
    expect([missing.status, missing.body['msg']]).toEqual([400, 'Invalid query: predicates is required']);
    const noProject = await callJson(em.url, `${API}/project/query`, { key: COMET_DEMO_API_KEY, method: 'POST', json: { workspaceName: 'nope', projectName: 'p', predicates: [] } });
    expect([noProject.status, noProject.body['sdk_error_code']]).toEqual([400, 90219]);
  });
});
