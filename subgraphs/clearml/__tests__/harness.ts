/**
 * The seeded ClearML emulator in-process, with a ClearML source and its contract over it, for the
 * contract tests. Time is a ManualClock just after the seed's last task.
 */
import { CLEARML_DEMO_CREDENTIALS, type ClearMLEmulator, SEED_BASE_TIME_MS, seedModelId, seedTaskId, startClearMLEmulator } from '../../../emulators/clearml/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import type { SourceCallContext, SourceContract } from '../../shared/sourceContract.js';
import { createClearMLContract } from '../contract.js';
import { ClearMLSource } from '../source.js';

export interface Harness {
  readonly clock: ManualClock;
  readonly em: ClearMLEmulator;
  readonly cache: SourceCache;
  readonly source: ClearMLSource;
  readonly contract: SourceContract;
  close(): Promise<void>;
}

export const ctx: SourceCallContext = { principal: { id: 'tester', roles: [] }, requestId: 'test' };

export async function startHarness(): Promise<Harness> {
  const clock = new ManualClock(SEED_BASE_TIME_MS + 6 * 86_400_000);
  const em = await startClearMLEmulator({ clock });
  const cache = await createSourceCache({}, clock);
  const source = new ClearMLSource([{ name: 'clearml', url: em.url, credentials: CLEARML_DEMO_CREDENTIALS }], cache, clock);
  return {
    clock,
    em,
    cache,
    source,
    contract: createClearMLContract(source, clock),
    async close() {
      await em.close();
      await cache.close();
    },
  };
}

/** Global ids of seeded objects, by name. */
export const taskId = (name: string) => `clearml:task:${seedTaskId(name)}`;
export const modelId = (name: string) => `clearml:model:${seedModelId(name)}`;
export const artifactId = (task: string, key: string, mode: 'input' | 'output') => `clearml:artifact:${seedTaskId(task)}/${key}/${mode}`;
