import { readFileSync } from 'node:fs';
import type { MlmdDocumentWire } from '../../connector/index.js';

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../../test/fixtures/cmf/${name}`, import.meta.url), 'utf8')) as T;
}

/** The synthetic MLMD export of pipeline Test-env (what mlmd_pull answers). */
export const exportDoc = (): MlmdDocumentWire => fixture<MlmdDocumentWire>('mlmd-export-Test-env.synthetic.json');

type Row = Record<string, unknown>;
/** CMF's own 2023 listings of the same pipeline (verbatim test data). */
export const artifacts2023 = (): Row[] => fixture<{ items: Row[] }>('test-data-artifacts-2023.json').items;
export const executions2023 = (): Row[] => fixture<{ items: Row[] }>('test-data-executions-2023.json').items;
