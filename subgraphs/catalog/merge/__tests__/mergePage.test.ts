import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { TaskRow } from '../../../shared/model.js';
import { compareRows, isAfter } from '../../../shared/order.js';
import type { ListOrder, SourcePosition } from '../../../shared/sourceContract.js';
import type { SourceState } from '../../cursor/cursor.js';
import { mergePage } from '../mergePage.js';

function row(source: string, n: number, createdAt: number | null, name = `t${n}`): TaskRow {
  return {
    __typename: 'X',
    id: `${source}:task:${n.toString().padStart(4, '0')}`,
    origin: { source, kind: 'CLEARML', nativeId: String(n), url: null },
    name,
    project: null,
    createdAt: createdAt === null ? null : new Date(createdAt).toISOString(),
    status: null,
    archived: false,
    type: null,
    user: null,
    tags: null,
    startedAt: null,
    endedAt: null,
  };
}

/** A source answering keyset pages from its rows, as the contract says. */
function pageFrom(rows: readonly TaskRow[], order: ListOrder, first: number, state: SourceState) {
  const sorted = [...rows].sort(compareRows(order));
  const after: SourcePosition | null = state === 'start' || state === 'done' ? null : state;
  const rest = state === 'done' ? [] : sorted.filter((r) => isAfter(r, after, order));
  return { rows: rest.slice(0, first), hasMore: rest.length > first };
}

describe('mergePage', () => {
  it('pages through several sources with no duplicates and no gaps, in the total order (ties and nulls included)', () => {
    const orders: ListOrder[] = ['CREATED_AT_DESC', 'CREATED_AT_ASC', 'NAME_ASC'];
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ t: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }), name: fc.constantFrom('a', 'b', 'c') }), { maxLength: 25 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(...orders),
        (sources, first, order) => {
          const data = new Map(sources.map((rows, s) => [`s${s}`, rows.map((r, i) => row(`s${s}`, i, r.t === null ? null : r.t * 1000, r.name))]));
          const expected = [...data.values()].flat().sort(compareRows(order)).map((r) => r.id);
          let positions: Record<string, SourceState> = Object.fromEntries([...data.keys()].map((s) => [s, 'start' as SourceState]));
          const seen: string[] = [];
          for (let guard = 0; guard < 200; guard += 1) {
            const pages = [...data].map(([source, rows]) => ({ source, ...pageFrom(rows, order, first, positions[source] ?? 'start'), before: positions[source] ?? 'start' }));
            const merged = mergePage(pages, order, first);
            seen.push(...merged.edges.map((e) => e.row.id));
            positions = { ...positions, ...merged.positions };
            if (!merged.hasNextPage) break;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('records on each edge where every source stands, so any edge resumes exactly after itself', () => {
    const a = [row('a', 1, 5000), row('a', 2, 3000)];
    const b = [row('b', 1, 4000)];
    const merged = mergePage(
      [
        { source: 'a', rows: a, hasMore: true, before: 'start' },
        { source: 'b', rows: b, hasMore: false, before: 'start' },
      ],
      'CREATED_AT_DESC',
      2,
    );
    expect(merged.edges.map((e) => e.row.id)).toEqual(['a:task:0001', 'b:task:0001']);
    expect(merged.edges[0]?.positions).toEqual({ a: { sortKey: 5000, id: 'a:task:0001' }, b: 'start' });
    expect(merged.edges[1]?.positions).toEqual({ a: { sortKey: 5000, id: 'a:task:0001' }, b: 'done' });
    expect(merged.hasNextPage).toBe(true);
  });
});
