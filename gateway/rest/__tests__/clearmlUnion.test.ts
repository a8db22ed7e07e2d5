/** The /clearml union view's pure parts: parameter subsets, filters, the id rule and the renderers. */
import { describe, expect, it } from '@jest/globals';
import { systemClock } from '../../../subgraphs/shared/clock.js';
import { createClearMLMount } from '../clearml/clearmlMount.js';
import { foreignProjectId, md5, refId, rowId } from '../clearml/unionCommon.js';
import { renderModel } from '../clearml/unionModels.js';
import { checkParameters, isInvalid, isUnionEndpoint, parsePaging, projectNameMatcher } from '../clearml/unionParams.js';
import { addSeed, decodeScroll, encodeScroll, type ProjectSeed, renderProject } from '../clearml/unionProjects.js';
import { parseTaskFilter, renderTask } from '../clearml/unionTasks.js';

const CLEARML_ORIGIN = { source: 'clearml', kind: 'CLEARML', nativeId: '4c77ad92bc233bf8a49fdb04aa45a28b' };
const COMET_ORIGIN = { source: 'comet', kind: 'COMET', nativeId: '7b0fcf677b15cdc79215de6896260034' };

describe('parameter subsets', () => {
  it('knows the union endpoints and names the first parameter outside a subset', () => {
    expect(['tasks.get_all', 'tasks.get_all_ex', 'tasks.get_by_id', 'projects.get_all', 'models.get_all'].every((e) => isUnionEndpoint(e))).toBe(true);
    expect(isUnionEndpoint('tasks.create')).toBe(false);
    expect(isUnionEndpoint('toString')).toBe(false);
    expect(checkParameters({ task: 'x', 'switchyard.sources': 'all' }, 'tasks.get_by_id')).toBeUndefined();
    expect(checkParameters({ name: 'x', project: ['p'] }, 'tasks.get_all')).toEqual({ invalid: 'parameter not supported in the Switchyard union view: project' });
    expect(checkParameters({ ready: true }, 'models.get_all')?.invalid).toContain('ready');
  });

  it('maps task filters onto the supergraph and refuses what it cannot express', () => {
    expect(parseTaskFilter({ status: ['in_progress', 'published', 'closed'], tags: ['demo'], system_tags: ['-archived'], name: 'train' }, 'comet, cmf')).toEqual({
      archived: false,
      sources: ['comet', 'cmf'],
      status: ['RUNNING', 'COMPLETED'],
      tags: ['demo'],
      nameContains: 'train',
    });
    expect(parseTaskFilter({}, 'all')).toEqual({ archived: null });
    for (const bad of [{ status: ['running'] }, { tags: ['-demo'] }, { tags: ['__$all', 'a'] }, { system_tags: ['hidden'] }, { name: '^train$' }, { status: [1] }]) {
      expect(isInvalid(parseTaskFilter(bad, 'all'))).toBe(true);
    }
  });

  it('reads offset and scroll paging', () => {
    expect(parsePaging({ page: 2, page_size: 10, order_by: ['name', 'id'] })).toMatchObject({ order: 'NAME_ASC', page: 2, size: 10, scrolling: false });
    expect(parsePaging({ size: 5, scroll_id: null })).toMatchObject({ order: 'CREATED_AT_DESC', size: 5, scrollId: null, scrolling: true });
    expect(parsePaging({ page: 1 })).toEqual({ invalid: 'page requires page_size' });
    expect(isInvalid(parsePaging({ page_size: 501 }))).toBe(true);
    expect(isInvalid(parsePaging({ order_by: ['-last_update'] }))).toBe(true);
  });

  it('matches project names as substrings or as the SDK\'s escaped exact match, never as other regexes', () => {
    const m = (name: string) => {
      const r = projectNameMatcher({ name });
      if (r === undefined || isInvalid(r)) throw new Error(`refused ${name}`);
      return r;
    };
    expect(m('^churn$')('churn')).toBe(true);
    expect(m('^churn$')('churn-2')).toBe(false);
    expect(m('^fraud\\-detection/feature\\ engineering$')('fraud-detection/feature engineering')).toBe(true);
    expect(m('detect')('fraud-detection')).toBe(true);
    for (const name of ['^a.*$', '^\\d$', 'a|b', '^a\\$']) expect(isInvalid(projectNameMatcher({ name }))).toBe(true);
  });
});

