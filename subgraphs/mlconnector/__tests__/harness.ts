/** The MLConnector emulator (emulators/mlconnector) with a subgraph source over it, on a manual clock. */
import { ManualClock } from '../../../emulators/shared/index.js';
import { type MLConnectorEmulator, SEED_OWNER_ID, startMLConnectorEmulator } from '../../../emulators/mlconnector/index.js';
import type { SourceCallContext } from '../../shared/sourceContract.js';
import type { MLConnectorFidelity } from '../config.js';
import { createMLConnectorContract } from '../contract.js';
import { MLConnectorSource } from '../source.js';

export const START = Date.UTC(2026, 0, 15, 12, 0, 0);
export const CTX: SourceCallContext = { principal: { id: 'test', roles: [] }, requestId: 'r1' };

export interface Harness {
  readonly clock: ManualClock;
  readonly emulator: MLConnectorEmulator;
  readonly source: MLConnectorSource;
  readonly contract: ReturnType<typeof createMLConnectorContract>;
  close(): Promise<void>;
}

export async function startHarness(fidelity: MLConnectorFidelity = 'real'): Promise<Harness> {
  const clock = new ManualClock(START);
  const emulator = await startMLConnectorEmulator({ clock, seed: true, fidelity });
  const source = new MLConnectorSource([{ name: 'mlc', url: emulator.url, fidelity, owners: [SEED_OWNER_ID], emulated: true }], clock);
  return { clock, emulator, source, contract: createMLConnectorContract(source, clock), close: () => emulator.close() };
}
