/** Metric series against the seeded emulator: run 12 logs `loss` under the `train` context (30 points) and `validate` (3). */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ctx, experimentId, type Harness, startHarness } from './emulatorHarness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const series = async (items: { id: string; name: string; variant: string | null; maxPoints: number }[]) => (await h.contract.series({ instance: 'comet', items }, ctx)).series;

describe('Comet metric series', () => {
  it('reads one context, or all of them, sorted by step; null for an unknown metric or experiment', async () => {
    const [train, validate, all, none, unknown] = await series([
      { id: experimentId(12), name: 'loss', variant: 'train', maxPoints: 500 },
      { id: experimentId(12), name: 'loss', variant: 'validate', maxPoints: 500 },
      { id: experimentId(12), name: 'loss', variant: null, maxPoints: 500 },
      { id: experimentId(12), name: 'nope', variant: null, maxPoints: 500 },
      { id: `comet:experiment:${'f'.repeat(32)}`, name: 'loss', variant: null, maxPoints: 500 },
    ]);
    expect(train?.points.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(validate).toMatchObject({ variant: 'validate', totalPoints: 3, droppedNonFinite: 0, downsampling: { by: 'NONE', method: null } });
    expect(all?.totalPoints).toBe(33);
    expect(none).toBeNull();
    expect(unknown).toBeNull();
  });

  it('downsamples above maxPoints with min-max buckets', async () => {
    const [s] = await series([{ id: experimentId(12), name: 'loss', variant: 'train', maxPoints: 10 }]);
    expect(s?.points).toHaveLength(10);
    expect(s?.downsampling).toEqual({ by: 'SWITCHYARD', method: 'min-max buckets' });
  });
});
