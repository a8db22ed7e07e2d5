/**
 * The gateway process: GraphQL (Apollo Server 5 + @apollo/gateway), offline GraphiQL, health, and the
 * REST mounts, on one plain Node http server. Wires everything from the resolved config in one place.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { ClearMLConnector } from '../subgraphs/clearml/index.js';
import { CmfConnector } from '../subgraphs/cmf/index.js';
import { CometConnector } from '../subgraphs/comet/index.js';
import { chooseDeploymentId, MLConnectorConnector } from '../subgraphs/mlconnector/index.js';
import { BodyTooLargeError, readBody, serveGraphQL } from '../subgraphs/shared/apolloHttp.js';
import type { Clock } from '../subgraphs/shared/clock.js';
import { REQUEST_ID_HEADER, signPrincipalToken } from '../subgraphs/shared/principalToken.js';
import { listen } from '../subgraphs/shared/listen.js';
import { SourceClient } from '../subgraphs/shared/SourceClient.js';
import type { Principal } from '../subgraphs/shared/sourceContract.js';
import type { SwitchyardConfig } from './config/index.js';
import { createGraphiQLHandler } from './graphiql/index.js';
import type { GatewayContext } from './graphql/context.js';
import { createGraphQLServer } from './graphql/createGraphQLServer.js';
import { readiness } from './health/readiness.js';
import { identifyGraphQLCaller } from './http/graphqlAuth.js';
import { flatHeaders, sendJson } from './http/nodeHttp.js';
import { createCmfMount } from './rest/cmf/cmfMount.js';
import { createClearMLMount } from './rest/clearml/clearmlMount.js';
import { createCometMount } from './rest/comet/cometMount.js';
import { createMLConnectorMount } from './rest/mlconnector/mlconnectorMount.js';
import type { OperationRunner } from './rest/shared/operationRunner.js';
import type { RestMount } from './rest/shared/types.js';

export interface GatewayOptions {
  readonly config: SwitchyardConfig;
  /** Subgraph name → base URL where it really listens. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly clock: Clock;
  /** Overrides config.gateway.port (tests use 0). */
  readonly port?: number;
  readonly host?: string;
  readonly log?: (msg: string, detail?: unknown) => void;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly graphql: ApolloServer<GatewayContext>;
  close(): Promise<void>;
}

const GRAPHQL_BODY_LIMIT = 1024 * 1024;

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, clock } = options;
  // The gateway waits longer than the catalog waits for a source (2 × its timeout + 1 s), so a slow
  // tracker is reported by its source, and only a hung subgraph trips this budget.
  const subgraphTimeoutMs = Math.max(...config.sources.map((s) => s.timeoutMs)) * 2 + 1_500;
  const graphql = await createGraphQLServer({ subgraphUrls: options.subgraphUrls, principalSecret: config.secrets.principal, clock, subgraphTimeoutMs, ...(options.log ? { log: options.log } : {}) });
  const run: OperationRunner = async (query, variables, principal, requestId) => {
    const res = await graphql.executeOperation({ query, variables }, { contextValue: { principal, requestId } });
    if (res.body.kind !== 'single') return { data: null, errors: [{ message: 'incremental delivery is not supported here' }] };
    const r = res.body.singleResult;
    return { data: (r.data ?? null) as Record<string, unknown> | null, errors: (r.errors ?? []).map((e) => ({ message: e.message, ...(e.extensions ? { extensions: e.extensions } : {}) })) };
  };
  const mounts = createMounts(options, run);
  const graphiql = createGraphiQLHandler({ endpoint: '/graphql', assetPath: '/graphiql-assets' });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const requestId = flatHeaders(req)[REQUEST_ID_HEADER] ?? randomUUID();
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const r = await readiness(run, requestId);
      return sendJson(res, r.ready ? 200 : 503, r);
    }
    if (graphiql(req, res)) return;
    if (url.pathname === '/graphql') return serveGraphQLRequest(req, res, requestId);
    const mount = mounts.find((m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`));
    if (mount) return serveRest(mount, req, res, url, requestId);
    sendJson(res, 404, { error: 'not found' });
  };

  const serveGraphQLRequest = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const who = identifyGraphQLCaller(req.headers, config.gateway);
    if (!who.ok) return sendJson(res, 401, { errors: [{ message: who.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    let body: Buffer;
    try {
      body = await readBody(req, GRAPHQL_BODY_LIMIT);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: err.message, extensions: { code: 'BAD_USER_INPUT' } }] });
      throw err;
    }
    const principal: Principal = who.principal;
    await serveGraphQL(graphql, req, res, body, () => Promise.resolve({ principal, requestId }));
  };

  const serveRest = async (mount: RestMount, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    const headers = flatHeaders(req);
    const base = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname.slice(mount.prefix.length) || '/', search: url.search, headers, requestId };
    let body: Buffer;
    try {
      body = await readBody(req, mount.bodyLimitBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      const out = mount.tooLarge(base);
      res.writeHead(out.status, out.headers);
      res.end(out.body);
      return;
    }
    const out = await mount.handle({ ...base, body });
    res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)) });
    res.end(out.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.log?.('gateway request failed', err);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' });
      else res.end();
    });
  });
  const host = options.host ?? config.gateway.host;
  const listening = await listen(server, options.port ?? config.gateway.port, host);
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${listening.port}`,
    port: listening.port,
    graphql,
    close: async () => {
      await listening.close();
      await graphql.stop();
    },
  };
}

