/** Entry points: `createCmfHandler` (the request handler alone) and `startCmfEmulator` (it, listening). */
import { type Clock, type EmulatorHandle, type EmulatorHandler, type FaultController, type Fidelity, startEmulatorServer, systemClock } from '../shared/index.js';
import { createRouter } from './routes.js';
import { applyCmfSeed, buildCmfSeed } from './seed.js';
import { CmfStore, type CmfStoreView } from './store.js';
import type { CmfGeneration } from './types.js';

/** 64 MiB: pushes up to this size are accepted; bigger bodies get nginx's 413. */
export const CMF_DEFAULT_MAX_PUSH_BYTES = 64 * 1024 * 1024;

export interface CmfEmulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Accepted for symmetry with the other emulators; CMF's docs promise nothing its code does not do (README). */
  fidelity?: Fidelity;
  /** Source of every server-side timestamp (create/update times of what pushes add). @default systemClock */
  clock?: Clock;
  /** Load the demo pipelines (seed.ts). @default true */
  seed?: boolean;
  /** Which server generation's routes and answer shapes to serve (README "Generations"). @default 'C' */
  generation?: CmfGeneration;
  /** Request bodies larger than this get nginx's 413 page. @default CMF_DEFAULT_MAX_PUSH_BYTES */
  maxPushBytes?: number;
  faults?: FaultController;
}

/** Options of {@link createCmfHandler}: the emulator options plus an optional pre-built store (for tests). */
export interface CmfHandlerOptions extends CmfEmulatorOptions {
  store?: CmfStore;
}

/** A running CMF emulator: the kit handle plus a read-only view of its store. */
export interface CmfEmulator extends EmulatorHandle {
  readonly store: CmfStoreView;
  readonly generation: CmfGeneration;
}

function build(options: CmfHandlerOptions): { handler: EmulatorHandler; store: CmfStore; ready: Promise<void> } {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new CmfStore(clock);
  const ready = options.seed ?? true ? applyCmfSeed(store, buildCmfSeed()) : Promise.resolve();
  const handler = createRouter(
    { store, clock, fidelity: options.fidelity ?? 'real', generation: options.generation ?? 'C', maxPushBytes: options.maxPushBytes ?? CMF_DEFAULT_MAX_PUSH_BYTES },
    ready,
  );
  return { handler, store, ready };
}

/** The CMF Server request handler over a fresh (optionally seeded) store; the seed loads before the first answer. */
export function createCmfHandler(options: CmfHandlerOptions = {}): EmulatorHandler {
  return build(options).handler;
}

/** Starts the emulator on loopback; `url` is the server root (routes answer with and without the `/api` prefix). */
export async function startCmfEmulator(options: CmfEmulatorOptions = {}): Promise<CmfEmulator> {
  const { handler, store, ready } = build(options);
  await ready;
  const handle = await startEmulatorServer({
    name: 'cmf',
    handler,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });
  return Object.assign(handle, { store: store as CmfStoreView, generation: options.generation ?? 'C' });
}
