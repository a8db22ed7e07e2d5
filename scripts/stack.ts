/**
 * Composes a whole Switchyard stack in one process: the embedded emulators (when the config has no
 * trackers of its own), the three subgraphs and the gateway. Tests use it through test/helpers
 * (one stack per end-to-end file, ports chosen by the OS); `npm start` runs the same pieces as
 * separate processes (scripts/start.ts).
 */
import { CLEARML_DEMO_CREDENTIALS, type ClearMLEmulator, startClearMLEmulator } from '../emulators/clearml/index.js';
import { type CmfEmulator, startCmfEmulator } from '../emulators/cmf/index.js';
import { type MLConnectorEmulator, startMLConnectorEmulator } from '../emulators/mlconnector/index.js';
import { COMET_DEMO_API_KEY, type CometEmulator, startCometEmulator } from '../emulators/comet/index.js';
import type { Clock as EmulatorClock } from '../emulators/shared/index.js';
import { accessPolicy, catalogBudgets, clearmlCredentialsByPrincipal, cometKeysByPrincipal, embeddedConfig, type SourceSettings, type SwitchyardConfig } from '../gateway/config/index.js';
import { type RunningGateway, startGateway } from '../gateway/server.js';
import { type CatalogConfig, startCatalogSubgraph } from '../subgraphs/catalog/index.js';
import { startClearMLSubgraph } from '../subgraphs/clearml/index.js';
import { startCmfSubgraph } from '../subgraphs/cmf/index.js';
import { startMLConnectorSubgraph } from '../subgraphs/mlconnector/index.js';
import { startCometSubgraph } from '../subgraphs/comet/index.js';
import { createSourceCache, type SourceCache } from '../subgraphs/shared/cache.js';
import { type Clock, systemClock } from '../subgraphs/shared/clock.js';
import type { Logger } from '../subgraphs/shared/log.js';
import type { RequestInterceptor, RunningSubgraph } from '../subgraphs/shared/subgraphServer.js';

export type SubgraphName = 'catalog' | 'clearml' | 'comet' | 'cmf' | 'mlconnector';
export type TrackerName = 'clearml' | 'comet' | 'cmf' | 'mlconnector';

export interface StackOptions {
  /** Default: the embedded configuration (emulators for every tracker). */
  readonly config?: SwitchyardConfig;
  readonly clock?: Clock;
  /** Clock of the emulators (default: `clock`). */
  readonly emulatorClock?: EmulatorClock;
  /** 'ephemeral' (default): every server on a free port; 'config': the ports in config. */
  readonly ports?: 'ephemeral' | 'config';
  /** MLConnector's fidelity, for both its embedded emulator and its source (`documented` runs what the docs promise). @default 'real' */
  readonly mlconnectorFidelity?: 'real' | 'documented';
  /** Seed the embedded emulators with the demo data. @default true */
  readonly seedEmulators?: boolean;
  /** With the embedded config: only these trackers' sources (and emulators). @default all */
  readonly trackers?: readonly TrackerName[];
  /** Per-source backend timeout override, e.g. short ones for "slow source" tests. */
  readonly sourceTimeoutMs?: Readonly<Record<string, number>>;
  /** Where every component logs (each line names its component); silent when absent. */
  readonly logger?: Logger;
}

/** Switchable interceptors in front of each subgraph, for fault tests (e.g. a 503 on /graphql). */
export class SubgraphFaults {
  readonly #active = new Map<SubgraphName, RequestInterceptor>();
  set(name: SubgraphName, interceptor: RequestInterceptor | undefined): void {
    if (interceptor) this.#active.set(name, interceptor);
    else this.#active.delete(name);
  }
  reset(): void {
    this.#active.clear();
  }
  interceptorFor(name: SubgraphName): RequestInterceptor {
    return (req) => this.#active.get(name)?.(req);
  }
}

