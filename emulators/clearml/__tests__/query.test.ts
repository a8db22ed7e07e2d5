import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../json.js';
import { getMany, type GetManyContext, type ScrollStates } from '../query/getMany.js';
import { PROJECT_QUERY_OPTIONS, TASK_QUERY_OPTIONS } from '../query/options.js';
import { ClearMLApiError } from '../errors.js';

function scrolls(): ScrollStates {
  const m = new Map<string, number>();
  return { get: (id) => m.get(id), set: (id, p) => void m.set(id, p) };
}

const ctx = (fidelity: 'real' | 'documented' = 'real'): GetManyContext => ({ fidelity, now: 0, scrolls: scrolls() });

const DOCS: JsonObject[] = [
  { id: 'c', name: 'train-xgb-001', status: 'completed', type: 'training', tags: ['demo', 'xgboost'], system_tags: [], created: '2026-01-05T08:00:00+00:00', last_update: '2026-01-05T09:00:00+00:00', comment: 'Baseline run', hyperparams: { General: { lr: { value: '10' } } } },
  { id: 'a', name: 'train-lgbm-002', status: 'failed', type: 'training', tags: ['demo', 'lightgbm'], system_tags: ['archived'], created: '2026-01-05T10:00:00+00:00', last_update: '2026-01-05T11:00:00.500000+00:00', hyperparams: { General: { lr: { value: '9' } } } },
  { id: 'b', name: 'prep-features-003', status: 'completed', type: 'data_processing', tags: [], system_tags: [], created: '2026-01-05T12:00:00+00:00', last_update: '2026-01-05T09:00:00+00:00', comment: 'nightly FEATURES' },
  { id: 'd', name: 'Train-upper-004', status: 'created', type: 'training', tags: ['nightly'], system_tags: [], created: '2026-01-05T14:00:00+00:00' },
];

const ids = (params: JsonObject, fidelity: 'real' | 'documented' = 'real'): string[] =>
  getMany(DOCS, params, TASK_QUERY_OPTIONS, ctx(fidelity)).rows.map((r) => String(r['id']));

function apiError(fn: () => unknown): ClearMLApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClearMLApiError) return e;
    throw e;
  }
  throw new Error('expected a ClearMLApiError');
}

describe('get_all list filters', () => {
  it('ORs plain values and excludes with a leading "-" (legacy syntax)', () => {
    expect(ids({ status: ['completed', 'failed'] })).toEqual(['c', 'a', 'b']);
    expect(ids({ system_tags: ['-archived'] })).toEqual(['c', 'b', 'd']);
  });

  it('supports __$not, __$all and __$any operators', () => {
    expect(ids({ tags: ['__$all', 'demo', 'xgboost'] })).toEqual(['c']);
    expect(ids({ tags: ['demo', '__$not', 'lightgbm'] })).toEqual(['c']);
    expect(ids({ tags: ['__$any', 'xgboost', 'nightly'] })).toEqual(['c', 'd']);
  });

  it('matches empty lists when null is in the values', () => {
    expect(ids({ tags: [null] })).toEqual(['b']);
    expect(ids({ tags: ['nightly', null] })).toEqual(['b', 'd']);
  });

  it('rejects non-string values and unknown operators with 400/16', () => {
    expect(apiError(() => ids({ tags: [5] })).subcode).toBe(16);
    expect(apiError(() => ids({ tags: ['__$xor', 'a'] })).message).toBe('Invalid value for fields (Unsupported operator): field=tags, operator=__$xor');
  });

  it('applies get_all_ex filters: any/all include/exclude joined by op', () => {
    expect(ids({ filters: { tags: { any: { include: ['xgboost', 'nightly'] } } } })).toEqual(['c', 'd']);
    expect(ids({ filters: { tags: { all: { include: ['demo'], exclude: ['lightgbm'] } } } })).toEqual(['c']);
    expect(ids({ filters: { tags: { any: { include: [null] } } } })).toEqual(['b']);
  });
});

describe('get_all pattern and multi-field filters', () => {
  it('matches name as a case-sensitive regular expression', () => {
    expect(ids({ name: '^train-' })).toEqual(['c', 'a']);
    expect(ids({ name: 'xgb-00\\d$' })).toEqual(['c']);
  });

  it('matches _any_/_all_ patterns case-insensitively across fields', () => {
    expect(ids({ _any_: { pattern: 'features', fields: ['name', 'comment'] } })).toEqual(['b']);
    expect(ids({ _any_: { pattern: '^train', fields: ['name'] } })).toEqual(['c', 'a', 'd']);
    expect(ids({ _all_: { pattern: 'e', fields: ['name', 'comment'] } })).toEqual(['b']);
  });
});

