import { describe, expect, it } from '@jest/globals';
import { pyDatetime, pyStr, renderModel, statusResponse, statusValue, systemStatus, type UnionDeployment } from '../mlconnector/mlconnectorUnionRender.js';

const serving = (over: Partial<UnionDeployment> = {}): UnionDeployment => ({
  id: 'clearml:serving:fraud', createdAt: '2026-01-02T03:04:05.123Z', status: 'RUNNING', endpoint: 'http://h/serve/fraud', origin: { source: 'clearml', kind: 'CLEARML', nativeId: 'fraud' }, ...over,
});

describe('MLConnector shapes of unified models and deployments', () => {
  it('keeps MLConnector\'s own model object, and fills the MLModel shape for the others with their global id', () => {
    const raw = { modelname: 'm', modelkind: 'k', trainingresource: [], modelid: 'u-1' };
    expect(renderModel({ id: 'mlconnector:model:u-1', name: 'm', framework: null, tags: null, origin: { source: 'mlconnector', kind: 'MLCONNECTOR', nativeId: 'u-1' }, raw }, 'mlconnector')).toEqual(raw);
    const other = renderModel({ id: 'comet:model-version:w/m/1.0.0', name: 'm', framework: 'torch', tags: ['a'], origin: { source: 'comet', kind: 'COMET', nativeId: 'x' } }, 'mlconnector');
    expect(Object.keys(other)).toEqual(['modelname', 'modelkind', 'hyperparameter', 'modelperformance', 'trainingresource', 'runresource', 'featurelist', 'inference', 'modeltags', 'drift_detection', 'modelid']);
    expect(other).toMatchObject({ modelkind: 'torch', trainingresource: [], modeltags: ['a'], modelid: 'comet:model-version:w/m/1.0.0' });
  });

  it('writes Python reprs as Northbound does', () => {
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr('a\\b\'"')).toBe("'a\\\\b\\'\"'");
    expect(pyDatetime('2026-01-02T03:04:05.123Z')).toBe('2026-01-02 03:04:05.123000');
    expect(pyDatetime('2026-01-02T03:04:05.000Z')).toBe('2026-01-02 03:04:05');
  });

  it('builds status values: dict reprs, plain strings for failures and removals, MLConnector\'s own value verbatim', () => {
    expect(statusValue(serving())).toBe("{'status': 'deployed', 'timestamp': '2026-01-02 03:04:05.123000', 'global_endpoint': 'http://h/serve/fraud'}");
    expect(statusValue(serving({ status: 'FAILED' }))).toBe('Deployment_Failed');
    expect(statusValue(serving({ status: 'PENDING', createdAt: null }))).toBe("{'status': 'pending'}");
    expect(statusValue(serving({ origin: { source: 'mlconnector', kind: 'MLCONNECTOR', nativeId: 'd' }, raw: { status: "{'status': 'waiting'}" } }))).toBe("{'status': 'waiting'}");
    expect(systemStatus([], 'mlconnector')).toEqual({ status: 'No data in the system.' });
    expect(systemStatus([serving({ status: 'STOPPED' })], 'mlconnector')).toEqual({ System_status: { 'clearml:serving:fraud': 'Removed' } });
  });

  it('answers the by-id status as str() of Northbound\'s answer, or its JSON text for a plain state', () => {
    expect(statusResponse('clearml:serving:fraud', serving({ createdAt: null, endpoint: null }))).toEqual({ response: `{'Model ': 'clearml:serving:fraud', 'status': "{'status': 'deployed'}"}` });
    expect(statusResponse('x', serving({ status: 'FAILED' }))).toEqual({ response: '{"Model ":"x","status":"Deployment_Failed"}' });
  });
});
