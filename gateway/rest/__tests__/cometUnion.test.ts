/** The /comet union view's pure parts: request parsing, ids, and the rows → Comet shapes mapping. */
import { describe, expect, it } from '@jest/globals';
import { cometRequestKind } from '../../access/passthroughGate.js';
import { parseProjectId, projectIdOf, taskIdOf } from '../comet/unionIds.js';
import { parseUnionRequest } from '../comet/unionRequest.js';
import { unionFlag as cometUnionFlag } from '../shared/unionSources.js';
import { type ModelRow, renderExperiment, renderMetricSummaries, renderParameterSummaries, renderRegistryModels, type TaskRow } from '../comet/unionShapes.js';

const get = (path: string, search = '') => ({ method: 'GET', path, search });

describe('union request', () => {
  it('reads the flag from the query, else the header; empty means no union view', () => {
    expect(cometUnionFlag('?switchyard.sources=all', {})).toBe('all');
    expect(cometUnionFlag('', { 'x-switchyard-sources': 'clearml, comet' })).toBe('clearml, comet');
    expect(cometUnionFlag('?switchyard.sources=', {})).toBeUndefined();
    expect(cometUnionFlag('?workspaceName=x', {})).toBeUndefined();
  });

  it('parses the declared parameters and the source list', () => {
    expect(parseUnionRequest(get('/api/rest/v2/experiments/', '?projectId=p&archived=true&switchyard.sources=x'), 'clearml, comet')).toEqual({ route: '/experiments', params: { projectId: 'p', archived: 'true' }, sources: ['clearml', 'comet'] });
    expect(parseUnionRequest(get('/api/rest/v2/workspaces'), 'all')).toMatchObject({ route: '/workspaces', sources: 'all' });
  });

  it('refuses a parameter outside the subset, naming it', () => {
    expect(parseUnionRequest(get('/api/rest/v2/projects', '?workspaceName=w&page=2'), 'all')).toEqual({ status: 400, msg: expect.stringContaining('page'), sdkErrorCode: 0 });
  });

  it('refuses routes it does not render and methods other than GET', () => {
    expect(parseUnionRequest(get('/api/rest/v2/experiment/tags', '?experimentKey=k'), 'all')).toMatchObject({ status: 400 });
    expect(parseUnionRequest({ method: 'POST', path: '/api/rest/v2/experiments', search: '' }, 'all')).toMatchObject({ status: 405 });
  });

  it('marks flagged requests as rendered for the access gate', () => {
    expect(cometRequestKind('GET', '/api/rest/v2/experiments', true)).toEqual({ write: false, rendered: true });
    expect(cometRequestKind('GET', '/api/rest/v2/experiments')).toEqual({ write: false, rendered: false });
  });
});

describe('union ids', () => {
  it('round-trips project ids, names with / and : included', () => {
    for (const [ws, name] of [[null, 'fraud-detection/feature-engineering'], ['team:a', 'churn 2'], [null, '100%']] as const) {
      expect(parseProjectId(projectIdOf('clearml', ws, name))).toEqual({ source: 'clearml', workspace: ws, project: name });
    }
    expect(projectIdOf('comet', 'switchyard', 'churn')).toBe('comet:project:switchyard/churn');
    expect(parseProjectId('ebfbbc1212004f92b618d50db41f27f3')).toBeUndefined();
    expect(parseProjectId('clearml:task:abc')).toBeUndefined();
  });

  it('reads an experimentKey as a global id or a key of the mount\'s source', () => {
    expect(taskIdOf('clearml:task:abc', 'comet')).toBe('clearml:task:abc');
    expect(taskIdOf('0123456789abcdef0123456789abcdef', 'comet')).toBe('comet:experiment:0123456789abcdef0123456789abcdef');
  });
});

const clearmlTask: TaskRow = {
  id: 'clearml:task:t1', name: 'train', project: 'churn', createdAt: '2026-01-01T00:00:00.000Z', status: 'COMPLETED', archived: false, user: 'u',
  startedAt: '2026-01-01T00:01:00.000Z', endedAt: '2026-01-01T00:02:00.000Z', origin: { source: 'clearml', kind: 'CLEARML', nativeId: 't1' },
  parameters: [{ section: 'Args', name: 'lr', value: '0.1' }],
  metrics: [{ name: 'loss', variant: 'train', last: 0.5, min: 0.25, max: 1, step: null, updatedAt: null }, { name: 'acc', variant: 'acc', last: 0.9, min: null, max: null, step: 3, updatedAt: null }],
};