function createMounts(options: GatewayOptions, run: OperationRunner): RestMount[] {
  const { config, clock } = options;
  const mounts: RestMount[] = [];
  const invalidator = (source: string, subgraph: string) => {
    const client = new SourceClient({ name: source, subgraphUrl: options.subgraphUrls[subgraph] ?? '' });
    const system: Principal = { id: 'system:rest', roles: ['system'] };
    return () => client.invalidate({ principalToken: signPrincipalToken(system, config.secrets.principal, clock), requestId: randomUUID() });
  };
  const clearml = config.rest.clearml;
  const clearmlSource = config.sources.find((s) => s.kind === 'clearml' && s.name === clearml?.source);
  if (clearml && clearmlSource?.kind === 'clearml') {
    const connector = new ClearMLConnector({ instance: clearmlSource.name, baseUrl: clearmlSource.url, credentials: clearmlSource.credentials, clock, timeoutMs: clearmlSource.timeoutMs });
    mounts.push(
      createClearMLMount({
        source: clearmlSource.name,
        forward: (req) => connector.forward(req),
        invalidate: invalidator(clearmlSource.name, 'clearml'),
        keys: { keys: clearml.keys, acceptAny: config.rest.acceptAnyCredential, jwtSecret: config.secrets.clearmlJwt },
        clock,
        run,
      }),
    );
  }
  const comet = config.rest.comet;
  const cometSource = config.sources.find((s) => s.kind === 'comet' && s.name === comet?.source);
  if (comet && cometSource?.kind === 'comet') {
    const connector = new CometConnector({ instance: cometSource.name, baseUrl: cometSource.url, apiKey: cometSource.apiKey, timeoutMs: cometSource.timeoutMs });
    mounts.push(
      createCometMount({
        source: cometSource.name,
        forward: (req) => connector.forward(req),
        invalidate: invalidator(cometSource.name, 'comet'),
        keys: comet.keys,
        acceptAny: config.rest.acceptAnyCredential,
      }),
    );
  }
  const cmf = config.rest.cmf;
  const cmfSource = config.sources.find((s) => s.kind === 'cmf' && s.name === cmf?.source);
  if (cmf && cmfSource?.kind === 'cmf') {
    const connector = new CmfConnector({ instance: cmfSource.name, baseUrl: cmfSource.url, timeoutMs: cmfSource.timeoutMs, clock });
    mounts.push(createCmfMount({ source: cmfSource.name, forward: (req) => connector.forward(req), invalidate: invalidator(cmfSource.name, 'cmf') }));
  }
  const mlc = config.rest.mlconnector;
  const mlcSource = config.sources.find((s) => s.kind === 'mlconnector' && s.name === mlc?.source);
  if (mlc && mlcSource?.kind === 'mlconnector') {
    const connector = new MLConnectorConnector({ instance: mlcSource.name, baseUrl: mlcSource.url, timeoutMs: mlcSource.timeoutMs });
    mounts.push(
      createMLConnectorMount({
        source: mlcSource.name,
        forward: (req) => connector.forward(req),
        invalidate: invalidator(mlcSource.name, 'mlconnector'),
        chooseDeploymentId: (modelId) => chooseDeploymentId(modelId),
      }),
    );
  }
  return mounts;
}
