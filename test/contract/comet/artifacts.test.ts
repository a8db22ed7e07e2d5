/**
 * Artifacts over HTTP: the seeded lineage (producer `experimentKey`, consumers recorded from `consumerExperimentKey`)
 * against the reference shapes (§4 `/artifacts/version`, `/artifacts/version/files`; reference-derived fixtures),
 * then the client flow: upsert → upload files with `artifactVersionId` → close → fetch as a consumer, with the
 * artifact error codes (624522, 624523, 90399, 90401, 90402, 90403, 90410).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { buildCometSeed, COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, startCometEmulator } from '../../../emulators/comet/index.js';
import { call as rawCall, callJson, type CallOptions, deepShapeDiff, first, fixture, type JsonRecord, multipartBody, records } from './helpers.js';

const API = '/api/rest/v2';
const seed = buildCometSeed();
const key = (j: number): string => seed.experiments[j]?.key ?? '';
const NULLABLE = { note: 'string', metadata: 'string', emoji: 'string', projectId: 'string' };
const WS = { workspace: 'switchyard' };

describe('Comet emulator: artifacts', () => {
  const clock = new ManualClock(COMET_SEED_BASE_TIME + 300 * 3_600_000);
  let em: CometEmulator;
  const call = (path: string, options: CallOptions = {}) => callJson(em.url, `${API}${path}`, { key: COMET_DEMO_API_KEY, ...options });
  const ok = async (path: string, options: CallOptions = {}): Promise<JsonRecord> => {
    const res = await call(path, options);
    expect({ path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path, status: 200, body: 'ok' });
    return res.body;
  };
  const fails = async (path: string, options: CallOptions, status: number, sdk: number): Promise<void> => {
    const res = await call(path, options);
    expect({ path, status: res.status, code: res.body['code'], sdk: res.body['sdk_error_code'] }).toEqual({ path, status, code: status, sdk });
  };

  beforeAll(async () => {
    em = await startCometEmulator({ clock });
  });
  afterAll(async () => {
    await em.close();
  });

  it('GET /artifacts/version ~ artifact-version.reference.json plus consumerExperimentKeys; producer and consumers of the seed', async () => {
    const body = await ok('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions', version: '1.0.0' } });
    expect(deepShapeDiff({ ...fixture('comet/artifact-version.reference.json'), consumerExperimentKeys: ['k'] }, body, NULLABLE)).toEqual([]);
    expect(body).toMatchObject({ artifactVersion: '1.0.0', experimentKey: key(3), state: 'CLOSED', consumerExperimentKeys: [key(6), key(10)] });
    expect(body['artifact']).toMatchObject({ artifactName: 'fraud-transactions', artifactType: 'dataset', workspaceName: 'switchyard', version: '2.0.0', experimentKey: key(3) });
    // No version selector → the highest; an alias and versionOrAlias select too.
    expect((await ok('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions' } }))['experimentKey']).toBe(key(9));
    expect((await ok('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions', alias: 'latest' } }))['artifactVersion']).toBe('2.0.0');
    expect((await ok('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions', versionOrAlias: '1.0.0' } }))['artifactVersion']).toBe('1.0.0');
    const report = await ok('/artifacts/version', { query: { ...WS, artifactName: 'fraud-eval-report' } });
    expect([report['experimentKey'], report['consumerExperimentKeys']]).toEqual([key(15), [key(18)]]);
  });

  it('GET /artifacts/version/files ~ artifact-version-files.reference.json; the link returns the bytes', async () => {
    const body = await ok('/artifacts/version/files', { query: { ...WS, artifactName: 'fraud-transactions', version: '2.0.0' } });
    expect(deepShapeDiff(fixture('comet/artifact-version-files.reference.json'), body, NULLABLE)).toEqual([]);
    const f = first(body['files']);
    expect([f['fileName'], f['remote']]).toEqual(['transactions.csv', false]);
    const link = new URL(String(f['link']));
    const bytes = await rawCall(em.url, link.pathname + link.search, { key: COMET_DEMO_API_KEY });
    expect([bytes.statusCode, bytes.body]).toEqual([200, 'id,amount,label\n1,12.50,0\n2,990.00,1\n']);
  });

  it('GET /artifacts/get-all and /artifacts/get list artifacts with their versions (emulator shape)', async () => {
    const all = records((await ok('/artifacts/get-all', { query: WS }))['artifacts']);
    expect(all.map((a) => [a['artifactName'], records(a['versions']).map((v) => v['artifactVersion'])])).toEqual([
      ['fraud-transactions', ['1.0.0', '2.0.0']],
      ['fraud-eval-report', ['1.0.0']],
    ]);
    expect(records((await ok('/artifacts/get-all', { query: { ...WS, type: 'report' } }))['artifacts'])).toHaveLength(1);
    const one = await ok('/artifacts/get', { query: { artifact_id: String(all[0]?.['artifactId']) } });
    expect(one).toEqual(all[0]);
  });

  it('upsert → files → CLOSED → consume: a new lineage edge, versions bump the major version by default', async () => {
    const producer = String((await ok('/write/experiment/create', { method: 'POST', json: { workspaceName: 'switchyard', projectName: 'fraud-detection', experimentName: 'prep' } }))['experimentKey']);
    const consumer = String((await ok('/write/experiment/create', { method: 'POST', json: { workspaceName: 'switchyard', projectName: 'fraud-detection', experimentName: 'train' } }))['experimentKey']);
    const up = await ok('/write/artifacts/upsert', {
      method: 'POST',
      json: { artifactName: 'features', artifactType: 'dataset', experimentKey: producer, alias: ['candidate'], versionTags: ['v'], versionMetadata: '{"cols":3}' },
    });
    expect(up).toMatchObject({ previousVersion: null, currentVersion: '1.0.0' });
    const versionId = String(up['artifactVersionId']);
    // Consuming an OPEN version is refused (90402).
    await fails('/artifacts/version', { query: { versionId, consumerExperimentKey: consumer } }, 400, 90402);

    const { body, contentType } = multipartBody([{ name: 'file', filename: 'f.parquet', content: 'PAR1' }]);
    await ok('/write/experiment/upload-asset', { method: 'POST', query: { experimentKey: producer, fileName: 'f.parquet', artifactVersionId: versionId }, headers: { 'content-type': contentType }, body });
    // Artifact files are not experiment assets.
    expect(await ok('/experiment/asset/list', { query: { experimentKey: producer } })).toEqual({ assets: [] });

    const state = await rawCall(em.url, `${API}/write/artifacts/state`, { key: COMET_DEMO_API_KEY, method: 'POST', json: { artifactVersionId: versionId, experimentKey: producer, state: 'CLOSED' } });
    expect([state.statusCode, state.body]).toEqual([200, '']);
    await fails('/write/artifacts/state', { method: 'POST', json: { artifactVersionId: versionId, experimentKey: producer, state: 'OPEN' } }, 400, 90401);
    await fails('/write/experiment/upload-asset', { method: 'POST', query: { experimentKey: producer, fileName: 'g', artifactVersionId: versionId }, headers: { 'content-type': contentType }, body }, 400, 90401);

    const seen = await ok('/artifacts/version', { query: { workspace: 'switchyard', artifactName: 'features', consumerExperimentKey: consumer } });
    expect(seen).toMatchObject({ artifactVersionId: versionId, experimentKey: producer, consumerExperimentKeys: [consumer], alias: ['candidate'], tags: ['v'], metadata: '{"cols":3}', sizeInBytes: 4 });
    // The producer is not its own consumer; a second fetch does not duplicate.
    await ok('/artifacts/version', { query: { versionId, consumerExperimentKey: producer } });
    await ok('/artifacts/version', { query: { versionId, consumerExperimentKey: consumer } });
    expect((await ok('/artifacts/version', { query: { versionId } }))['consumerExperimentKeys']).toEqual([consumer]);
    // The workspace may come from experimentKey instead of `workspace`.
    expect((await ok('/artifacts/version/files', { query: { artifactName: 'features', experimentKey: consumer } }))['files']).toHaveLength(1);

    const up2 = await ok('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'features', experimentKey: consumer, alias: ['candidate'] } });
    expect(up2).toMatchObject({ artifactId: up['artifactId'], previousVersion: '1.0.0', currentVersion: '2.0.0' });
    // Ordinal 2 = ERROR (Java enum); an ERROR version cannot be consumed (90403).
    const errored = await rawCall(em.url, `${API}/write/artifacts/state`, { key: COMET_DEMO_API_KEY, method: 'POST', json: { artifactVersionId: String(up2['artifactVersionId']), experimentKey: consumer, state: 2 } });
    expect(errored.statusCode).toBe(200);
    await fails('/artifacts/version', { query: { versionId: String(up2['artifactVersionId']), consumerExperimentKey: producer } }, 400, 90403);
    // The alias moved to the new version.
    expect((await ok('/artifacts/version', { query: { versionId } }))['alias']).toEqual([]);
  });

  it('answers the artifact error codes', async () => {
    const k = key(3);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'fraud-transactions', experimentKey: k, version: '1.0.0' } }, 400, 90399);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'brand-new', experimentKey: k } }, 400, 0);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'x', artifactType: 't', experimentKey: k, version: 'one' } }, 400, 0);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactId: 'nope', experimentKey: k } }, 400, 624522);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'x', artifactType: 't' } }, 400, 90998);
    await fails('/write/artifacts/upsert', { method: 'POST', json: { artifactName: 'x', artifactType: 't', experimentKey: '0'.repeat(32) } }, 400, 90211);
    await fails('/write/artifacts/state', { method: 'POST', json: { artifactVersionId: 'nope', experimentKey: k, state: 'CLOSED' } }, 400, 624523);
    await fails('/write/artifacts/state', { method: 'POST', json: { artifactVersionId: 'nope', experimentKey: k, state: 'DONE' } }, 400, 90410);
    await fails('/artifacts/version', { query: { ...WS, artifactName: 'nope' } }, 400, 624522);
    await fails('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions', version: '9.9.9' } }, 400, 624523);
    await fails('/artifacts/version', { query: { versionId: 'nope' } }, 400, 624523);
    await fails('/artifacts/version', { query: { workspace: 'nope', artifactName: 'fraud-transactions' } }, 400, 90219);
    await fails('/artifacts/version', { query: { artifactName: 'fraud-transactions' } }, 400, 90219);
    await fails('/artifacts/version', { query: { ...WS, artifactName: 'fraud-transactions', consumerExperimentKey: '0'.repeat(32) } }, 400, 90211);
    await fails('/artifacts/get-all', { query: { workspace: 'nope' } }, 400, 90219);
    await fails('/artifacts/get', { query: { artifact_id: 'nope' } }, 400, 624522);
  });
});
