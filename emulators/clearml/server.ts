/**
 * Entry points: `createClearMLHandler` (the pure request handler, for in-process tests) and
 * `startClearMLEmulator` (the handler behind the shared HTTP kit, on loopback).
 */
import {
  type Clock,
  type EmulatorHandle,
  type EmulatorHandler,
  type FaultController,
  type Fidelity,
  startEmulatorServer,
  systemClock,
} from '../shared/index.js';
import { CLEARML_DEMO_CREDENTIALS, DEFAULT_TOKEN_SECRET, DEMO_IDENTITY } from './constants.js';
import type { EmulatorEnv } from './context.js';
import { createCallHandler } from './pipeline.js';
import { ensureDefaultQueue, loadSeed } from './seed.js';
import { ClearMLStore, type ClearMLStoreView } from './store.js';

export { CLEARML_DEMO_CREDENTIALS };

export interface ClearMLEmulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 'real' */
  fidelity?: Fidelity;
  /** Source of every timestamp the emulator writes and of token expiry checks. @default systemClock */
  clock?: Clock;
  /** Load the demo seed. @default true */
  seed?: boolean;
  /** Accepted key pairs (all authenticate as the demo user). @default [CLEARML_DEMO_CREDENTIALS] */
  credentials?: readonly { accessKey: string; secretKey: string }[];
  /** HS256 secret of `auth.login` tokens. @default a fixed demo secret */
  tokenSecret?: string;
  faults?: FaultController;
}

/** A running ClearML emulator. */
export interface ClearMLEmulator extends EmulatorHandle {
  /** Read-only view of the emulator's state (copies), for tests and diagnostics. */
  readonly store: ClearMLStoreView;
}

/** A pure handler plus the state it serves. */
export interface ClearMLHandlerBundle {
  readonly handler: EmulatorHandler;
  readonly store: ClearMLStore;
}

function buildEnv(options: ClearMLEmulatorOptions): EmulatorEnv {
  const clock = options.clock ?? systemClock;
  const store = new ClearMLStore(() => clock.now());
  ensureDefaultQueue(store, clock.now());
  if (options.seed ?? true) loadSeed(store);
  return {
    store,
    clock,
    fidelity: options.fidelity ?? 'real',
    auth: {
      credentials: options.credentials ?? [CLEARML_DEMO_CREDENTIALS],
      identity: DEMO_IDENTITY,
      tokenSecret: options.tokenSecret ?? DEFAULT_TOKEN_SECRET,
      clock,
    },
  };
}

function bundle(options: ClearMLEmulatorOptions): ClearMLHandlerBundle {
  const env = buildEnv(options);
  return { handler: createCallHandler(env), store: env.store };
}

/**
 * The emulator's request handler (no server), e.g. to call it in-process.
 * Each call creates independent state.
 */
export function createClearMLHandler(options: ClearMLEmulatorOptions = {}): EmulatorHandler {
  return bundle(options).handler;
}

/** Like {@link createClearMLHandler} but also returns the store the handler serves. */
export function createClearMLHandlerBundle(options: ClearMLEmulatorOptions = {}): ClearMLHandlerBundle {
  return bundle(options);
}

/** Start the emulator on loopback (port 0 by default). */
export async function startClearMLEmulator(options: ClearMLEmulatorOptions = {}): Promise<ClearMLEmulator> {
  const { handler, store } = bundle(options);
  const handle = await startEmulatorServer({
    name: 'clearml',
    handler,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });
  const emulator: ClearMLEmulator = {
    name: handle.name,
    url: handle.url,
    port: handle.port,
    faults: handle.faults,
    get requests() {
      return handle.requests;
    },
    clearRequests: () => handle.clearRequests(),
    close: () => handle.close(),
    store,
  };
  return emulator;
}
