import { afterEach, describe, expect, it } from '@jest/globals';
import { ctx, exec, exportAs, type Harness, startHarness } from './harness.js';
import { PULL_TTL_MS, REVALIDATE_AFTER_MS, VALIDATED_PULL_TTL_MS } from '../source.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(generation: 'A' | 'B' | 'C'): Promise<Harness> {
  h = await startHarness(generation);
  return h;
}

const read = (x: Harness, ids = [exec('train'), exec('train', 'fraud-detection')]) => x.contract.getByIds({ instance: 'cmf', kind: 'task', ids }, ctx);

/** A push straight to CMF (not through Switchyard): the cache learns of it only from CMF. */
async function pushBehindSwitchyard(x: Harness, tag: string): Promise<void> {
  const doc = exportAs('Test-env', tag);
  expect(await x.source.instance('cmf').connector.push('Test-env', JSON.stringify(doc))).toBe('success');
}

describe('one pull per pipeline answers every field of it', () => {
  it('shares one pull per pipeline between concurrent requests', async () => {
    const x = await start('C');
    await Promise.all([read(x), read(x), x.contract.edges({ instance: 'cmf', ids: [exec('prepare')], direction: 'BOTH' }, ctx)]);
    expect(x.cmf.pulls).toBe(2);
  });

  it('serves generation A from the cache for PULL_TTL_MS, then pulls again (A has no delta pull)', async () => {
    const x = await start('A');
    await read(x);
    x.clock.advance(PULL_TTL_MS - 1);
    await read(x);
    expect(x.cmf.pulls).toBe(2);
    x.clock.advance(2);
    await read(x);
    expect(x.cmf.pulls).toBe(4);
    expect(x.cmf.deltas).toBe(0);
  });

  it('revalidates B/C pulls with one delta pull and pulls again only what changed', async () => {
    const x = await start('C');
    await read(x);
    x.cmf.clearRequests();
    x.clock.advance(REVALIDATE_AFTER_MS - 1);
    await read(x);
    expect([x.cmf.pulls, x.cmf.deltas]).toEqual([0, 0]);
    x.clock.advance(1);
    await read(x);
    expect([x.cmf.pulls, x.cmf.deltas]).toEqual([0, 1]);

    await pushBehindSwitchyard(x, 'aaaa');
    x.clock.advance(REVALIDATE_AFTER_MS);
    const ids = (await x.contract.list({ instance: 'cmf', kind: 'task', filter: { projects: ['Test-env'] }, order: 'NAME_ASC', first: 50, after: null }, ctx)).rows.map((r) => r.id);
    expect(ids).toHaveLength(8);
    expect(ids).toContain('cmf:execution:Test-env/aaaa7676-76f6-11ee-9600-5b8c6d427e3f');
    // One delta for both stale pulls; only Test-env changed.
    expect([x.cmf.pulls, x.cmf.deltas]).toEqual([1, 2]);
  });

  it('pulls again when the delta pull fails, and after VALIDATED_PULL_TTL_MS whatever the delta said', async () => {
    const x = await start('B');
    await read(x);
    x.cmf.clearRequests();
    x.cmf.faults.set([{ match: '/mlmd_pull', status: 503, times: 2 }]);
    x.clock.advance(REVALIDATE_AFTER_MS);
    // The delta fails (503 twice: the read is retried once), so both pipelines are pulled again.
    await read(x);
    expect(x.cmf.pulls).toBe(2);
    x.cmf.clearRequests();
    x.clock.advance(VALIDATED_PULL_TTL_MS);
    await read(x);
    expect([x.cmf.pulls, x.cmf.deltas]).toEqual([2, 0]);
  });

  it('keeps one cache for every principal: CMF has no credential', async () => {
    const x = await start('C');
    await x.contract.getByIds({ instance: 'cmf', kind: 'task', ids: [exec('train')] }, { principal: { id: 'alice', roles: [] }, requestId: '1' });
    await x.contract.getByIds({ instance: 'cmf', kind: 'task', ids: [exec('train')] }, { principal: { id: 'bob', roles: [] }, requestId: '2' });
    expect(x.cmf.pulls).toBe(1);
  });
});
