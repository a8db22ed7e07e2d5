import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../../emulators/shared/index.js';
import { errorCodeOf } from '../../../shared/errors.js';
import { type FakeCmf, type Generation, startFakeCmf } from '../../__tests__/fakeCmf.js';
import { CmfConnector } from '../index.js';

const clock = new ManualClock(Date.UTC(2024, 0, 1));
let fake: FakeCmf | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function connect(generation: Generation, o: { apiOnly?: boolean; suffix?: string } = {}): Promise<CmfConnector> {
  fake = await startFakeCmf({ generation, clock, ...(o.apiOnly ? { apiOnly: true } : {}) });
  return new CmfConnector({ instance: 'cmf', baseUrl: `${fake.url}${o.suffix ?? ''}`, clock });
}

describe('generation probing', () => {
  it.each(['A', 'B', 'C'] as const)('tells generation %s apart and pulls the way it wants', async (generation) => {
    const c = await connect(generation);
    expect(await c.layout()).toEqual({ prefix: '', generation });
    const doc = await c.pull('Test-env');
    expect((doc.Pipeline[0] as { name: string }).name).toBe('Test-env');
    const pulls = fake?.requests.filter((r) => r.path.startsWith('/mlmd_pull')).map((r) => `${r.method} ${r.path}`);
    expect(pulls?.at(-1)).toBe(generation === 'A' ? 'GET /mlmd_pull/Test-env' : 'POST /mlmd_pull');
  });

  it('probes once and remembers the answer', async () => {
    const c = await connect('C');
    await Promise.all([c.pull('Test-env'), c.pull('fraud-detection'), c.pipelines()]);
    expect(fake?.count('/pipeline-stages')).toBe(1);
  });

  it('finds the API under /api when the base URL is the nginx root', async () => {
    const c = await connect('B', { apiOnly: true });
    expect(await c.layout()).toEqual({ prefix: 'api/', generation: 'B' });
    expect(await c.pipelines()).toEqual(['Test-env', 'fraud-detection']);
  });

  it('uses a base URL that already ends in /api as is', async () => {
    const c = await connect('C', { apiOnly: true, suffix: '/api' });
    expect(await c.layout()).toEqual({ prefix: '', generation: 'C' });
    expect(fake?.requests.every((r) => r.path.startsWith('/api/'))).toBe(true);
  });

  it('skips the generation probe when configured', async () => {
    fake = await startFakeCmf({ generation: 'A', clock });
    const c = new CmfConnector({ instance: 'cmf', baseUrl: fake.url, clock, generation: 'A' });
    await c.pull('Test-env');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /pipelines', 'GET /mlmd_pull/Test-env']);
  });

  it('fails the probe on a server error and probes again on the next call', async () => {
    const c = await connect('B');
    fake?.faults.set([{ match: '/pipelines', status: 500 }]);
    await expect(c.layout()).rejects.toMatchObject({ extensions: { code: 'SOURCE_ERROR', source: 'cmf' } });
    fake?.faults.reset();
    expect((await c.layout()).generation).toBe('B');
  });

  it('answers NOT_FOUND for a pipeline CMF does not have, in every generation', async () => {
    for (const generation of ['A', 'C'] as const) {
      const c = await connect(generation);
      await expect(c.pull('nope')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND', source: 'cmf' } });
      await fake?.close();
      fake = undefined;
    }
  });

  it('reads the delta pull on B/C and has none on A', async () => {
    const b = await connect('B');
    expect((await b.changedSince(0))?.Pipeline).toHaveLength(2);
    expect((await b.changedSince(Date.UTC(2030, 0, 1)))?.Pipeline).toEqual([]);
    await fake?.close();
    const a = await connect('A');
    expect(await a.changedSince(0)).toBeUndefined();
  });

  it('maps an unreachable server to SOURCE_UNAVAILABLE', async () => {
    const c = await connect('C');
    await fake?.close();
    fake = undefined;
    expect(errorCodeOf(await c.pipelines().catch((e: unknown) => e))).toBe('SOURCE_UNAVAILABLE');
  });
});
