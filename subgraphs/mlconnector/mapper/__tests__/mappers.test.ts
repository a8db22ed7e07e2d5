import { describe, expect, it } from '@jest/globals';
import { exchange, failedStatusResponse, statusValues } from '../../__tests__/fixtures.js';
import { mapDeployment, mapModel, mapOperation, parsePyLiteral, parseStatusResponse, parseStatusValue } from '../index.js';

const MODEL = 'b2078e0e-e2f3-4870-840c-7f9fbf2ab76d';
const DEP = '3f9a1c2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

describe('parsePyLiteral', () => {
  it('reads dicts, nested quotes, None/True/False, tuples and numbers', () => {
    expect(parsePyLiteral(`{'a': None, "b": True, 'c': (1, -2.5), 'd': [False, 'x\\'y']}`)).toEqual({ a: null, b: true, c: [1, -2.5], d: [false, "x'y"] });
  });
  it('answers undefined for what is not a literal', () => {
    expect(parsePyLiteral('Deployment_Failed')).toBeUndefined();
    expect(parsePyLiteral("{'a': 1} trailing")).toBeUndefined();
  });
});

describe('deployment status strings', () => {
  it('maps every recorded Northbound value', () => {
    const v = statusValues();
    expect(parseStatusValue(v['pending'])).toMatchObject({ state: 'pending', status: 'PENDING', updatedAt: '2025-07-01T10:15:42.123Z' });
    expect(parseStatusValue(v['under_deployment'])).toMatchObject({ state: 'under_deployment', status: 'DEPLOYING' });
    expect(parseStatusValue(v['deployed'])).toMatchObject({ status: 'RUNNING', localEndpoint: '10.43.12.7:8000', globalEndpoint: '192.168.5.21:30801' });
    expect(parseStatusValue(v['deployed_no_nodeport'])).toMatchObject({ status: 'RUNNING', globalEndpoint: null });
    expect(parseStatusValue(v['failed'])).toMatchObject({ state: 'Deployment_Failed', status: 'FAILED' });
    expect(parseStatusValue(v['to_be_removed'])).toMatchObject({ status: 'STOPPING' });
    expect(parseStatusValue('Removed').status).toBe('STOPPED');
    expect(parseStatusValue('waiting').status).toBe('PENDING');
    expect(parseStatusValue('something new').status).toBe('UNKNOWN');
  });

  it('unwraps GET /deployment/get/status answers (repr in repr, and the raw JSON text)', () => {
    const pending = exchange('deployment_status_200_pending').response.body as { response: string };
    const deployed = exchange('deployment_status_200_deployed').response.body as { response: string };
    expect(parseStatusResponse(pending.response)).toMatchObject({ status: 'PENDING' });
    expect(parseStatusResponse(deployed.response)).toMatchObject({ status: 'RUNNING', globalEndpoint: '192.168.5.21:30801' });
    expect(parseStatusResponse(failedStatusResponse())).toMatchObject({ status: 'FAILED', state: 'Deployment_Failed' });
  });
});

describe('mapModel', () => {
  it('maps the recorded MLModel without timestamps, stages or metrics', () => {
    const [wire] = exchange('model_all_200').response.body as unknown[];
    const m = mapModel(wire, 'mlc');
    expect(m).toMatchObject({
      __typename: 'MLConnectorModel',
      id: `mlc:model:${MODEL}`,
      origin: { source: 'mlc', kind: 'MLCONNECTOR', nativeId: MODEL, url: null },
      name: 'GradientBoostingRegressor',
      kind: 'Regressor',
      createdAt: null,
      stages: null,
      metrics: null,
      tags: ['regression', 'fast'],
      hyperparameters: [{ section: null, name: 'max_depth', value: '5' }],
      thresholds: [{ metric: 'F1', order: 1, threshold: 0 }],
      trainingResources: [{ name: 'GPU', value: 16, deploy: 'any' }],
      inference: [{ type: 'data', value: null }],
      driftDetection: [{ enabled: true, method: 'mean-shift', methodCode: 0 }],
    });
    expect(m?.features.map((f) => [f.name, f.role])).toEqual([['size', 'INPUT'], ['time_of_day', 'INPUT'], ['download_time_ms', 'TARGET']]);
    expect(m?.raw).toEqual(wire);
  });

  it('maps the create answer too, and refuses objects without modelid', () => {
    expect(mapModel(exchange('model_add_201').response.body, 'mlc')?.modelId).toBeTruthy();
    expect(mapModel({ modelname: 'x' }, 'mlc')).toBeNull();
    expect(mapModel('nope', 'mlc')).toBeNull();
  });
});

describe('mapDeployment', () => {
  it('maps the create answer (waiting → PENDING, model known)', () => {
    const created = exchange('deployment_add_201').response.body as { deployment_id: string; modelid: string; ownerid: string; status: string; placement: Record<string, string> };
    const d = mapDeployment({ deploymentId: created.deployment_id, status: created.status, modelId: created.modelid, ownerId: created.ownerid, placement: created.placement, raw: created }, 'mlc');
    expect(d).toMatchObject({ __typename: 'MLConnectorDeployment', status: 'PENDING', state: 'waiting', modelGlobalId: `mlc:model:${created.modelid}`, owner: created.ownerid, createdAt: null, endpoint: null });
    expect(d.placement).toEqual({ clusterId: created.placement['clusterID'] ?? null, node: created.placement['node'] ?? null, continuum: created.placement['continuum'] ?? null });
  });

  it('maps a /deployment/all entry: status and endpoint, model unknown', () => {
    const all = exchange('deployment_all_200').response.body as { System_status: Record<string, string> };
    const d = mapDeployment({ deploymentId: DEP, status: all.System_status[DEP] }, 'mlc');
    expect(d).toMatchObject({ id: `mlc:deployment:${DEP}`, name: DEP, status: 'RUNNING', endpoint: 'http://192.168.5.21:30801', modelGlobalId: null, placement: null });
  });
});

describe('mapOperation', () => {
  it('maps a recorded operation with its deployment and model', () => {
    const [wire] = exchange('deployment_get_opos_200').response.body as unknown[];
    expect(mapOperation(wire, 'mlc')).toMatchObject({
      __typename: 'MLConnectorOperation',
      id: 'mlc:operation:7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      data: "{'size': 1024.0, 'time_of_day': 'morning'}",
      result: '[342.17]',
      timestamp: '2025-07-01T10:20:00.000Z',
      deploymentGlobalId: `mlc:deployment:${DEP}`,
      modelGlobalId: `mlc:model:${MODEL}`,
      owner: 'agent-1',
    });
  });
});