export interface Stack {
  readonly config: SwitchyardConfig;
  /** The clock the gateway and subgraphs read (a test's ManualClock, or the system clock). */
  readonly clock: Clock;
  readonly gateway: RunningGateway;
  readonly subgraphs: Readonly<Record<SubgraphName, RunningSubgraph>>;
  readonly emulators: { readonly clearml?: ClearMLEmulator; readonly comet?: CometEmulator; readonly cmf?: CmfEmulator; readonly mlconnector?: MLConnectorEmulator };
  readonly subgraphFaults: SubgraphFaults;
  readonly caches: readonly SourceCache[];
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const clock = options.clock ?? systemClock;
  const all = options.config ?? embeddedConfig();
  const filtered = options.trackers ? { ...all, sources: all.sources.filter((s) => options.trackers?.includes(s.kind)) } : all;
  const base = options.mlconnectorFidelity
    ? { ...filtered, sources: filtered.sources.map((s) => (s.kind === 'mlconnector' ? { ...s, fidelity: options.mlconnectorFidelity ?? s.fidelity } : s)) }
    : filtered;
  const wants = (kind: TrackerName) => base.sources.some((s) => s.kind === kind);
  const ephemeral = (options.ports ?? 'ephemeral') === 'ephemeral';
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const emulators: { clearml?: ClearMLEmulator; comet?: CometEmulator; cmf?: CmfEmulator; mlconnector?: MLConnectorEmulator } = {};
    let config = base;
    if (base.embedded) {
      const emClock = options.emulatorClock ?? clock;
      if (wants('clearml')) {
        const em = await startClearMLEmulator({ clock: emClock, seed: options.seedEmulators ?? true });
        emulators.clearml = em;
        closers.push(() => em.close());
      }
      if (wants('comet')) {
        const em = await startCometEmulator({ clock: emClock, autoCreateWorkspaces: true, seed: options.seedEmulators ?? true });
        emulators.comet = em;
        closers.push(() => em.close());
      }
      if (wants('cmf')) {
        const em = await startCmfEmulator({ clock: emClock, seed: options.seedEmulators ?? true });
        emulators.cmf = em;
        closers.push(() => em.close());
      }
      if (wants('mlconnector')) {
        const em = await startMLConnectorEmulator({ clock: emClock, seed: options.seedEmulators ?? true, fidelity: options.mlconnectorFidelity ?? 'real' });
        emulators.mlconnector = em;
        closers.push(() => em.close());
      }
      config = withEmulators(base, { clearml: emulators.clearml?.url ?? '', comet: emulators.comet?.url ?? '', cmf: emulators.cmf?.url ?? '', mlconnector: emulators.mlconnector?.url ?? '' });
    }
    config = { ...config, sources: config.sources.map((s) => ({ ...s, timeoutMs: options.sourceTimeoutMs?.[s.name] ?? s.timeoutMs })) };

    const faults = new SubgraphFaults();
    const caches: SourceCache[] = [];
    const newCache = async () => {
      const c = await createSourceCache({ redisUrl: config.cache.redisUrl, maxEntries: config.cache.maxEntries }, clock);
      caches.push(c);
      closers.push(() => c.close());
      return c;
    };
    const host = config.subgraphs.host;
    const port = (name: SubgraphName) => (ephemeral ? 0 : config.subgraphs.ports[name]);
    const common = { clock, principalSecret: config.secrets.principal, host, ...(options.logger ? { logger: options.logger } : {}) };

    const clearml = await startClearMLSubgraph({
      ...common,
      port: port('clearml'),
      cache: await newCache(),
      intercept: faults.interceptorFor('clearml'),
      instances: config.sources.flatMap((s) => (s.kind === 'clearml' ? [{ name: s.name, url: s.url, credentials: s.credentials, principalCredentials: clearmlCredentialsByPrincipal(config, s.name), webUrl: s.webUrl, timeoutMs: s.timeoutMs, emulated: s.emulated, breaker: s.breaker, timeouts: s.timeouts }] : [])),
    });
    closers.push(() => clearml.close());
    const comet = await startCometSubgraph({
      ...common,
      port: port('comet'),
      cache: await newCache(),
      intercept: faults.interceptorFor('comet'),
      instances: config.sources.flatMap((s) => (s.kind === 'comet' ? [{ name: s.name, url: s.url, apiKey: s.apiKey, principalApiKeys: cometKeysByPrincipal(config, s.name), workspaces: s.workspaces, webUrl: s.webUrl, timeoutMs: s.timeoutMs, emulated: s.emulated, breaker: s.breaker, timeouts: s.timeouts }] : [])),
    });
    closers.push(() => comet.close());
    const cmf = await startCmfSubgraph({
      ...common,
      port: port('cmf'),
      cache: await newCache(),
      intercept: faults.interceptorFor('cmf'),
      instances: config.sources.flatMap((s) => (s.kind === 'cmf' ? [{ name: s.name, url: s.url, timeoutMs: s.timeoutMs, emulated: s.emulated, breaker: s.breaker, timeouts: s.timeouts }] : [])),
    });
    closers.push(() => cmf.close());
    const mlconnector = await startMLConnectorSubgraph({
      ...common,
      port: port('mlconnector'),
      intercept: faults.interceptorFor('mlconnector'),
      instances: mlconnectorInstances(config),
    });
    closers.push(() => mlconnector.close());
    const catalog = await startCatalogSubgraph({ ...common, port: port('catalog'), intercept: faults.interceptorFor('catalog'), config: catalogConfig(config, { clearml: clearml.url, comet: comet.url, cmf: cmf.url, mlconnector: mlconnector.url }) });
    closers.push(() => catalog.close());

