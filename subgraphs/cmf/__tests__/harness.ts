/**
 * A CMF source and its contract over the fake CMF server, in-process, for the contract tests. Time is
 * a ManualClock (the fake stamps pushes with it; the cache's TTLs read it), so no test sleeps.
 */
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { SourceCallContext, SourceContract } from '../../shared/sourceContract.js';
import { createCmfContract } from '../contract.js';
import { artifactId, executionId } from '../mapper/index.js';
import { CmfSource } from '../source.js';
import { type FakeCmf, fixtureText, type Generation, startFakeCmf } from './fakeCmf.js';

export const ctx: SourceCallContext = { principal: { id: 'tester', roles: [] }, requestId: 'test' };
export const START_MS = Date.UTC(2024, 0, 1);

export interface Harness {
  readonly clock: ManualClock;
  readonly cmf: FakeCmf;
  readonly cache: SourceCache;
  readonly source: CmfSource;
  readonly contract: SourceContract;
  close(): Promise<void>;
}

export async function startHarness(generation: Generation = 'C'): Promise<Harness> {
  const clock = new ManualClock(START_MS);
  const cmf = await startFakeCmf({ generation, clock });
  const cache = await createSourceCache({}, clock);
  const source = new CmfSource([{ name: 'cmf', url: cmf.url, emulated: true }], cache, clock);
  return {
    clock,
    cmf,
    cache,
    source,
    contract: createCmfContract(source, clock),
    async close() {
      await cmf.close();
      await cache.close();
    },
  };
}

export const UUIDS = {
  prepare: '1afa7676-76f6-11ee-9600-5b8c6d427e3f',
  featurize: '25c66fa6-76f6-11ee-9600-5b8c6d427e3f',
  train: '3f6f2db2-76f6-11ee-9600-5b8c6d427e3f',
  evaluate: '48ad70d2-76f6-11ee-9600-5b8c6d427e3f',
} as const;

export const exec = (step: keyof typeof UUIDS, pipeline = 'Test-env') => executionId('cmf', pipeline, pipeline === 'Test-env' ? UUIDS[step] : UUIDS[step].replace('-11ee-', '-11ef-'));
export const DATASET = 'artifacts/data.xml.gz:236d9502e0283d91f689d7038b8508a2';
export const MODEL = 'artifacts/model/model.pkl:5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f:3';
/** An artifact's id; a Model artifact's when `name` is MODEL (whatever id kind models have). */
export const art = (name: string, pipeline = 'Test-env') => artifactId('cmf', pipeline, name, name === MODEL ? 'Model' : null);

/** The registry code an operation failed with, or undefined when it succeeded. */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return errorCodeOf(err);
  }
}

/**
 * The synthetic Test-env export under another pipeline name, its executions given fresh uuids (the
 * uuid's first four hex digits replaced by `tag`), so a push of it merges new executions.
 */
export function exportAs(pipeline: string, tag: string): { Pipeline: unknown[] } {
  const text = fixtureText('mlmd-export-Test-env.synthetic.json').replaceAll('Test-env', pipeline);
  return JSON.parse(text.replace(/"Execution_uuid": "[0-9a-f]{4}/g, (m) => `${m.slice(0, -4)}${tag.slice(0, 4)}`)) as { Pipeline: unknown[] };
}
