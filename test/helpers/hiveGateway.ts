/**
 * Hive Gateway (the portability and licence exit, DESIGN §8) over the checked-in supergraph, pointed
 * at a running stack's subgraphs. Only for tests: it signs the same internal principal token as the
 * Apollo gateway (SwitchyardDataSource) on every upstream request, forwards the request id (Hive's own
 * request-id plugin), and runs with no response cache and no in-flight deduplication, inbound or
 * upstream, so every query really reaches the subgraphs.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import httpTransport from '@graphql-mesh/transport-http';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../subgraphs/shared/principalToken.js';
import type { Principal } from '../../subgraphs/shared/sourceContract.js';
import type { SubgraphName } from '../../scripts/stack.js';
import type { Stack } from '../../scripts/stack.js';

export interface RunningHiveGateway {
  /** Base URL; GraphQL at `${url}/graphql`. */
  readonly url: string;
  close(): Promise<void>;
}

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);
const SUBGRAPHS: readonly SubgraphName[] = ['catalog', 'clearml', 'comet', 'cmf', 'mlconnector'];
/** The Apollo gateway's principal for a caller without an API key in the demo config (gateway/http/graphqlAuth.ts). */
const ANONYMOUS: Principal = { id: 'anonymous', roles: ['anonymous'] };

/** The checked-in supergraph with each `@join__graph` URL replaced by the stack's real subgraph URL. */
export async function stackSupergraph(stack: Stack): Promise<string> {
  let sdl = await readFile(SUPERGRAPH, 'utf8');
  for (const name of SUBGRAPHS) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]*(")`, 'g');
    const matches = sdl.match(pattern)?.length ?? 0;
    if (matches !== 1) throw new Error(`supergraph.graphql: expected one @join__graph for "${name}", found ${matches}`);
    sdl = sdl.replace(pattern, `$1${stack.subgraphs[name].url.replace(/\/+$/, '')}/graphql$2`);
  }
  return sdl;
}

/**
 * Sign the internal principal token into every upstream (subgraph) request, fresh each time (tokens live
 * 60 s), on the stack's clock: subgraphs check tokens against it, and tests move it.
 */
function usePrincipalToken(secret: string, clock: Clock): GatewayPlugin {
  return {
    onFetch({ options, setOptions }) {
      const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set(PRINCIPAL_HEADER, signPrincipalToken(ANONYMOUS, secret, clock));
      setOptions({ ...options, headers: Object.fromEntries(headers.entries()) });
    },
  };
}

export async function startHiveGateway(stack: Stack): Promise<RunningHiveGateway> {
  const gateway = createGatewayRuntime({
    supergraph: await stackSupergraph(stack),
    transports: { http: httpTransport },
    // Hive dedups identical in-flight upstream queries by default; the comparison must see real calls.
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    inboundInflightRequestDeduplication: false,
    // No `responseCaching`: Hive caches responses only when that option is given.
    plugins: () => [usePrincipalToken(stack.config.secrets.principal, stack.clock)],
    logging: false,
    landingPage: false,
    graphiql: false,
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await gateway.dispose();
    },
  };
}
