/**
 * The seeded Comet emulator in-process, with a Comet source and its contract over it, for the contract
 * tests. Time is a ManualClock a day after the seed's last run started; unknown workspaces are created
 * on first use, as in the embedded demo.
 */
import { buildCometSeed, COMET_DEMO_API_KEY, COMET_SEED_BASE_TIME, type CometEmulator, type CometEmulatorOptions, startCometEmulator } from '../../../emulators/comet/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { SourceCallContext, SourceContract } from '../../shared/sourceContract.js';
import { createCometContract } from '../contract.js';
import { CometSource } from '../source.js';

export interface Harness {
  readonly clock: ManualClock;
  readonly em: CometEmulator;
  readonly cache: SourceCache;
  readonly source: CometSource;
  readonly contract: SourceContract;
  close(): Promise<void>;
}

export const ctx: SourceCallContext = { principal: { id: 'tester', roles: [] }, requestId: 'test' };
export const SEED = buildCometSeed();
export const WS = SEED.workspaceName;

export async function startHarness(options: Omit<CometEmulatorOptions, 'clock'> = {}): Promise<Harness> {
  const clock = new ManualClock(COMET_SEED_BASE_TIME + 6 * 86_400_000);
  const em = await startCometEmulator({ clock, autoCreateWorkspaces: true, ...options });
  const cache = await createSourceCache({}, clock);
  const source = new CometSource([{ name: 'comet', url: em.url, apiKey: COMET_DEMO_API_KEY, webUrl: 'https://www.comet.com', emulated: true }], cache, clock);
  return {
    clock,
    em,
    cache,
    source,
    contract: createCometContract(source, clock),
    async close() {
      await em.close();
      await cache.close();
    },
  };
}

/** The seed run j's experiment key and global ids of what it holds. */
export const keyOf = (j: number): string => {
  const e = SEED.experiments[j];
  if (!e) throw new Error(`no seed run ${j}`);
  return e.key;
};
export const experimentId = (j: number) => `comet:experiment:${keyOf(j)}`;
export const experimentModelId = (j: number, name: string) => `comet:experiment-model:${keyOf(j)}/${encodeURIComponent(name)}`;
export const modelVersionId = (model: string, version: string) => `comet:model-version:${WS}/${model}/${version}`;
export const artifactVersionId = (name: string, version: string) => `comet:artifact-version:${WS}/${name}/${version}`;

/** The registry code an operation failed with, or undefined when it succeeded. */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return errorCodeOf(err);
  }
}
