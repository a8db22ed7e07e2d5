/**
 * ClearML keyset listing against the emulator: ties on `created` (several tasks created in the same
 * millisecond), every order, and the rows read per page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { CLEARML_DEMO_CREDENTIALS, type ClearMLEmulator, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache } from '../../shared/cache.js';
import type { EntityRow, TaskRow } from '../../shared/model.js';
import { compareRows, positionOf } from '../../shared/order.js';
import type { ListOrder, SourcePosition } from '../../shared/sourceContract.js';
import { listTasks } from '../listing.js';
import { ClearMLSource } from '../source.js';

const clock = new ManualClock(Date.parse('2026-03-01T00:00:00.000Z'));
let em: ClearMLEmulator;
let source: ClearMLSource;
const auth = `Basic ${Buffer.from(`${CLEARML_DEMO_CREDENTIALS.accessKey}:${CLEARML_DEMO_CREDENTIALS.secretKey}`).toString('base64')}`;

async function call(endpoint: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await got.post(`${em.url}/v2.23/${endpoint}`, { json: body, headers: { authorization: auth }, retry: { limit: 0 } }).json<{ data: Record<string, unknown> }>();
  return res.data;
}

beforeAll(async () => {
  em = await startClearMLEmulator({ seed: false, clock });
  const project = String((await call('projects.create', { name: 'ties' }))['id']);
  // Three at distinct times, then seven in the very same millisecond, then two more.
  for (const [n, step] of [[3, 60_000], [7, 0], [2, 60_000]] as const) {
    clock.advance(60_000);
    for (let i = 0; i < n; i += 1) {
      await call('tasks.create', { name: `task-${n}-${i}`, type: 'training', project });
      clock.advance(step);
    }
  }
  source = new ClearMLSource([{ name: 'clearml', url: em.url, credentials: CLEARML_DEMO_CREDENTIALS }], await createSourceCache(), clock);
});
afterAll(async () => {
  await em.close();
});

async function traverse(order: ListOrder, first: number): Promise<EntityRow[]> {
  const out: EntityRow[] = [];
  let after: SourcePosition | null = null;
  for (let i = 0; i < 30; i += 1) {
    const page = await listTasks(source.instance('clearml'), { instance: 'clearml', kind: 'task', filter: {}, order, first, after });
    expect(page.rows.length).toBeLessThanOrEqual(first);
    out.push(...page.rows);
    if (!page.hasMore) return out;
    const last = page.rows[page.rows.length - 1];
    if (!last) throw new Error('hasMore without rows');
    after = positionOf(last, order);
  }
  throw new Error('did not finish');
}

describe('ClearML listing', () => {
  it.each([
    ['CREATED_AT_DESC', 2],
    ['CREATED_AT_DESC', 3],
    ['CREATED_AT_ASC', 2],
    ['NAME_ASC', 4],
  ] as const)('pages %s by %i with no duplicates and no gaps, ties included', async (order, first) => {
    const rows = await traverse(order, first);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.id)).size).toBe(12);
    expect(rows).toEqual([...rows].sort(compareRows(order)));
  });

  it('reads first + 1 rows for a first page and first + 2 after a position, one get_all each', async () => {
    em.clearRequests();
    const page = await listTasks(source.instance('clearml'), { instance: 'clearml', kind: 'task', filter: {}, order: 'CREATED_AT_DESC', first: 2, after: null });
    expect(page.scanned).toBe(3);
    const last = page.rows[1] as TaskRow;
    await listTasks(source.instance('clearml'), { instance: 'clearml', kind: 'task', filter: {}, order: 'CREATED_AT_DESC', first: 2, after: positionOf(last, 'CREATED_AT_DESC') });
    expect(em.requests.filter((r) => r.path.endsWith('tasks.get_all'))).toHaveLength(2);
  });

  it('pushes filters down and answers an unknown project with no rows and no task read', async () => {
    em.clearRequests();
    const page = await listTasks(source.instance('clearml'), { instance: 'clearml', kind: 'task', filter: { projects: ['no-such-project'] }, order: 'CREATED_AT_DESC', first: 5, after: null });
    expect(page).toMatchObject({ rows: [], hasMore: false });
    expect(em.requests.some((r) => r.path.endsWith('tasks.get_all'))).toBe(false);
    const named = await listTasks(source.instance('clearml'), { instance: 'clearml', kind: 'task', filter: { nameContains: 'TASK-7' }, order: 'NAME_ASC', first: 10, after: null });
    expect(named.rows.map((r) => r.name)).toEqual(['task-7-0', 'task-7-1', 'task-7-2', 'task-7-3', 'task-7-4', 'task-7-5', 'task-7-6']);
  });
});
