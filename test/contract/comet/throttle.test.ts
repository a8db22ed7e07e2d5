/**
 * Throttling and ingestion delay on a ManualClock, no sleeps. Budgets are per user (every key is the one emulated
 * user), per data type, per calendar minute of the clock: beyond them writes still answer 200, the excess is dropped,
 * and the experiment reports `throttle: true` with `throttleMessage` / `throttleReasons` and a `throttled` log-other
 * (reference §6.4). With `ingestionDelayMs`, logged data is readable only once the clock has moved past the delay.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../emulators/shared/index.js';
import { type CometEmulator, type CometEmulatorOptions, startCometEmulator, THROTTLE_MESSAGE } from '../../../emulators/comet/index.js';
import { callJson, type CallOptions, type JsonRecord, records } from './helpers.js';

const API = '/api/rest/v2';
const T0 = Date.parse('2026-11-21T10:00:30.000Z');

describe('Comet emulator throttling and ingestion delay', () => {
  let em: CometEmulator | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  async function start(options: CometEmulatorOptions): Promise<{ clock: ManualClock; ok: (path: string, o?: CallOptions) => Promise<JsonRecord>; create: () => Promise<string> }> {
    const clock = new ManualClock(T0);
    const started = await startCometEmulator({ seed: false, apiKeys: ['TESTKEY'], clock, ...options });
    em = started;
    const ok = async (path: string, o: CallOptions = {}): Promise<JsonRecord> => {
      const res = await callJson(started.url, `${API}${path}`, o);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.body;
    };
    const create = async (): Promise<string> =>
      String((await ok('/write/experiment/create', { method: 'POST', json: { workspaceName: 'switchyard', projectName: 'p' } }))['experimentKey']);
    return { clock, ok, create };
  }

  it('drops metrics beyond the per-minute budget, marks the experiment throttled, and refills next minute', async () => {
    const { clock, ok, create } = await start({ throttleBudgets: { metrics: 3 } });
    const key = await create();
    const metric = (step: number): Promise<JsonRecord> => ok('/write/experiment/metric', { method: 'POST', json: { experimentKey: key, metricName: 'loss', metricValue: step / 10, step } });
    for (let step = 1; step <= 5; step++) expect(await metric(step)).toEqual({ msg: 'ok', code: 200, sdk_error_code: 0 });
    const points = async (): Promise<unknown[]> => records((await ok('/experiment/metrics/get-metric', { query: { experimentKey: key, metricName: 'loss' } }))['metrics']).map((p) => p['step']);
    expect(await points()).toEqual([1, 2, 3]);

    const meta = await ok('/experiment/metadata', { query: { experimentKey: key } });
    expect(meta).toMatchObject({ throttle: true, throttleMessage: THROTTLE_MESSAGE, throttleReasons: ['metrics rate limit exceeded: 3 per minute'] });
    const others = records((await ok('/experiment/log-other', { query: { experimentKey: key } }))['values']);
    expect(others.find((o) => o['name'] === 'throttled')).toMatchObject({ valueCurrent: 'true' });
    // The `/experiments` listing shows the same flag.
    expect(records((await ok('/experiments', { query: { workspaceName: 'switchyard', projectName: 'p' } }))['experiments'])[0]).toMatchObject({ throttle: true });

    // Next calendar minute (T0 is hh:00:30): the budget refills; the flag stays, as in Comet (issue #188).
    clock.advance(30_000);
    await metric(6);
    expect(await points()).toEqual([1, 2, 3, 6]);
    expect((await ok('/experiment/metadata', { query: { experimentKey: key } }))['throttle']).toBe(true);
  });

  it('budgets are separate per data type and shared by all experiments of the user; output is counted per line', async () => {
    const { ok, create } = await start({ throttleBudgets: { parameters: 2, output: 3, other: 1 } });
    const [a, b] = [await create(), await create()];
    await ok('/write/experiment/parameter', { method: 'POST', json: { experimentKey: a, parameterName: 'p1', parameterValue: 1 } });
    await ok('/write/experiment/parameter', { method: 'POST', json: { experimentKey: b, parameterName: 'p1', parameterValue: 1 } });
    await ok('/write/experiment/parameter', { method: 'POST', json: { experimentKey: b, parameterName: 'p2', parameterValue: 2 } });
    expect(records((await ok('/experiment/parameters', { query: { experimentKey: b } }))['values']).map((v) => v['name'])).toEqual(['p1']);
    expect((await ok('/experiment/metadata', { query: { experimentKey: a } }))['throttle']).toBe(false);
    expect((await ok('/experiment/metadata', { query: { experimentKey: b } }))).toMatchObject({ throttle: true, throttleReasons: ['parameters rate limit exceeded: 2 per minute'] });

    // Metrics have their own (default) budget.
    await ok('/write/experiment/metric', { method: 'POST', json: { experimentKey: a, metricName: 'm', metricValue: 1 } });
    expect(records((await ok('/experiment/metrics/summary', { query: { experimentKey: a } }))['values'])).toHaveLength(1);

    const lines = ['l1', 'l2', 'l3', 'l4', 'l5'].map((output, i) => ({ output, offset: i }));
    await ok('/write/experiment/output', { method: 'POST', json: { experimentKey: a, outputLines: lines } });
    expect((await ok('/experiment/output', { query: { experimentKey: a } }))['output']).toBe('l1\nl2\nl3\n');

    await ok('/write/experiment/tags', { method: 'POST', json: { experimentKey: a, addedTags: ['x'] } });
    await ok('/write/experiment/html', { method: 'POST', json: { experimentKey: a, html: '<p/>' } });
    expect(await ok('/experiment/tags', { query: { experimentKey: a } })).toEqual({ tags: ['x'] });
    expect(await ok('/experiment/html', { query: { experimentKey: a } })).toEqual({ html: null });
    expect((await ok('/experiment/metadata', { query: { experimentKey: a } }))['throttleReasons']).toEqual([
      'output lines rate limit exceeded: 3 per minute',
      'other messages rate limit exceeded: 1 per minute',
    ]);
  });

  it('an unthrottled experiment has no throttleMessage / throttleReasons keys (the recorded shape)', async () => {
    const { ok, create } = await start({});
    const key = await create();
    const meta = await ok('/experiment/metadata', { query: { experimentKey: key } });
    expect(meta['throttle']).toBe(false);
    expect('throttleMessage' in meta || 'throttleReasons' in meta).toBe(false);
  });

  it('ingestionDelayMs: reads right after writes are stale until the clock passes the delay', async () => {
    const { clock, ok, create } = await start({ ingestionDelayMs: 5_000 });
    const key = await create();
    const q = { query: { experimentKey: key } };
    await ok('/write/experiment/metric', { method: 'POST', json: { experimentKey: key, metricName: 'loss', metricValue: 0.5, step: 1 } });
    await ok('/write/experiment/parameter', { method: 'POST', json: { experimentKey: key, parameterName: 'lr', parameterValue: 0.1 } });
    await ok('/write/experiment/log-other', { method: 'POST', json: { experimentKey: key, key: 'Name', value: 'late' } });
    await ok('/write/experiment/tags', { method: 'POST', json: { experimentKey: key, addedTags: ['t'] } });
    expect(await ok('/experiment/metrics/summary', q)).toEqual({ values: [] });
    expect(await ok('/experiment/parameters', q)).toEqual({ values: [] });
    expect(await ok('/experiment/tags', q)).toEqual({ tags: [] });
    // Metadata itself (the experiment exists, it is running) is synchronous; the name arrives with the log-other.
    expect(await ok('/experiment/metadata', q)).toMatchObject({ experimentKey: key, running: true, experimentName: null });

    clock.advance(4_999);
    expect(await ok('/experiment/tags', q)).toEqual({ tags: [] });
    clock.advance(1);
    expect(await ok('/experiment/tags', q)).toEqual({ tags: ['t'] });
    expect(records((await ok('/experiment/metrics/summary', q))['values']).map((v) => [v['name'], v['valueCurrent'], v['timestampCurrent']])).toEqual([['loss', '0.5', T0]]);
    expect((await ok('/experiment/metadata', q))['experimentName']).toBe('late');
  });
});
