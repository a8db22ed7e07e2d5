/**
 * Deployment lifecycle on the injected clock (no sleeps): waiting (DB) / pending → under_deployment → deployed or
 * Deployment_Failed, the DB status copied on GET status, /deployment/all from Northbound, DELETE forgetting only the
 * DB row; then the emulated inference container's POST /prediction and its callback to /deployment/add/operation.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MLCONNECTOR_LIFECYCLE, type MLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import type { ManualClock } from '../../../emulators/shared/index.js';
import { call, CONTAINER, EXCHANGES, type Json, type JsonRecord, multipart, startEmpty } from './helpers.js';

const MODEL_BODY = (EXCHANGES['model_add_201']?.request.json ?? null) as JsonRecord;

describe('MLConnector emulator: deployment lifecycle and inference container', () => {
  let em: MLConnectorEmulator;
  let clock: ManualClock;
  let modelId: string;

  const status = async (id: string): Promise<string> => ((await call(em.url, `/deployment/get/status/${id}`)).json as { response: string }).response;
  const deploy = async (placement: JsonRecord, inferenceData = 0, deploymentId = ''): Promise<string> => {
    const res = await call(em.url, '/deployment/add', { json: { modelid: modelId, ownerid: 'agent-7', placement, deployment_id: deploymentId, inference_data: inferenceData } });
    expect(res.status).toBe(201);
    return (res.json as { deployment_id: string }).deployment_id;
  };

  beforeEach(async () => {
    ({ em, clock } = await startEmpty());
    modelId = ((await call(em.url, '/model/add', { json: MODEL_BODY })).json as { modelid: string }).modelid;
    const mp = multipart({ file_kind: 'model' }, { file: { filename: 'gbr.pkl', contentType: 'application/octet-stream', content: 'pickle' } });
    expect((await call(em.url, `/model/${modelId}/upload`, { body: mp.body, headers: mp.headers })).status).toBe(201);
  });
  afterEach(async () => {
    await em.close();
  });

  it('needs an uploaded model file and a model (500 like upstream otherwise)', async () => {
    const other = ((await call(em.url, '/model/add', { json: MODEL_BODY })).json as { modelid: string }).modelid;
    const noFile = await call(em.url, '/deployment/add', { json: { modelid: other, ownerid: 'a', placement: {}, deployment_id: '', inference_data: 0 } });
    expect([noFile.status, noFile.text]).toEqual([500, 'Internal Server Error']);
    const unknown0 = await call(em.url, '/deployment/add', { json: { modelid: 'nope', ownerid: 'a', placement: {}, deployment_id: '', inference_data: 0 } });
    expect([unknown0.status, unknown0.text]).toEqual([500, 'Internal Server Error']);
    const nullId = await call(em.url, '/deployment/add', { json: { modelid: modelId, ownerid: 'a', placement: {}, deployment_id: null, inference_data: 0 } });
    expect(nullId.status).toBe(500);
    expect(em.store.deployments.size).toBe(0);
  });

  it('advances pending → under_deployment → deployed and copies the status into the DB row on GET', async () => {
    const id = await deploy({ clusterID: 'UTH-Internal-testbed', node: '*', continuum: 'Edge' }, 0, 'dep-1');
    expect(id).toBe('dep-1');
    expect(em.store.deployments.get(id)?.status).toBe('waiting');
    expect(await status(id)).toBe(`{'Model ': 'dep-1', 'status': "{'status': 'pending', 'timestamp': '2025-07-01 10:15:42.123000'}"}`);
    expect(em.store.deployments.get(id)?.status).toBe('pending');
    clock.advance(MLCONNECTOR_LIFECYCLE.underDeploymentAfterMs);
    expect(await status(id)).toBe(`{'Model ': 'dep-1', 'status': "{'status': 'under_deployment', 'timestamp': '2025-07-01 10:15:47.123000'}"}`);
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs);
    const host = new URL(em.url).host;
    expect(await status(id)).toMatch(new RegExp(`^\\{'Model ': 'dep-1', 'status': "\\{'status': 'deployed', 'timestamp': '2025-07-01 10:16:12.123000', 'local_endpoint': '10\\.43\\.\\d+\\.\\d+:8000', 'global_endpoint': '${host.replace(/\./g, '\\.')}/inference/dep-1'\\}"\\}$`));
    expect(em.store.deployments.get(id)?.status).toBe('deployed');
    const dup = await call(em.url, '/deployment/add', { json: { modelid: modelId, ownerid: 'a', placement: {}, deployment_id: 'dep-1', inference_data: 0 } });
    expect(dup.status).toBe(500);
  });

  it('fails placements on unknown clusters with the plain Deployment_Failed string', async () => {
    const id = await deploy({ clusterID: 'mars-cluster', node: null, continuum: null }, 0, 'dep-f');
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs);
    expect(await status(id)).toBe('{"Model ":"dep-f","status":"Deployment_Failed"}');
    expect(em.store.deployments.get(id)?.status).toBe('waiting');
    expect((await call(em.url, '/deployment/all')).json).toEqual({ System_status: { 'dep-f': 'Deployment_Failed' } });
  });

  it('lists Northbound deployments; DELETE forgets only the DB row', async () => {
    expect((await call(em.url, '/deployment/all')).json).toEqual({ status: 'No data in the system.' });
    const id = await deploy({ clusterID: '*', node: '*', continuum: '*' }, 1);
    expect(((await call(em.url, '/deployment/all?skip=5&limit=0')).json as { System_status: JsonRecord }).System_status[id]).toBe("{'status': 'pending', 'timestamp': '2025-07-01 10:15:42.123000'}");
    expect((await call(em.url, `/deployment/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(Object.keys(((await call(em.url, '/deployment/all')).json as { System_status: JsonRecord }).System_status)).toEqual([id]);
    expect((await call(em.url, `/deployment/get/status/${id}`)).status).toBe(200);
  });

  it('serves POST /prediction once deployed and posts the operation back', async () => {
    const id = await deploy({ clusterID: 'UTH-Internal-testbed', node: '*', continuum: 'Edge' }, 0, 'dep-p');
    const recorded = CONTAINER['prediction_values_200'] as { request: { json: Json } };
    expect((await call(em.url, `/inference/${id}/prediction`, { json: recorded.request.json })).status).toBe(404);
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs + 8_000);
    const global = /'global_endpoint': '([^']+)'/.exec(await status(id))?.[1] ?? '';
    const res = await call(`http://${global}`, '/prediction', { json: recorded.request.json });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ inference: '[327.7]' });
    expect(em.store.operations).toEqual([
      { ownerid: 'agent-7', deploymentid: id, modelid: modelId, data: "{'size': 1024.0, 'time_of_day': 'morning'}", result: '[327.7]', timestamp: '2025-07-01T10:16:20.123000Z', operationid: em.store.operations[0]?.operationid },
    ]);
    const ops = await call(em.url, '/deployment/get/opos/agent-7');
    expect((ops.json as JsonRecord[]).map((o) => o['result'])).toEqual(['[327.7]']);
    const bad = CONTAINER['prediction_422_missing_feature'] as { request: { json: Json }; response: { status: number; body: Json } };
    const miss = await call(`http://${global}`, '/prediction', { json: bad.request.json });
    expect([miss.status, miss.json]).toEqual([bad.response.status, bad.response.body]);
    expect(em.store.operations).toHaveLength(1);
  });

  it('echoes the link for inference_data 1 without a callback', async () => {
    const id = await deploy({ clusterID: '*', node: '*', continuum: '*' }, 1);
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs);
    const link = CONTAINER['prediction_link_200'] as { request: { json: Json }; response: { body: Json } };
    const res = await call(em.url, `/inference/${id}/prediction`, { json: link.request.json });
    expect([res.status, res.json]).toEqual([200, link.response.body]);
    expect(em.store.operations).toHaveLength(0);
  });

  it('answers a broken model file with the error-as-200 body', async () => {
    const mp = multipart({ file_kind: 'model' }, { file: { filename: 'empty.pkl', contentType: 'application/octet-stream', content: '' } });
    expect((await call(em.url, `/model/${modelId}/upload`, { body: mp.body, headers: mp.headers })).status).toBe(201);
    const id = await deploy({ clusterID: '*', node: '*', continuum: '*' });
    clock.advance(MLCONNECTOR_LIFECYCLE.deployedAfterMs);
    const res = await call(em.url, `/inference/${id}/prediction`, { json: { data: { size: 1, time_of_day: 'night' }, explanation: false } });
    expect([res.status, res.json]).toEqual([200, { error: 'Failed to load model: Ran out of input' }]);
  });
});
