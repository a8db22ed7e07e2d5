import { describe, expect, it } from '@jest/globals';
import type { UnionTask } from '../cmf/cmfUnionQuery.js';
import { executionItem, executionLabel, executionsByStage, pipelineNames, pipelineStages, stageOf } from '../cmf/cmfUnionRender.js';
import { unionSources } from '../shared/unionSources.js';

const task = (over: Partial<UnionTask> & { id: string }): UnionTask => ({
  name: 't', project: 'p', createdAt: null, type: null, status: 'COMPLETED', origin: { source: 'clearml', kind: 'CLEARML', nativeId: over.id.split(':')[2] ?? '' }, ...over,
});
const cmfRow = task({
  id: 'cmf:execution:p/1afa0000-1111', origin: { source: 'cmf', kind: 'CMF', nativeId: '1afa0000-1111' }, stage: 'p/Prepare', executionUuid: '1afa0000-1111', mlmdId: 7,
  raw: { id: 7, properties: { Context_Type: 'p/Prepare', Pipeline_id: 2 }, custom_properties: { split: 0.2 } },
});

describe('the union flag', () => {
  it('reads the query parameter before the header, and a list of names', () => {
    expect(unionSources('?switchyard.sources=all', {})).toBe('all');
    expect(unionSources('?switchyard.sources=cmf,%20comet', { 'x-switchyard-sources': 'all' })).toEqual(['cmf', 'comet']);
    expect(unionSources('', { 'x-switchyard-sources': 'ALL' })).toBe('all');
    expect(unionSources('?switchyard.sources=', {})).toBeUndefined();
    expect(unionSources('?x=1', {})).toBeUndefined();
  });
});

describe('CMF shapes of unified tasks', () => {
  it('names stages and labels: CMF\'s own for its rows, the project then type or source for the others', () => {
    const clearml = task({ id: 'clearml:task:abc', project: 'a/b', type: 'training' });
    const comet = task({ id: 'comet:experiment:def', origin: { source: 'comet', kind: 'COMET', nativeId: 'def' } });
    expect([stageOf(cmfRow), stageOf(clearml), stageOf(comet)]).toEqual(['p/Prepare', 'a/b/training', 'p/comet']);
    expect([executionLabel(cmfRow, 'cmf'), executionLabel(clearml, 'cmf'), executionLabel(comet, 'cmf')]).toEqual(['Prepare_1afa', 'training_clearml:task:abc', 'comet_comet:experiment:def']);
    // Another CMF instance's MLMD ids would collide with the mount's: it gets global ids.
    expect(executionLabel(cmfRow, 'cmf2')).toBe('Prepare_cmf:execution:p/1afa0000-1111');
    expect(pipelineNames([cmfRow, clearml, comet, task({ id: 'clearml:task:x', project: null })])).toEqual(['p', 'a/b']);
    expect(pipelineStages([cmfRow, comet])).toEqual({ stages: ['p/Prepare', 'p/comet'], total_stages: 2 });
  });

  it('renders execution items from MLMD for CMF rows and from unified fields for the others', () => {
    expect(executionItem(cmfRow, 'cmf')).toEqual({ execution_id: 7, execution_properties: [{ name: 'Context_Type', value: 'p/Prepare' }, { name: 'Pipeline_id', value: '2' }, { name: 'split', value: '0.2' }] });
    const item = executionItem(task({ id: 'clearml:task:abc', createdAt: '2026-01-02T03:04:05.000Z', parameters: [{ section: 'Args', name: 'lr', value: '0.1' }] }), 'cmf');
    expect(item.execution_id).toBe('clearml:task:abc');
    expect(item.execution_properties).toContainEqual({ name: 'Execution_uuid', value: 'clearml:task:abc' });
    expect(item.execution_properties).toContainEqual({ name: 'Args/lr', value: '0.1' });
    expect(item.execution_properties).toContainEqual({ name: 'original_create_time_since_epoch', value: String(Date.parse('2026-01-02T03:04:05.000Z')) });
  });

  it('filters, sorts by creation time (nulls last) and pages a stage', () => {
    const rows = ['2026-01-01', '2026-01-03', null, '2026-01-02'].map((d, i) => task({ id: `clearml:task:${i}`, type: 'training', createdAt: d ? `${d}T00:00:00.000Z` : null }));
    const page = (over: Partial<Parameters<typeof executionsByStage>[2]>) => executionsByStage(rows, 'cmf', { stageName: 'p/training', activePage: 1, recordPerPage: 10, sortOrder: 'DESC', filterValue: '', ...over });
    expect(page({}).items.map((i) => i.execution_id)).toEqual(['clearml:task:1', 'clearml:task:3', 'clearml:task:0', 'clearml:task:2']);
    expect(page({ sortOrder: 'asc', recordPerPage: 2, activePage: 2 })).toMatchObject({ total_items: 4, items: [{ execution_id: 'clearml:task:1' }, { execution_id: 'clearml:task:2' }] });
    expect(page({ filterValue: '2026-01-02' }).items.map((i) => i.execution_id)).toEqual(['clearml:task:3']);
    expect(page({ stageName: 'p/Prepare' })).toEqual({ total_items: 0, items: [] });
  });
});