    const subgraphs = { catalog, clearml, comet, cmf, mlconnector };
    const gateway = await startGateway({
      config,
      clock,
      subgraphUrls: { catalog: catalog.url, clearml: clearml.url, comet: comet.url, cmf: cmf.url, mlconnector: mlconnector.url },
      ...(ephemeral ? { port: 0 } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    closers.push(() => gateway.close());
    return { config, clock, gateway, subgraphs, emulators, subgraphFaults: faults, caches, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export type EmulatorUrls = Readonly<Record<TrackerName, string>>;

/** The MLConnector subgraph's instances from the resolved config. */
export function mlconnectorInstances(config: SwitchyardConfig) {
  return config.sources.flatMap((s) => (s.kind === 'mlconnector' ? [{ name: s.name, url: s.url, timeoutMs: s.timeoutMs, fidelity: s.fidelity, ownerId: s.ownerId, owners: s.owners, emulated: s.emulated, breaker: s.breaker, timeouts: s.timeouts }] : []));
}

/** The embedded config with the emulators' real addresses and demo credentials filled in. */
export function withEmulators(config: SwitchyardConfig, urls: EmulatorUrls): SwitchyardConfig {
  const sources: SourceSettings[] = config.sources.map((s) => {
    switch (s.kind) {
      case 'clearml':
        return { ...s, url: urls.clearml, credentials: { ...CLEARML_DEMO_CREDENTIALS } };
      case 'comet':
        return { ...s, url: urls.comet, apiKey: COMET_DEMO_API_KEY };
      case 'cmf':
        return { ...s, url: urls.cmf };
      case 'mlconnector':
        return { ...s, url: urls.mlconnector };
    }
  });
  return { ...config, sources };
}

const TRACKER_OF = { clearml: 'CLEARML', comet: 'COMET', cmf: 'CMF', mlconnector: 'MLCONNECTOR' } as const;

/** The catalog's view of the sources: each instance and the subgraph that serves its kind. */
export function catalogConfig(config: SwitchyardConfig, subgraphUrls: Readonly<Record<TrackerName, string>>): CatalogConfig {
  return {
    cursorSecret: config.secrets.cursor,
    access: accessPolicy(config),
    // Idempotency locks and fingerprints live beside the shared cache, so every replica sees them.
    idempotency: { redisUrl: config.cache.redisUrl, namespace: config.cache.namespace },
    sources: config.sources.map((s) => ({
      name: s.name,
      kind: TRACKER_OF[s.kind],
      subgraphUrl: subgraphUrls[s.kind],
      // The catalog waits a little longer than the source waits for its tracker, so the source's
      // own SOURCE_TIMEOUT (naming the tracker) wins over a catalog-side timeout; writes wait for the
      // source's longest tracker call (an MLConnector deployment builds an image).
      timeoutMs: catalogBudgets(s).readMs,
      writeTimeoutMs: catalogBudgets(s).writeMs,
      emulated: s.emulated,
      linkAliases: s.linkAliases,
    })),
  };
}

/** What one tracker's emulator served: backend calls and response bytes, since the last reset. */
export interface BackendUsage {
  readonly calls: number;
  readonly bytes: number;
  /** Paths called, with ClearML's `/vX.Y` prefix dropped, in arrival order. */
  readonly paths: readonly string[];
}

/** Backend calls and bytes per tracker of the stack's emulators (trackers without an emulator are absent). */
export function backendUsage(stack: Pick<Stack, 'emulators'>): Partial<Record<TrackerName, BackendUsage>> {
  const out: Partial<Record<TrackerName, BackendUsage>> = {};
  for (const name of ['clearml', 'comet', 'cmf', 'mlconnector'] as const) {
    const em = stack.emulators[name];
    if (!em) continue;
    const requests = em.requests;
    out[name] = { calls: requests.length, bytes: requests.reduce((n, r) => n + r.bytesOut, 0), paths: requests.map((r) => r.path.replace(/^\/v\d+\.\d+\//, '/')) };
  }
  return out;
}

export function clearBackendUsage(stack: Pick<Stack, 'emulators'>): void {
  for (const em of Object.values(stack.emulators)) em?.clearRequests();
}
