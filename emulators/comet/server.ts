/** Entry points: `createCometHandler` (the request handler alone) and `startCometEmulator` (it, listening). */
import {
  type Clock,
  type EmulatorHandle,
  type EmulatorHandler,
  type FaultController,
  type Fidelity,
  startEmulatorServer,
  systemClock,
} from '../shared/index.js';
import { COMET_DEMO_API_KEY } from './auth.js';
import { COMET_DEFAULT_LIMITS, type CometLimits } from './context.js';
import { createRouter } from './routes.js';
import { applyCometSeed, buildCometSeed } from './seed.js';
import { CometStore } from './store.js';
import type { CometThrottleBudgets } from './throttle.js';

export interface CometEmulatorOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** `real` (default) follows recorded behaviour; `documented` follows the docs where they differ (README). */
  fidelity?: Fidelity;
  /** Source of every timestamp the emulator writes. @default systemClock */
  clock?: Clock;
  /** Load the demo data (seed.ts). @default true */
  seed?: boolean;
  /** Accepted API keys. @default [COMET_DEMO_API_KEY] */
  apiKeys?: readonly string[];
  /** Create unknown workspaces on first use; real Comet answers an error instead. @default false */
  autoCreateWorkspaces?: boolean;
  /**
   * Logged data (metrics, parameters, others, tags, output, code, system details, HTML, git, graph, experiment
   * assets) becomes readable this many milliseconds after the write, on `clock`; Comet ingests asynchronously.
   * @default 0 (immediately)
   */
  ingestionDelayMs?: number;
  /** Per-minute, per-user budgets by data type. @default COMET_THROTTLE_BUDGETS (12,000 / 10,000 / 12,000 / 8,000) */
  throttleBudgets?: Partial<CometThrottleBudgets>;
  /** Size limits. @default COMET_DEFAULT_LIMITS (10 MiB of HTML per experiment, 10 MiB of output per request) */
  limits?: Partial<CometLimits>;
  faults?: FaultController;
}

/** Options of {@link createCometHandler}: the emulator options plus an optional pre-built store (for tests). */
export interface CometHandlerOptions extends CometEmulatorOptions {
  store?: CometStore;
}

/** A running Comet emulator (the kit handle; a named type so callers need not know the kit). */
export interface CometEmulator extends EmulatorHandle {}

/** The REST API v2 request handler over a fresh (optionally seeded) store. */
export function createCometHandler(options: CometHandlerOptions = {}): EmulatorHandler {
  const clock = options.clock ?? systemClock;
  const store =
    options.store ??
    new CometStore({
      clock,
      autoCreateWorkspaces: options.autoCreateWorkspaces ?? false,
      ...(options.ingestionDelayMs !== undefined ? { ingestionDelayMs: options.ingestionDelayMs } : {}),
      ...(options.throttleBudgets !== undefined ? { throttleBudgets: options.throttleBudgets } : {}),
    });
  if (options.seed ?? true) applyCometSeed(store, buildCometSeed());
  const limits: CometLimits = { ...COMET_DEFAULT_LIMITS, ...options.limits };
  return createRouter({ store, clock, fidelity: options.fidelity ?? 'real', limits }, new Set(options.apiKeys ?? [COMET_DEMO_API_KEY]));
}

/** Starts the Comet emulator on loopback; `url` is the server root (clients append `/api/rest/v2/...`). */
export async function startCometEmulator(options: CometEmulatorOptions = {}): Promise<CometEmulator> {
  return startEmulatorServer({
    name: 'comet',
    handler: createCometHandler(options),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.faults !== undefined ? { faults: options.faults } : {}),
  });
}
