/**
 * Every recorded exchange of exchanges.json replayed over real HTTP, in an order that builds the state each one
 * needs, against an unseeded emulator on a ManualClock. Server-chosen values (uuid4 ids, lifecycle timestamps,
 * endpoints) are substituted; everything else is compared exactly, and success bodies are checked against the
 * response schemas of openapi.json.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import type { ManualClock } from '../../../emulators/shared/index.js';
import { type Answer, conforms, EXCHANGES, type Exchange, type Json, REC_DEPLOYMENT_ID, REC_MODEL_ID, replay, responseSchema, startEmpty, UUID4 } from './helpers.js';

const TEMPLATES: Record<string, [string, string]> = {
  model_add_201: ['POST', '/model/add'],
  model_all_200: ['GET', '/model/all'],
  model_getkind_200: ['GET', '/model/getkind/{modelkind}'],
  model_search_200: ['GET', '/model/search'],
  model_upload_201: ['POST', '/model/{model_id}/upload'],
  deployment_add_201: ['POST', '/deployment/add'],
  deployment_add_operation_201: ['POST', '/deployment/add/operation'],
  deployment_get_opos_200: ['GET', '/deployment/get/opos/{ownerid}'],
};

describe('MLConnector emulator: recorded exchanges replayed', () => {
  let em: MLConnectorEmulator;
  let clock: ManualClock;
  let modelId = '';
  let deploymentId = '';
  let operationId = '';
  const seen = new Set<string>();

  const rewrite = (s: string): string => s.split(REC_MODEL_ID).join(modelId || REC_MODEL_ID).split(REC_DEPLOYMENT_ID).join(deploymentId || REC_DEPLOYMENT_ID);
  const expected = (key: string): Json => {
    const body = EXCHANGES[key]?.response.body ?? null;
    return JSON.parse(rewrite(JSON.stringify(body)).split('7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f').join(operationId || '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f')) as Json;
  };
  const run = async (key: string): Promise<Answer> => {
    const ex = EXCHANGES[key] as Exchange;
    seen.add(key);
    const res = await replay(em.url, ex, rewrite);
    expect(res.status).toBe(ex.response.status);
    expect(res.contentType).toBe(ex.response.content_type);
    const template = TEMPLATES[key];
    if (template && res.json !== undefined) expect(conforms(res.json, responseSchema(template[0], template[1], ex.response.status))).toEqual([]);
    return res;
  };
  const exact = async (key: string): Promise<void> => {
    const res = await run(key);
    if (typeof EXCHANGES[key]?.response.body === 'string') expect(res.text).toBe(EXCHANGES[key]?.response.body);
    else expect(res.json).toEqual(expected(key));
  };

  beforeAll(async () => {
    ({ em, clock } = await startEmpty());
  });
  afterAll(async () => {
    await em.close();
  });

  it('reports an empty model table as 404', async () => {
    await exact('model_all_404_empty');
  });

  it('rejects bad model bodies with the recorded 422s', async () => {
    for (const key of ['model_add_422_missing_required', 'model_add_422_without_drift_detection', 'model_add_422_float_threshold', 'model_add_422_inference_value_missing', 'model_add_422_trainingresource_null', 'model_add_422_no_body', 'model_add_422_invalid_json']) {
      await exact(key);
    }
    expect(em.store.models.size).toBe(0);
  });

  it('registers a model with a uuid4 id as the last property', async () => {
    const res = await run('model_add_201');
    const body = res.json as Record<string, Json>;
    modelId = body['modelid'] as string;
    expect(modelId).toMatch(UUID4);
    expect(Object.keys(body).at(-1)).toBe('modelid');
    expect(body).toEqual(expected('model_add_201'));
  });

  it('lists, filters by kind and searches by tags', async () => {
    for (const key of ['model_all_200', 'model_all_422_bad_int', 'model_getkind_200', 'model_getkind_404', 'model_search_200', 'model_search_404']) await exact(key);
  });

  it('uploads files (rewritten name) and rejects bad uploads', async () => {
    for (const key of ['model_upload_201', 'model_upload_422_bad_kind', 'model_upload_422_missing_file', 'model_upload_404_unknown_model', 'model_patch_200_stub']) await exact(key);
    expect(em.store.files.size).toBe(1);
  });

  it('creates a deployment (201 waiting) and rejects bad ones', async () => {
    const res = await run('deployment_add_201');
    deploymentId = (res.json as Record<string, Json>)['deployment_id'] as string;
    expect(deploymentId).toMatch(UUID4);
    expect(res.json).toEqual(expected('deployment_add_201'));
    for (const key of ['deployment_add_422_bool_continuum', 'deployment_add_422_deployment_id_omitted', 'deployment_add_404_unknown_model', 'deployment_status_404']) await exact(key);
  });

  it('reports the status strings as recorded while the clock advances', async () => {
    const pending = await run('deployment_status_200_pending');
    // The clock has millisecond resolution: Python's microseconds print as `.123000`.
    expect(pending.json).toEqual(JSON.parse(JSON.stringify(expected('deployment_status_200_pending')).replace('10:15:42.123456', '10:15:42.123000')));
    clock.advance(60_000);
    const deployed = await run('deployment_status_200_deployed');
    const endpoint = new URL(em.url).host;
    const want = JSON.stringify(expected('deployment_status_200_deployed'))
      .replace('2025-07-01 10:17:03.654321', '2025-07-01 10:16:12.123000')
      .replace('10.43.12.7:8000', em.store.northbound.get(deploymentId)?.localEndpoint ?? '')
      .replace('192.168.5.21:30801', `${endpoint}/inference/${deploymentId}`);
    expect(deployed.json).toEqual(JSON.parse(want));
    const all = await run('deployment_all_200');
    const wantAll = JSON.stringify(expected('deployment_all_200'))
      .replace('2025-07-01 10:17:03.654321', '2025-07-01 10:16:12.123000')
      .replace('10.43.12.7:8000', em.store.northbound.get(deploymentId)?.localEndpoint ?? '')
      .replace('192.168.5.21:30801', `${endpoint}/inference/${deploymentId}`);
    expect(all.json).toEqual(JSON.parse(wantAll));
  });

  it('records and lists inference operations', async () => {
    const res = await run('deployment_add_operation_201');
    operationId = (res.json as Record<string, Json>)['operationid'] as string;
    expect(operationId).toMatch(UUID4);
    expect(res.json).toEqual(expected('deployment_add_operation_201'));
    for (const key of ['deployment_get_opos_200', 'deployment_get_opos_404']) await exact(key);
  });

  it('deletes deployments and models (after their references are gone)', async () => {
    // Real DB: operations and files reference their deployment/model (FK, no cascade) → plain 500.
    expect((await replay(em.url, EXCHANGES['deployment_delete_200'] as Exchange, rewrite)).text).toBe('Internal Server Error');
    const store = em.store as unknown as { operations: unknown[]; files: Map<string, unknown> };
    store.operations.length = 0;
    await exact('deployment_delete_200');
    await exact('deployment_delete_404');
    expect((await replay(em.url, EXCHANGES['model_delete_200'] as Exchange, rewrite)).text).toBe('Internal Server Error');
    store.files.clear();
    await exact('model_delete_200');
    await exact('model_delete_404');
  });

  it('answers unmounted, unknown and wrong-method routes like FastAPI', async () => {
    for (const key of ['mltraining_add_404_as_shipped', 'unknown_route_404', 'method_not_allowed_405']) await exact(key);
  });

  it('reproduces the 500-after-save quirk of a body without hyperparameter', async () => {
    await exact('model_add_500_minimal_body');
    expect(em.store.models.size).toBe(1);
    expect((await replay(em.url, EXCHANGES['model_all_200'] as Exchange)).text).toBe('Internal Server Error');
  });

  it('replayed every recorded exchange except the mounted-training one (documented fidelity)', () => {
    const left = Object.keys(EXCHANGES).filter((k) => !seen.has(k));
    expect(left).toEqual(['mltraining_add_201_if_router_mounted']);
  });
});