describe('get_all datetime and range filters', () => {
  it('applies >= / < prefixes on datetime fields', () => {
    expect(ids({ last_update: ['>=2026-01-05T10:00:00'] })).toEqual(['a']);
    expect(ids({ last_update: ['>2026-01-05T08:30:00', '<2026-01-05T10:00:00'] })).toEqual(['c', 'b']);
  });

  it('treats a 2-element list without prefixes as an inclusive range with null bounds', () => {
    expect(ids({ last_update: ['2026-01-05T09:00:00', '2026-01-05T11:00:00.500'] })).toEqual(['c', 'a', 'b']);
    expect(ids({ created: [null, '2026-01-05T10:00:00Z'] })).toEqual(['c', 'a']);
    expect(ids({ created: ['2026-01-05T12:00:00', null] })).toEqual(['b', 'd']);
  });

  it('requires range fields to be [min, max]', () => {
    expect(apiError(() => ids({ created: ['>=2026-01-01'] })).message).toBe(
      'Validation error (Min and max values should be specified for range field created)',
    );
  });
});

describe('get_all ordering', () => {
  it('orders by dotted keys with "-" for descending and id as the tie-breaker', () => {
    expect(ids({ order_by: ['-last_update'] })).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ order_by: ['last_update'] })).toEqual(['b', 'c', 'a', 'd']);
    expect(ids({ order_by: ['status', '-name'] })).toEqual(['c', 'b', 'd', 'a']);
  });

  it('puts documents without the first ascending key last', () => {
    expect(ids({ order_by: ['comment'] })).toEqual(['c', 'b', 'a', 'd']);
  });

  it('sorts hyperparameters with numeric collation', () => {
    expect(ids({ order_by: ['hyperparams.General.lr.value'], id: ['a', 'c'] })).toEqual(['a', 'c']);
  });

  it('keeps insertion order without order_by', () => {
    expect(ids({})).toEqual(['c', 'a', 'b', 'd']);
  });
});

describe('get_all paging, scrolling and projection', () => {
  it('pages with page/page_size', () => {
    expect(ids({ order_by: ['id'], page: 1, page_size: 2 })).toEqual(['c', 'd']);
    expect(ids({ order_by: ['id'], page: 2, page_size: 2 })).toEqual([]);
  });

  it('caps page_size at 500 and defaults it to 500 in clearml-server 2.3.0 (real)', () => {
    const many = Array.from({ length: 620 }, (_, i) => ({ id: String(i).padStart(4, '0') }));
    expect(getMany(many, { page_size: 1000 }, TASK_QUERY_OPTIONS, ctx()).rows).toHaveLength(500);
    expect(getMany(many, { page: 1 }, TASK_QUERY_OPTIONS, ctx()).rows).toHaveLength(120);
  });

  it('requires page_size with page under documented fidelity (400/11)', () => {
    const e = apiError(() => ids({ page: 0 }, 'documented'));
    expect([e.code, e.subcode, e.message]).toEqual([400, 11, 'Missing required fields (page_size is required when page is requested): field=page_size']);
  });

  it('scrolls with size + scroll_id and rejects unknown scroll ids', () => {
    const c = ctx();
    const first = getMany(DOCS, { size: 3, scroll_id: null }, TASK_QUERY_OPTIONS, c);
    expect(first.rows.map((r) => r['id'])).toEqual(['c', 'a', 'b']);
    const second = getMany(DOCS, { size: 3, scroll_id: first.scrollId ?? '' }, TASK_QUERY_OPTIONS, c);
    expect(second.rows.map((r) => r['id'])).toEqual(['d']);
    expect(second.scrollId).toBe(first.scrollId);
    const refreshed = getMany(DOCS, { size: 1, scroll_id: first.scrollId ?? '', refresh_scroll: true }, TASK_QUERY_OPTIONS, c);
    expect(refreshed.rows).toHaveLength(4);
    expect(apiError(() => getMany(DOCS, { size: 3, scroll_id: 'nope' }, TASK_QUERY_OPTIONS, c)).subcode).toBe(1104);
    expect(apiError(() => getMany(DOCS, { scroll_id: null }, TASK_QUERY_OPTIONS, c)).subcode).toBe(12);
  });

  it('projects dotted paths, always includes id and honours "-" exclusions', () => {
    const [row] = getMany(DOCS, { id: ['c'], only_fields: ['name', 'hyperparams.General.lr'] }, TASK_QUERY_OPTIONS, ctx()).rows;
    expect(row).toEqual({ id: 'c', name: 'train-xgb-001', hyperparams: { General: { lr: { value: '10' } } } });
    const [excluded] = getMany(DOCS, { id: ['d'], only_fields: ['-tags', '-created'] }, TASK_QUERY_OPTIONS, ctx()).rows;
    expect(Object.keys(excluded ?? {})).toEqual(['id', 'name', 'status', 'type', 'system_tags']);
  });

  it('projects through lists element by element', () => {
    const docs = [{ id: 'x', models: { output: [{ name: 'm', model: 'm1', updated: 't' }] } }];
    const [row] = getMany(docs, { only_fields: ['models.output.model'] }, TASK_QUERY_OPTIONS, ctx()).rows;
    expect(row).toEqual({ id: 'x', models: { output: [{ model: 'm1' }] } });
  });

  it('hides exclude-by-default fields such as a project path', () => {
    const [row] = getMany([{ id: 'p', name: 'a', path: ['q'] }], {}, PROJECT_QUERY_OPTIONS, ctx()).rows;
    expect(row).toEqual({ id: 'p', name: 'a' });
  });
});