describe('task shapes', () => {
  it('renders another tracker\'s task as ExperimentMetadata with its global id', () => {
    expect(renderExperiment(clearmlTask, 'comet')).toEqual({
      experimentKey: 'clearml:task:t1', experimentName: 'train', optimizationId: null, projectId: 'clearml:project:churn', projectName: 'churn', workspaceName: 'clearml',
      filePath: null, fileName: null, durationMillis: 60_000, startTimeMillis: Date.parse('2026-01-01T00:01:00.000Z'), endTimeMillis: Date.parse('2026-01-01T00:02:00.000Z'), archived: false, running: false, throttle: false,
    });
  });

  it('keeps a Comet row\'s own key and fields', () => {
    const row: TaskRow = { ...clearmlTask, id: 'comet:experiment:k', origin: { source: 'comet', kind: 'COMET', nativeId: 'k' }, experimentName: null, workspace: 'ws', running: true, durationMillis: 5 };
    expect(renderExperiment(row, 'comet')).toMatchObject({ experimentKey: 'k', experimentName: null, projectId: 'comet:project:ws/churn', workspaceName: 'ws', running: true, durationMillis: 5 });
    expect(renderExperiment(row, 'comet-eu')).toMatchObject({ experimentKey: 'comet:experiment:k' });
  });

  it('names metrics <metric>/<variant> and parameters <section>/<name>, values as strings', () => {
    expect(renderMetricSummaries(clearmlTask).map((m) => [m['name'], m['valueCurrent'], m['valueMin'], m['stepCurrent']])).toEqual([['loss/train', '0.5', '0.25', null], ['acc', '0.9', null, 3]]);
    expect(renderParameterSummaries(clearmlTask)).toEqual([expect.objectContaining({ name: 'Args/lr', valueCurrent: '0.1', valueMax: '0.1', editable: false })]);
  });
});

describe('registry shapes', () => {
  const version = (v: string, created: string): ModelRow => ({
    __typename: 'CometModelVersion', id: `comet:model-version:ws/m/${v}`, name: 'm', createdAt: created, version: v, stages: ['staging'],
    origin: { source: 'comet', kind: 'COMET', nativeId: `item-${v}` }, workspace: 'ws', registryModelId: 'rm', registryModelName: 'm', experimentKey: 'k', experimentModelName: 'm', user: 'me', lastUpdated: created,
  });
  const experimentModel: ModelRow = { __typename: 'CometExperimentModel', id: 'comet:experiment-model:k/m', name: 'm', createdAt: null, version: null, stages: null, origin: { source: 'comet', kind: 'COMET', nativeId: 'em' }, workspace: 'ws', experimentKey: 'k', experimentModelId: 'em-id' };
  const mlc: ModelRow = { __typename: 'MLConnectorModel', id: 'mlconnector:model:u', name: 'clf', createdAt: null, version: null, stages: null, origin: { source: 'mlconnector', kind: 'MLCONNECTOR', nativeId: 'u' } };

  it('groups Comet versions under their registry model, latest by semver; other models stand alone', () => {
    const out = renderRegistryModels([version('1.9.0', '2026-01-01T00:00:00Z'), version('1.10.0', '2026-01-02T00:00:00Z'), experimentModel, mlc], 'comet');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ registryModelId: 'rm', modelName: 'm', numberOfVersions: 2, latestVersion: { registryModelItemId: 'item-1.10.0', version: '1.10.0', experimentModel: { experimentModelId: 'em-id', experimentKey: 'k', modelName: 'm' } } });
    expect(out[1]).toMatchObject({ registryModelId: 'mlconnector:model:u', modelName: 'clf', numberOfVersions: 1, latestVersion: { registryModelItemId: 'mlconnector:model:u', stages: [] } });
  });

  it('names another Comet instance\'s registry objects by global ids', () => {
    const [m] = renderRegistryModels([version('1.0.0', '2026-01-01T00:00:00Z')], 'comet-eu');
    expect(m).toMatchObject({ registryModelId: 'comet:model-version:ws/m/1.0.0', latestVersion: { registryModelItemId: 'comet:model-version:ws/m/1.0.0', experimentModel: { experimentKey: 'comet:experiment:k', experimentModelId: 'comet:experiment-model:k/m' } } });
  });
});
