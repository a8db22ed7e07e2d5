/** Entry points: `createMLConnectorHandler` (the request handler alone) and `startMLConnectorEmulator` (it, listening). */
import { type Clock, type EmulatorHandle, type EmulatorHandler, type FaultController, type Fidelity, startEmulatorServer, systemClock } from '../shared/index.js';
import { createRouter } from './routes.js';
import { applyMLConnectorSeed, buildMLConnectorSeed } from './seed.js';
import { MLConnectorStore, type MLConnectorStoreView } from './store.js';

/** 100 MiB: bigger uploads fail like an S3 put_object error (500 "Failed to upload file to S3"), registering nothing. */
export const MLCONNECTOR_DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

export interface MLConnectorEmulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** `real` (default): the code's behaviour, quirks included; `documented`: what the docs promise (README). */
  fidelity?: Fidelity;
  /** Drives the deployment lifecycle and operation timestamps. @default systemClock */
  clock?: Clock;
  /** Load the demo models and deployment (seed.ts). @default true */
  seed?: boolean;
  faults?: FaultController;
  /** @default MLCONNECTOR_DEFAULT_MAX_UPLOAD_BYTES */
  maxUploadBytes?: number;
}

export interface MLConnectorHandlerOptions extends MLConnectorEmulatorOptions {
  /** A pre-built store (tests). */
  store?: MLConnectorStore;
  /** `host:port` used in `global_endpoint`s. @default '127.0.0.1:8090' */
  endpointBase?: string;
}

/** A running MLConnector emulator: the kit handle plus a read-only view of its store. */
export interface MLConnectorEmulator extends EmulatorHandle {
  readonly store: MLConnectorStoreView;
  readonly fidelity: Fidelity;
}

function build(options: MLConnectorHandlerOptions, endpointBase: () => string): { handler: EmulatorHandler; store: MLConnectorStore } {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MLConnectorStore(clock);
  if (options.seed ?? true) applyMLConnectorSeed(store, buildMLConnectorSeed(clock.now()));
  const handler = createRouter({ store, clock, fidelity: options.fidelity ?? 'real', maxUploadBytes: options.maxUploadBytes ?? MLCONNECTOR_DEFAULT_MAX_UPLOAD_BYTES, endpointBase });
  return { handler, store };
}

/** The MLConnector request handler over a fresh (optionally seeded) store. */
export function createMLConnectorHandler(options: MLConnectorHandlerOptions = {}): EmulatorHandler {
  const base = options.endpointBase ?? '127.0.0.1:8090';
  return build(options, () => base).handler;
}

/** Starts the emulator on loopback; `url` is the API root (as `http://host:8090`). */
export async function startMLConnectorEmulator(options: MLConnectorEmulatorOptions = {}): Promise<MLConnectorEmulator> {
  let base = '127.0.0.1:0';
  const { handler, store } = build(options, () => base);
  const handle = await startEmulatorServer({
    name: 'mlconnector',
    handler,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });
  base = handle.url.replace(/^http:\/\//, '');
  return Object.assign(handle, { store: store as MLConnectorStoreView, fidelity: options.fidelity ?? 'real' });
}
