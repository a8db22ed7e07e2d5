/**
 * Experiment models and the model registry over HTTP: the seeded `fraud-classifier` / `churn-predictor` against the
 * reference shapes (§4 `/experiment/model`, §5.8 overview and details; reference-derived fixtures), then the write
 * flow a client runs: log a model (`upload-asset` type `model-element` + `groupingName`), promote it, add a version,
 * stage it, update, annotate and delete, with the registry's error codes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { buildCometSeed, COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, experimentModelId, startCometEmulator } from '../../../emulators/comet/index.js';
import { callJson, type CallOptions, deepShapeDiff, first, fixture, type JsonRecord, multipartBody, records } from './helpers.js';

const API = '/api/rest/v2';
const seed = buildCometSeed();
const key = (j: number): string => seed.experiments[j]?.key ?? '';
const NULLABLE = { imagePath: 'string', latestVersion: 'object', metadata: 'string', runContext: 'string', step: 'number', compressedAssetLink: 'string' };

describe('Comet emulator: experiment models and model registry', () => {
  const clock = new ManualClock(COMET_SEED_BASE_TIME + 300 * 3_600_000);
  let em: CometEmulator;
  const call = (path: string, options: CallOptions = {}) => callJson(em.url, `${API}${path}`, { key: COMET_DEMO_API_KEY, ...options });
  const ok = async (path: string, options: CallOptions = {}): Promise<JsonRecord> => {
    const res = await call(path, options);
    expect({ path, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ path, status: 200, body: 'ok' });
    return res.body;
  };
  const fails = async (path: string, options: CallOptions, status: number, sdk: number): Promise<string> => {
    const res = await call(path, options);
    expect({ path, status: res.status, code: res.body['code'], sdk: res.body['sdk_error_code'] }).toEqual({ path, status, code: status, sdk });
    return String(res.body['msg']);
  };

  beforeAll(async () => {
    em = await startCometEmulator({ clock });
  });
  afterAll(async () => {
    await em.close();
  });

  describe('seeded data', () => {
    it('GET /registry-model ~ registry-model-list.reference.json (§5.8 overview), latestVersion = highest semver', async () => {
      const body = await ok('/registry-model', { query: { workspaceName: 'switchyard' } });
      expect(deepShapeDiff(fixture('comet/registry-model-list.reference.json'), body, NULLABLE)).toEqual([]);
      const models = records(body['registryModels']);
      expect(models.map((m) => [m['modelName'], m['numberOfVersions']])).toEqual([
        ['fraud-classifier', 2],
        ['churn-predictor', 1],
      ]);
      const latest = models[0]?.['latestVersion'] as JsonRecord;
      expect(latest).toMatchObject({
        version: '1.1.0',
        stages: ['staging'],
        experimentModel: { experimentKey: key(15), modelName: 'fraud-classifier', experimentModelId: experimentModelId(key(15), 'fraud-classifier') },
      });
      expect(await ok('/registry-model/count', { query: { workspaceName: 'switchyard' } })).toEqual({ registryModelCount: 2 });
    });

    it('GET /registry-model/details ~ registry-model-details.reference.json; versions link to experiment models and their files', async () => {
      const body = await ok('/registry-model/details', { query: { workspaceName: 'switchyard', modelName: 'fraud-classifier' } });
      const fx = fixture('comet/registry-model-details.reference.json');
      expect(deepShapeDiff(fx, body, NULLABLE)).toEqual([]);
      const versions = records(body['versions']);
      expect(versions.map((v) => [v['version'], v['stages'], (v['experimentModel'] as JsonRecord)['experimentKey']])).toEqual([
        ['1.0.0', ['production'], key(10)],
        ['1.1.0', ['staging'], key(15)],
      ]);
      const assets = records(versions[0]?.['assets']);
      expect(assets.map((a) => [a['fileName'], a['type']])).toEqual([
        ['model.pkl', 'model-element'],
        ['requirements.txt', 'model-element'],
      ]);
      expect(deepShapeDiff(first(fixture('comet/asset-list-images.json')['assets']), assets[0], NULLABLE)).toEqual([]);
      expect(String(versions[0]?.['restApiUrl'])).toContain('/api/rest/v2/registry-model/item/download?workspaceName=switchyard&modelName=fraud-classifier&version=1.0.0');
    });

    it('GET /experiment/model ~ experiment-model-list.reference.json; registryRecords name the registry versions', async () => {
      const body = await ok('/experiment/model', { query: { experimentKey: key(10) } });
      expect(deepShapeDiff(fixture('comet/experiment-model-list.reference.json'), body)).toEqual([]);
      const m = first(body['models']);
      expect(m).toMatchObject({ experimentModelId: experimentModelId(key(10), 'fraud-classifier'), experimentKey: key(10), modelName: 'fraud-classifier' });
      expect(records(m['registryRecords']).map((r) => [r['registryModelName'], r['version']])).toEqual([['fraud-classifier', '1.0.0']]);
      // Run 27's model was never registered; run 0 has no model.
      expect(records(first((await ok('/experiment/model', { query: { experimentKey: key(27) } }))['models'])['registryRecords'])).toEqual([]);
      expect(await ok('/experiment/model', { query: { experimentKey: key(0) } })).toEqual({ models: [] });
      const files = records((await ok('/experiment/model/asset/list', { query: { experimentKey: key(10), modelName: 'fraud-classifier' } }))['assets']);
      expect(files.map((f) => f['fileName'])).toEqual(['model.pkl', 'requirements.txt']);
    });

    it("fidelity 'documented' names the experiment model `experimentModelName` (docs) instead of `modelName`", async () => {
      const doc = await startCometEmulator({ clock, fidelity: 'documented' });
      try {
        const body = await callJson(doc.url, `${API}/registry-model`, { key: COMET_DEMO_API_KEY, query: { workspaceName: 'switchyard' } });
        const ref = ((first(body.body['registryModels'])['latestVersion'] as JsonRecord)['experimentModel'] as JsonRecord);
        expect(Object.keys(ref).sort()).toEqual(['experimentKey', 'experimentModelId', 'experimentModelName']);
      } finally {
        await doc.close();
      }
    });
  });

  describe('write flow', () => {
    let runA = '';
    let runB = '';
    const logModel = async (experimentKey: string, name: string, file: string): Promise<void> => {
      const { body, contentType } = multipartBody([{ name: 'file', filename: file, content: `${name} bytes` }]);
      await ok('/write/experiment/upload-asset', {
        method: 'POST',
        query: { experimentKey, fileName: file, type: 'model-element', groupingName: name, overwrite: 'false' },
        headers: { 'content-type': contentType },
        body,
      });
    };

    beforeAll(async () => {
      const create = async (name: string): Promise<string> =>
        String((await ok('/write/experiment/create', { method: 'POST', json: { workspaceName: 'switchyard', projectName: 'registry-flow', experimentName: name } }))['experimentKey']);
      runA = await create('a');
      runB = await create('b');
    });

    it('logs an experiment model with model-element uploads grouped by groupingName', async () => {
      await logModel(runA, 'detector', 'weights.bin');
      await logModel(runA, 'detector', 'config.json');
      const m = first((await ok('/experiment/model', { query: { experimentKey: runA } }))['models']);
      expect(m).toEqual({ experimentModelId: experimentModelId(runA, 'detector'), experimentKey: runA, modelName: 'detector', registryRecords: [] });
      const assets = records((await ok('/experiment/asset/list', { query: { experimentKey: runA, type: 'model-element' } }))['assets']);
      expect(assets.map((a) => a['fileName'])).toEqual(['weights.bin', 'config.json']);
    });

    it('creates a registry model, adds a version, moves stages, updates, annotates and deletes', async () => {
      await logModel(runB, 'detector', 'weights.bin');
      clock.advance(1_000);
      const created = await ok('/write/registry-model', {
        method: 'POST',
        json: { experimentModelId: experimentModelId(runA, 'detector'), registryModelName: 'detector', version: '1.0.0', description: 'd', isPublic: false, comment: 'first', stages: ['staging'] },
      });
      expect(Object.keys(created).sort()).toEqual(['registryModelId', 'registryModelItemId']);
      clock.advance(1_000);
      const v2 = await ok('/write/registry-model/item', {
        method: 'POST',
        json: { experimentModelId: experimentModelId(runB, 'detector'), registryModelName: 'detector', version: '1.1.0', comment: 'second' },
      });
      expect(v2['registryModelId']).toBe(created['registryModelId']);
      const item1 = String(created['registryModelItemId']);
      const item2 = String(v2['registryModelItemId']);

      await ok('/write/registry-model/item/stage', { query: { modelItemId: item1, stage: 'production' } });
      await ok('/write/registry-model/item/stage/delete', { query: { modelItemId: item1, stage: 'staging' } });
      await ok('/write/registry-model/item/stage', { query: { modelItemId: item2, stage: 'staging' } });
      await ok('/write/registry-model/item/update', { method: 'POST', json: { registryModelItemId: item2, comment: 'candidate' } });
      await ok('/write/registry-model/notes', { method: 'POST', json: { workspaceName: 'switchyard', registryModelName: 'detector', notes: 'owned by risk' } });
      expect(await ok('/registry-model/notes', { query: { workspaceName: 'switchyard', modelName: 'detector' } })).toEqual({ notes: 'owned by risk' });

      const details = await ok('/registry-model/details', { query: { workspaceName: 'switchyard', modelName: 'detector' } });
      expect(details).toMatchObject({ registryModelId: created['registryModelId'], description: 'd', numberOfVersions: 2, lastUpdated: clock.now() });
      expect(records(details['versions']).map((v) => [v['registryModelItemId'], v['version'], v['stages'], v['comment']])).toEqual([
        [item1, '1.0.0', ['production'], 'first'],
        [item2, '1.1.0', ['staging'], 'candidate'],
      ]);
      const recA = records(first((await ok('/experiment/model', { query: { experimentKey: runA } }))['models'])['registryRecords']);
      expect(recA).toEqual([{ registryModelId: created['registryModelId'], registryModelItemId: item1, registryModelName: 'detector', version: '1.0.0', createdAt: clock.now() - 1_000 }]);

      await ok('/write/registry-model/update', { method: 'POST', json: { registryModelId: String(created['registryModelId']), registryModelName: 'detector-v', isPublic: true } });
      expect((await ok('/registry-model/details', { query: { workspaceName: 'switchyard', modelName: 'detector-v' } }))['isPublic']).toBe(true);
      await ok('/write/registry-model/item/delete', { query: { modelItemId: item2 } });
      expect((await ok('/registry-model/details', { query: { workspaceName: 'switchyard', modelName: 'detector-v' } }))['numberOfVersions']).toBe(1);
      await ok('/write/registry-model/delete', { query: { workspaceName: 'switchyard', modelName: 'detector-v' } });
      expect(await ok('/registry-model/count', { query: { workspaceName: 'switchyard' } })).toEqual({ registryModelCount: 2 });
    });

    it('answers the registry error codes: 42001 bad version, 42006 no experiment model, 42008 unknown model / version', async () => {
      const model = experimentModelId(runA, 'detector');
      await fails('/write/registry-model', { method: 'POST', json: { experimentModelId: model, registryModelName: 'x', version: 'v1' } }, 400, 42001);
      await fails('/write/registry-model', { method: 'POST', json: { experimentModelId: '0'.repeat(32), registryModelName: 'x', version: '1.0.0' } }, 400, 42006);
      await fails('/write/registry-model/item', { method: 'POST', json: { experimentModelId: model, registryModelName: 'nope', version: '1.0.0' } }, 400, 42008);
      await fails('/write/registry-model', { method: 'POST', json: { experimentModelId: experimentModelId(key(10), 'fraud-classifier'), registryModelName: 'fraud-classifier', version: '9.0.0' } }, 400, 0);
      await fails('/write/registry-model/item', { method: 'POST', json: { experimentModelId: experimentModelId(key(27), 'fraud-classifier'), registryModelName: 'fraud-classifier', version: '1.1.0' } }, 400, 0);
      await fails('/write/registry-model/item/stage', { query: { modelItemId: 'nope', stage: 'production' } }, 400, 42008);
      await fails('/registry-model/details', { query: { workspaceName: 'switchyard', modelName: 'nope' } }, 400, 42008);
      await fails('/registry-model', { query: { workspaceName: 'nope' } }, 400, 90219);
      await fails('/registry-model/count', {}, 400, 90219);
      await fails('/experiment/model', { query: { experimentKey: '0'.repeat(32) } }, 404, 90211);
      await fails('/experiment/model', {}, 400, 90998);
      await fails('/experiment/model/asset/list', { query: { experimentKey: runA, modelName: 'nope' } }, 400, 42006);
    });
  });
});