describe('the id rule', () => {
  it('keeps native ids for the mount\'s own source and global ids for the rest', () => {
    expect(rowId('clearml:task:abc', CLEARML_ORIGIN, 'clearml')).toBe(CLEARML_ORIGIN.nativeId);
    expect(rowId('comet:experiment:k', COMET_ORIGIN, 'clearml')).toBe('comet:experiment:k');
    // Another ClearML instance is another source.
    expect(rowId('clearml-b:task:x', { ...CLEARML_ORIGIN, source: 'clearml-b' }, 'clearml')).toBe('clearml-b:task:x');
    expect(refId('clearml:task:0123', 'clearml')).toBe('0123');
    expect(refId('comet:experiment:0123', 'clearml')).toBe('comet:experiment:0123');
    expect(refId('clearml-b:task:0123', 'clearml')).toBe('clearml-b:task:0123');
    expect(foreignProjectId('cmf', 'a b/c')).toBe('cmf:project:a%20b%2Fc');
  });
});

describe('renderers', () => {
  const comet = { id: 'comet:experiment:7b0f', name: 'cmt-run-059', project: 'churn', createdAt: '2026-01-10T07:00:00.000Z', status: 'RUNNING', archived: true, user: null, tags: ['b', 'a'], origin: COMET_ORIGIN, parameters: [{ section: null, name: 'lr', value: '0.1' }], metrics: [{ name: 'loss', variant: null, last: 0.5, min: 0.4, max: null }] };
  const own = { id: 'clearml:task:4c77', name: 'train', project: 'churn', createdAt: '2026-01-10T06:00:00.000Z', status: 'COMPLETED', archived: false, type: 'training', user: 'u1', tags: [], origin: CLEARML_ORIGIN, projectId: 'p1', clearmlStatus: 'published', systemTags: ['development'] };

  it('renders another tracker\'s task with its global id, derived project and source tag', () => {
    const t = renderTask(comet, 'clearml');
    expect(t).toMatchObject({ id: 'comet:experiment:7b0f', name: 'cmt-run-059', status: 'in_progress', created: '2026-01-10T07:00:00.000000+00:00', project: 'comet:project:churn', tags: ['a', 'b'], system_tags: ['archived', 'switchyard:source=comet'] });
    expect(t).not.toHaveProperty('user');
    expect(t['hyperparams']).toEqual({ General: { lr: { section: 'General', name: 'lr', value: '0.1', type: '', description: '' } } });
    // Keyed by md5 of metric and variant, as clearml-server's hash_field_name does.
    expect(t['last_metrics']).toEqual({ [md5('loss')]: { [md5('loss')]: { metric: 'loss', variant: 'loss', value: 0.5, min_value: 0.4 } } });
  });

  it('renders the mount\'s own task as ClearML wrote it; get_all_ex makes project a reference', () => {
    expect(renderTask(own, 'clearml')).toMatchObject({ id: CLEARML_ORIGIN.nativeId, project: 'p1', status: 'published', system_tags: ['development'], type: 'training', user: 'u1' });
    expect(renderTask(own, 'clearml', 'object')['project']).toEqual({ id: 'p1' });
    expect(renderTask(comet, 'clearml', 'object+name')['project']).toEqual({ id: 'comet:project:churn', name: 'churn' });
  });

  it('renders models of the mount and of other trackers', () => {
    const mine = renderModel({ id: 'clearml:model:m1', name: 'm', project: 'churn', createdAt: '2026-01-09T21:04:00.000Z', version: null, framework: 'XGBoost', tags: ['demo'], uri: 's3://x', origin: { ...CLEARML_ORIGIN, nativeId: 'm1' }, producedBy: { id: 'clearml:task:t1' }, taskId: 't1', projectId: 'p1', user: 'u1', ready: true, systemTags: [], labels: { a: 0 }, metadata: null, lastIteration: 3, lastUpdate: null, comment: 'c' }, 'clearml');
    expect(mine).toEqual({ id: 'm1', name: 'm', user: 'u1', created: '2026-01-09T21:04:00.000000+00:00', task: 't1', project: 'p1', comment: 'c', tags: ['demo'], system_tags: [], framework: 'XGBoost', labels: { a: 0 }, uri: 's3://x', ready: true, last_iteration: 3 });
    const version = renderModel({ id: 'comet:model-version:ws/churn/1.0.0', name: 'churn', project: null, createdAt: null, version: '1.0.0', framework: null, tags: null, uri: null, origin: { source: 'comet', kind: 'COMET', nativeId: 'x' }, producedBy: { id: 'comet:experiment:e1' } }, 'clearml');
    expect(version).toEqual({ id: 'comet:model-version:ws/churn/1.0.0', name: 'churn', task: 'comet:experiment:e1', tags: [], system_tags: ['switchyard:source=comet'], metadata: { version: { key: 'version', type: 'str', value: '1.0.0' } } });
    const mlc = renderModel({ id: 'mlconnector:model:u', name: 'f', tags: ['z'], origin: { source: 'mlconnector', kind: 'MLCONNECTOR', nativeId: 'u' }, producedBy: { id: 'clearml:task:t9' } }, 'clearml');
    expect(mlc).toMatchObject({ id: 'mlconnector:model:u', task: 't9' });
  });

  it('groups tasks into projects, earliest task first', () => {
    const seeds = new Map<string, ProjectSeed>();
    addSeed(seeds, { project: 'a/b', createdAt: '2026-01-02T00:00:00.000Z', origin: CLEARML_ORIGIN, projectId: 'p1' }, 'clearml');
    addSeed(seeds, { project: 'a/b', createdAt: '2026-01-01T00:00:00.000Z', origin: CLEARML_ORIGIN, projectId: 'p1' }, 'clearml');
    addSeed(seeds, { project: 'a/b', createdAt: '2026-01-03T00:00:00.000Z', origin: COMET_ORIGIN }, 'clearml');
    addSeed(seeds, { project: null, createdAt: '2026-01-03T00:00:00.000Z', origin: COMET_ORIGIN }, 'clearml');
    expect([...seeds.values()].map(renderProject)).toEqual([
      { id: 'p1', name: 'a/b', basename: 'b', created: '2026-01-01T00:00:00.000000+00:00', tags: [], system_tags: [] },
      { id: 'comet:project:a%2Fb', name: 'a/b', basename: 'b', created: '2026-01-03T00:00:00.000000+00:00', tags: [], system_tags: ['switchyard:source=comet'] },
    ]);
    expect(decodeScroll(encodeScroll(42))).toBe(42);
    expect(decodeScroll(null)).toBe(0);
    expect(decodeScroll('garbage')).toBeUndefined();
  });
});

describe('the mount\'s request kind', () => {
  const mount = createClearMLMount({
    source: 'clearml',
    forward: () => Promise.reject(new Error('not called')),
    invalidate: () => Promise.resolve(),
    keys: { keys: [], acceptAny: true, jwtSecret: 's' },
    clock: systemClock,
    run: () => Promise.reject(new Error('not called')),
  });
  const kind = (path: string, search = '', headers: Record<string, string> = {}) => mount.kindOf({ method: 'POST', path, search, headers, requestId: 'r' });

  it('marks exactly the union requests as rendered, whatever the source selection', () => {
    expect(kind('/v2.23/projects.get_all', '?switchyard.sources=all')).toEqual({ write: false, rendered: true });
    expect(kind('/models.get_all', '?switchyard.sources=comet,cmf')).toEqual({ write: false, rendered: true });
    expect(kind('/tasks.get_by_id', '', { 'x-switchyard-sources': 'all' })).toEqual({ write: false, rendered: true });
    expect(kind('/tasks.get_all_ex')).toEqual({ write: false, rendered: false });
    // A union selection on another endpoint is passed through, so it is gated as a passthrough.
    expect(kind('/tasks.create', '?switchyard.sources=all')).toEqual({ write: true, rendered: false });
  });
});
