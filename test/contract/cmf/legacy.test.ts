/**
 * The pipeline-wide listings of the older generations: Gen A1/B (SQL) and Gen A0 (pandas) against
 * responses.synthetic.json, and Gen A0 against the verbatim 2023 expected responses of the repository's own tests
 * (test-data-*-2023.json; the differences are listed in test/fixtures/cmf/README.md).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CmfEmulator } from '../../../emulators/cmf/index.js';
import { call, fixture, isRecord, type Json, type JsonRecord, startTestEnvOnly, synthetic, withoutNulls } from './helpers.js';

const items = (v: Json | undefined): JsonRecord[] => (isRecord(v) && Array.isArray(v['items']) ? v['items'].filter(isRecord) : []);
const stripPrefix = (row: JsonRecord): JsonRecord => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/^custom_properties_/, ''), v]));

describe('Gen A1/B listings', () => {
  let em: CmfEmulator;
  beforeAll(async () => {
    em = await startTestEnvOnly('B');
  });
  afterAll(async () => {
    await em.close();
  });

  it.each([
    ['GET /executions/Test-env?active_page=1&record_per_page=2 (Gen A1/B)', '/executions/Test-env?active_page=1&record_per_page=2'],
    ['GET /artifacts/Test-env/Dataset?active_page=1&record_per_page=2 (Gen A1/B)', '/artifacts/Test-env/Dataset?active_page=1&record_per_page=2'],
  ])('%s equals the sample', async (key, path) => {
    const res = await call(em.url, path);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toBe(JSON.stringify(synthetic(key)));
  });

  it('accepts but ignores execution sorting; sorts artifacts (by the formatted create time too); 500 on an unknown sort column', async () => {
    const ids = async (path: string, key: string): Promise<Json[]> => items((await call(em.url, path)).json).map((i) => i[key] ?? null);
    expect(await ids('/executions/Test-env?sort_order=desc&sort_field=Execution_uuid', 'execution_id')).toEqual([1, 2, 3, 4]);
    expect(await ids('/artifacts/Test-env/Dataset?sort_order=desc&record_per_page=10', 'artifact_id')).toEqual([4, 5, 6, 7, 1]);
    expect(await ids('/artifacts/Test-env/Dataset?sort_field=uri&record_per_page=10', 'artifact_id')).toEqual([1, 4, 6, 5, 7]);
    expect(await ids('/artifacts/Test-env/Dataset?filter_value=featurize&record_per_page=10', 'artifact_id')).toEqual([7, 6, 5, 4]);
    const crash = await call(em.url, '/artifacts/Test-env/Dataset?sort_field=bogus');
    expect([crash.status, crash.text]).toEqual([500, 'Internal Server Error']);
    expect((await call(em.url, '/artifacts/Test-env/Unknown')).json).toEqual({ total_items: 0, items: [] });
    expect((await call(em.url, '/executions/Nope')).json).toEqual({ total_items: 0, items: [] });
  });
});

describe('Gen A0 listings (pandas)', () => {
  let em: CmfEmulator;
  beforeAll(async () => {
    em = await startTestEnvOnly('A0');
  });
  afterAll(async () => {
    await em.close();
  });

  it.each([
    ['GET /artifacts/Test-env/Dataset?page=1&per_page=2 (Gen A0, pandas)', '/artifacts/Test-env/Dataset?page=1&per_page=2'],
    ['GET /artifacts/Test-env/Unknown (Gen A0)', '/artifacts/Test-env/Unknown'],
  ])('%s equals the sample (keys in pandas order)', async (key, path) => {
    const res = await call(em.url, path);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toBe(JSON.stringify(synthetic(key)));
  });

  it('executions: the sort picks the page, the page comes back in id order with its own column union', async () => {
    const sample = items(synthetic('GET /executions/Test-env?page=1&per_page=2 (Gen A0, pandas)'));
    // Default sort Context_Type asc: Evaluate, Featurize | Prepare, Train -> page 1 = executions 4 and 2, listed 2, 4.
    const byType = await call(em.url, '/executions/Test-env?page=1&per_page=2');
    expect((byType.json as JsonRecord)['total_items']).toBe(4);
    expect(items(byType.json).map((r) => r['Context_Type'] ?? null)).toEqual(['Test-env/Featurize', 'Test-env/Evaluate']);
    expect(withoutNulls(items(byType.json)[0] ?? null)).toEqual(withoutNulls(sample[1] ?? null));
    const byId = await call(em.url, '/executions/Test-env?page=1&per_page=2&sort_field=id');
    expect(items(byId.json).map(withoutNulls)).toEqual(sample.map(withoutNulls));
    for (const row of items(byId.json)) expect(Object.keys(row)).toEqual([...Object.keys(row)].sort());
  });

  it('matches the 2023 executions listing up to the later custom_properties_ prefix and the stringified original time', async () => {
    const verbatim = items(fixture('cmf/test-data-executions-2023.json'));
    const ours = items((await call(em.url, '/executions/Test-env?sort_field=id')).json).map((r) => {
      const { Python_Env: _env, ...rest } = stripPrefix(r);
      return rest;
    });
    expect((fixture('cmf/test-data-executions-2023.json') as JsonRecord)['total_items']).toBe(4);
    expect(ours.map((r) => Object.keys(r).sort())).toEqual(verbatim.map((r) => Object.keys(r).sort()));
    for (const [i, row] of ours.entries()) {
      const want = verbatim[i] ?? {};
      expect({ ...row, original_create_time_since_epoch: Number(row['original_create_time_since_epoch']) }).toEqual(want);
    }
  });

  it('matches the 2023 Dataset listing in names, uris, commits and columns (ids, times, urls and stage lists differ)', async () => {
    const verbatim = items(fixture('cmf/test-data-artifacts-2023.json'));
    const ours = items((await call(em.url, '/artifacts/Test-env/Dataset?sort_field=id')).json).map((r) => {
      const { labels: _l, labels_uri: _u, ...rest } = stripPrefix(r);
      return rest;
    });
    const pick = (r: JsonRecord): Json[] => [r['name'] ?? null, r['uri'] ?? null, r['Commit'] ?? null, r['git_repo'] ?? null, r['type'] ?? null];
    expect(ours.map(pick)).toEqual(verbatim.map(pick));
    expect(ours.map((r) => Object.keys(r).sort())).toEqual(verbatim.map((r) => Object.keys(r).sort()));
  });

  it('pages with page/per_page (≤ 100), filters with filter_by + filter_value, and answers 200 {"error"} on other columns', async () => {
    const tooMany = await call(em.url, '/executions/Test-env?per_page=101');
    expect([tooMany.status, tooMany.json]).toEqual([422, { detail: [{ type: 'less_than_equal', loc: ['query', 'per_page'], msg: 'Input should be less than or equal to 100', input: '101', ctx: { le: 100 } }] }]);
    const filtered = await call(em.url, '/executions/Test-env?filter_by=Context_Type&filter_value=TRAIN');
    expect(items(filtered.json).map((r) => r['Context_Type'] ?? null)).toEqual(['Test-env/Train']);
    const desc = await call(em.url, '/executions/Test-env?sort_field=id&sort_order=desc&per_page=2');
    expect(items(desc.json).map((r) => r['Execution_uuid'] ?? '').map((u) => String(u).slice(0, 4))).toEqual(['3f6f', '48ad']);
    const numeric = await call(em.url, '/executions/Test-env?filter_by=Context_ID&filter_value=2');
    expect(numeric.json).toEqual({ error: 'Failed to get executions available in mlmd: Can only use .str accessor with string values!' });
    const error = await call(em.url, '/executions/Test-env?sort_field=Git_Repo');
    expect([error.status, error.json]).toEqual([200, { error: "Failed to get executions available in mlmd: 'Git_Repo'" }]);
    const unknown = await call(em.url, '/executions/Nope');
    expect([unknown.status, unknown.json]).toEqual([404, { detail: 'Pipeline Nope not found.' }]);
  });
});
