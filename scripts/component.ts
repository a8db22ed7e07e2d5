/**
 * One process of `npm start`: runs a single component (the emulators, one subgraph, or the gateway)
 * from the resolved config its parent hands over in SWITCHYARD_RESOLVED_CONFIG, and reports its URL
 * back over IPC. Not meant to be run by hand.
 */
import { startClearMLEmulator } from '../emulators/clearml/index.js';
import { startCmfEmulator } from '../emulators/cmf/index.js';
import { startMLConnectorEmulator } from '../emulators/mlconnector/index.js';
import { startCometEmulator } from '../emulators/comet/index.js';
import { clearmlCredentialsByPrincipal, cometKeysByPrincipal, type SwitchyardConfig } from '../gateway/config/index.js';
import { startGateway } from '../gateway/server.js';
import { startCatalogSubgraph } from '../subgraphs/catalog/index.js';
import { startClearMLSubgraph } from '../subgraphs/clearml/index.js';
import { startCmfSubgraph } from '../subgraphs/cmf/index.js';
import { startMLConnectorSubgraph } from '../subgraphs/mlconnector/index.js';
import { startCometSubgraph } from '../subgraphs/comet/index.js';
import { createSourceCache } from '../subgraphs/shared/cache.js';
import { systemClock } from '../subgraphs/shared/clock.js';
import { createLogger } from '../subgraphs/shared/log.js';
import { catalogConfig, mlconnectorInstances } from './stack.js';

export type ComponentMessage = { readonly ready: string; readonly urls: Readonly<Record<string, string>> };

const role = process.argv[2] ?? '';
/** JSON lines on stdout, one logger per process (SWITCHYARD_LOG_LEVEL sets the level). */
const logger = createLogger({ name: role });

async function main(): Promise<Readonly<Record<string, string>>> {
  const config = JSON.parse(process.env['SWITCHYARD_RESOLVED_CONFIG'] ?? 'null') as SwitchyardConfig | null;
  const subgraphUrls = JSON.parse(process.env['SWITCHYARD_SUBGRAPH_URLS'] ?? '{}') as Record<string, string>;
  if (role === 'emulators') {
    const clearml = await startClearMLEmulator({ port: Number(process.env['SWITCHYARD_CLEARML_EMULATOR_PORT'] ?? 0) });
    const comet = await startCometEmulator({ port: Number(process.env['SWITCHYARD_COMET_EMULATOR_PORT'] ?? 0), autoCreateWorkspaces: true });
    const cmf = await startCmfEmulator({ port: Number(process.env['SWITCHYARD_CMF_EMULATOR_PORT'] ?? 0) });
    const mlconnector = await startMLConnectorEmulator({ port: Number(process.env['SWITCHYARD_MLCONNECTOR_EMULATOR_PORT'] ?? 0) });
    return { clearml: clearml.url, comet: comet.url, cmf: cmf.url, mlconnector: mlconnector.url };
  }
  if (!config) throw new Error('SWITCHYARD_RESOLVED_CONFIG is missing');
  const ephemeral = process.env['SWITCHYARD_EPHEMERAL_PORTS'] === '1';
  const common = { clock: systemClock, principalSecret: config.secrets.principal, host: config.subgraphs.host, logger };
  const cache = () => createSourceCache({ redisUrl: config.cache.redisUrl, maxEntries: config.cache.maxEntries });
  switch (role) {
    case 'clearml': {
      const s = await startClearMLSubgraph({
        ...common,
        port: ephemeral ? 0 : config.subgraphs.ports.clearml,
        cache: await cache(),
        instances: config.sources.flatMap((x) => (x.kind === 'clearml' ? [{ name: x.name, url: x.url, credentials: x.credentials, principalCredentials: clearmlCredentialsByPrincipal(config, x.name), webUrl: x.webUrl, timeoutMs: x.timeoutMs, emulated: x.emulated, breaker: x.breaker, timeouts: x.timeouts }] : [])),
      });
      return { clearml: s.url };
    }
    case 'comet': {
      const s = await startCometSubgraph({
        ...common,
        port: ephemeral ? 0 : config.subgraphs.ports.comet,
        cache: await cache(),
        instances: config.sources.flatMap((x) => (x.kind === 'comet' ? [{ name: x.name, url: x.url, apiKey: x.apiKey, principalApiKeys: cometKeysByPrincipal(config, x.name), workspaces: x.workspaces, webUrl: x.webUrl, timeoutMs: x.timeoutMs, emulated: x.emulated, breaker: x.breaker, timeouts: x.timeouts }] : [])),
      });
      return { comet: s.url };
    }
    case 'cmf': {
      const s = await startCmfSubgraph({
        ...common,
        port: ephemeral ? 0 : config.subgraphs.ports.cmf,
        cache: await cache(),
        instances: config.sources.flatMap((x) => (x.kind === 'cmf' ? [{ name: x.name, url: x.url, timeoutMs: x.timeoutMs, emulated: x.emulated, breaker: x.breaker, timeouts: x.timeouts }] : [])),
      });
      return { cmf: s.url };
    }
    case 'mlconnector': {
      const s = await startMLConnectorSubgraph({ ...common, port: ephemeral ? 0 : config.subgraphs.ports.mlconnector, instances: mlconnectorInstances(config) });
      return { mlconnector: s.url };
    }
    case 'catalog': {
      const s = await startCatalogSubgraph({
        ...common,
        port: ephemeral ? 0 : config.subgraphs.ports.catalog,
        config: catalogConfig(config, { clearml: subgraphUrls['clearml'] ?? '', comet: subgraphUrls['comet'] ?? '', cmf: subgraphUrls['cmf'] ?? '', mlconnector: subgraphUrls['mlconnector'] ?? '' }),
      });
      return { catalog: s.url };
    }
    case 'gateway': {
      const g = await startGateway({ config, clock: systemClock, subgraphUrls, logger });
      return { gateway: g.url };
    }
    default:
      throw new Error(`unknown component "${role}"`);
  }
}

main().then(
  (urls) => process.send?.({ ready: role, urls } satisfies ComponentMessage),
  (err: unknown) => {
    console.error(`${role} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
