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
import { errorFields, type Logger, silentLogger } from '../subgraphs/shared/log.js';
import { gatewayRequests, metricsText } from '../subgraphs/shared/metrics.js';
import { runInRequest } from '../subgraphs/shared/requestContext.js';
import { catalogBudgets, clearmlCredentialsByPrincipal, cometKeysByPrincipal, gatewayBudgets, type SwitchyardConfig } from './config/index.js';
import { createGraphiQLHandler } from './graphiql/index.js';
import type { GatewayContext } from './graphql/context.js';
import { createGraphQLServer } from './graphql/createGraphQLServer.js';
import { readiness } from './health/readiness.js';
import { identifyGraphQLCaller } from './http/graphqlAuth.js';
import { flatHeaders, sendJson } from './http/nodeHttp.js';
import { graphqlRateLimited, rateLimiterFor } from './limits/index.js';
import { createCmfMount } from './rest/cmf/cmfMount.js';
import { createClearMLMount } from './rest/clearml/clearmlMount.js';
import { createCometMount } from './rest/comet/cometMount.js';
import { createMLConnectorMount } from './rest/mlconnector/mlconnectorMount.js';
import type { OperationRunner } from './rest/shared/operationRunner.js';
import { credentialFamily } from '../subgraphs/shared/credentialFamily.js';
import type { RestMount } from './rest/shared/types.js';
import { passthroughVerdict } from './access/passthroughGate.js';
import { accessPolicy } from './config/principals.js';
import { ruleFor } from '../subgraphs/shared/access.js';
import { ANONYMOUS_PRINCIPAL } from './rest/shared/types.js';
import { cacheableRequest, createResponseCache, createResponseCachePlugin, type ResponseCache } from './responseCache/index.js';
import { createIdempotencyLedger, type IdempotencyLedger } from '../subgraphs/shared/idempotency.js';

export interface GatewayOptions {
  readonly config: SwitchyardConfig;
  /** Subgraph name → base URL where it really listens. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly clock: Clock;
  /** Overrides config.gateway.port (tests use 0). */
  readonly port?: number;
  readonly host?: string;
  /** Where the gateway and its GraphQL server log (JSON lines); silent when absent. */
  readonly logger?: Logger;
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  readonly graphql: ApolloServer<GatewayContext>;
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, clock } = options;
  const logger = (options.logger ?? silentLogger).child({ component: 'gateway' });
  // The gateway waits longer than the catalog waits for a source, so a slow tracker is reported by its
  // source, and only a hung subgraph trips this budget; mutations wait for a source's longest call.
  const budgets = gatewayBudgets(config.sources);
  // The full-response cache (docs/adr/0013), when configured: looked up before Apollo's pipeline.
  const responseCache: ResponseCache | undefined = config.cache.responseTtlMs
    ? await createResponseCache({ ttlMs: config.cache.responseTtlMs, maxEntries: config.cache.maxEntries, redisUrl: config.cache.redisUrl, namespace: config.cache.namespace ?? 'switchyard', clock })
    : undefined;
  const graphql = await createGraphQLServer({
    subgraphUrls: options.subgraphUrls,
    principalSecret: config.secrets.principal,
    clock,
    subgraphTimeoutMs: budgets.queryMs,
    mutationTimeoutMs: budgets.mutationMs,
    logger,
    complexity: { limits: config.gateway.limits, sourceCount: config.sources.length },
    plugins: responseCache ? [createResponseCachePlugin(responseCache)] : [],
  });
  // Limits (gateway/limits): per-principal rate limits per surface, shared by replicas through Redis.
  const limiter = await rateLimiterFor(config, clock, (fields, msg) => logger.warn(fields, msg));
  const access = accessPolicy(config);
  // Never throws: a failure of the pipeline itself is one error like any other, so every rendered path
  // (union views, routed writes) maps failures in one place instead of guarding each call.
  const run: OperationRunner = async (query, variables, principal, requestId) => {
    const res = await graphql.executeOperation({ query, variables }, { contextValue: { principal, requestId } }).catch((err: unknown) => {
      logger.error(errorFields(err), 'rendered operation failed');
      return undefined;
    });
    if (!res) return { data: null, errors: [{ message: 'the operation failed', extensions: { code: 'SOURCE_ERROR' } }] };
    if (res.body.kind !== 'single') return { data: null, errors: [{ message: 'incremental delivery is not supported here' }] };
    const r = res.body.singleResult;
    return { data: (r.data ?? null) as Record<string, unknown> | null, errors: (r.errors ?? []).map((e) => ({ message: e.message, ...(e.extensions ? { extensions: e.extensions } : {}) })) };
  };
  // Idempotency-Key on REST creates shares the GraphQL creates' ledger (docs/adr/0014): memory or Redis.
  const idempotency = await createIdempotencyLedger({ redisUrl: config.cache.redisUrl, namespace: config.cache.namespace });
  const mounts = createMounts(options, run, responseCache, idempotency);
  const graphiql = createGraphiQLHandler({ endpoint: '/graphql', assetPath: '/graphiql-assets' });

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics') {
      const m = await metricsText();
      res.writeHead(200, { 'content-type': m.contentType });
      res.end(m.body);
      return;
    }
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
    const who = identifyGraphQLCaller(req.headers, config.gateway, clock.now());
    if (!who.ok) return sendJson(res, 401, { errors: [{ message: who.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    const refused = await limiter?.admit('graphql', who.principal.id);
    if (refused) {
      req.resume();
      const out = graphqlRateLimited(refused);
      return sendJson(res, out.status, out.body, out.headers);
    }
    let body: Buffer;
    try {
      body = await readBody(req, config.gateway.limits.graphqlBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { errors: [{ message: err.message, extensions: { code: 'BAD_USER_INPUT' } }] });
      throw err;
    }
    const principal: Principal = who.principal;
    const serve = (responseCacheVerdict?: { cacheable: boolean }) =>
      serveGraphQL(graphql, req, res, body, () => Promise.resolve({ principal, requestId, ...(responseCacheVerdict ? { responseCache: responseCacheVerdict } : {}) }));
    // A cache that cannot answer (Redis down) costs the request its hit, never its answer.
    const lookup =
      responseCache && cacheableRequest(req.method, req.headers['content-type'])
        ? await responseCache
            .keyFor({ principalId: principal.id, accept: req.headers.accept ?? '', body })
            .then(async (key) => ({ key, hit: await responseCache.get(key) }))
            .catch((err: unknown) => {
              logger.warn(errorFields(err), 'response cache read failed');
              return undefined;
            })
        : undefined;
    if (!responseCache || !lookup) {
      await serve();
      return;
    }
    const { key, hit } = lookup;
    if (hit) {
      res.writeHead(hit.status, { ...hit.headers, 'x-switchyard-response-cache': 'hit' });
      res.end(hit.body);
      return;
    }
    // Stored under the generation read before the answer was computed: a write meanwhile orphans it.
    const verdict = { cacheable: false };
    res.setHeader('x-switchyard-response-cache', 'miss');
    const answer = await serve(verdict);
    // Stored with its length, so a hit goes out in one write rather than chunked.
    if (answer && verdict.cacheable) await responseCache.set(key, { ...answer, headers: { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) } }).catch((err: unknown) => logger.warn(errorFields(err), 'response cache write failed'));
  };

  const serveRest = async (mount: RestMount, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    const headers = flatHeaders(req);
    const base = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname.slice(mount.prefix.length) || '/', search: url.search, headers, requestId };
    // CORS preflights carry no credential: they would all drain the `anonymous` bucket.
    const refused = base.method === 'OPTIONS' ? undefined : await limiter?.admit(mount.prefix.slice(1), mount.principalOf(base));
    if (refused) {
      req.resume();
      const out = mount.rateLimited(base, refused.retryAfterSeconds);
      res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)) });
      res.end(out.body);
      return;
    }
    // Access rules (gateway/access): an unidentified caller gets the mount's own 401 from `handle`.
    const principalId = mount.principalOf(base);
    const verdict = principalId === ANONYMOUS_PRINCIPAL ? { ok: true as const } : passthroughVerdict(ruleFor(access, principalId), mount.source, mount.kindOf(base));
    if (!verdict.ok) {
      req.resume();
      const out = mount.forbidden(base, verdict.reason);
      res.writeHead(out.status, { ...out.headers, 'content-length': String(Buffer.byteLength(out.body)) });
      res.end(out.body);
      return;
    }
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
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const requestId = acceptedRequestId(flatHeaders(req)[REQUEST_ID_HEADER]) ?? randomUUID();
    const started = performance.now();
    res.on('finish', () => {
      // What happened, never what was sent: the path without its query string, no headers, no bodies.
      const surface = surfaceOf(url.pathname, mounts);
      gatewayRequests.inc({ surface, status: `${Math.floor(res.statusCode / 100)}xx` });
      logger.info({ requestId, surface, method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    runInRequest(requestId, () => handle(req, res, url, requestId)).catch((err: unknown) => {
      logger.error(errorFields(err), 'gateway request failed');
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
      await limiter?.close();
      await responseCache?.close();
      await idempotency.close();
    },
  };
}

/** A caller's request id is kept when it is a plain token (it ends up in logs); anything else gets a new one. */
function acceptedRequestId(value: string | undefined): string | undefined {
  return value !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : undefined;
}

/** The part of the gateway a path belongs to, for logs and metrics (a small, fixed set of values). */
function surfaceOf(pathname: string, mounts: readonly RestMount[]): string {
  if (pathname === '/graphql') return 'graphql';
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname.slice(1);
  const mount = mounts.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
  return mount ? mount.prefix.slice(1) : 'other';
}

function createMounts(options: GatewayOptions, run: OperationRunner, responseCache: ResponseCache | undefined, ledger: IdempotencyLedger): RestMount[] {
  const { config, clock } = options;
  const mounts: RestMount[] = [];
  // A REST write through a mount orphans what its source cached and every cached GraphQL answer.
  const invalidator = (source: string, subgraph: string) => {
    const client = new SourceClient({ name: source, subgraphUrl: options.subgraphUrls[subgraph] ?? '' });
    const system: Principal = { id: 'system:rest', roles: ['system'] };
    return async () => {
      await Promise.all([client.invalidate({ principalToken: signPrincipalToken(system, config.secrets.principal, clock), requestId: randomUUID() }), responseCache?.invalidateAll()]);
    };
  };
  const clearml = config.rest.clearml;
  const clearmlSource = config.sources.find((s) => s.kind === 'clearml' && s.name === clearml?.source);
  if (clearml && clearmlSource?.kind === 'clearml') {
    const make = (credentials: { accessKey: string; secretKey: string }) => new ClearMLConnector({ instance: clearmlSource.name, baseUrl: clearmlSource.url, credentials, clock, timeoutMs: clearmlSource.timeoutMs, breaker: clearmlSource.breaker, timeouts: clearmlSource.timeouts });
    // Each principal calls ClearML with its own backend credential when config maps one (issue 8).
    const base = make(clearmlSource.credentials);
    const keyOf = (c: { accessKey: string; secretKey: string }) => `${c.accessKey}\u0000${c.secretKey}`;
    const connectors = credentialFamily(base, keyOf(clearmlSource.credentials), clearmlCredentialsByPrincipal(config, clearmlSource.name), keyOf, make);
    mounts.push(
      createClearMLMount({
        source: clearmlSource.name,
        forward: (req, principal) => connectors.for(principal.id).forward(req),
        forwardAsCaller: (req) => base.forwardAsCaller(req),
        passthroughCredentials: clearml.passthroughCredentials,
        routeWritesTo: clearml.routeWritesTo,
        idempotency: { ledger, timeoutMs: catalogBudgets(clearmlSource).writeMs },
        invalidate: invalidator(clearmlSource.name, 'clearml'),
        keys: { keys: clearml.keys, acceptAny: config.rest.acceptAnyCredential, jwtSecret: config.secrets.clearmlJwt },
        clock,
        run,
        bodyLimitBytes: clearml.bodyLimitBytes,
      }),
    );
  }
  const comet = config.rest.comet;
  const cometSource = config.sources.find((s) => s.kind === 'comet' && s.name === comet?.source);
  if (comet && cometSource?.kind === 'comet') {
    const make = (apiKey: string) => new CometConnector({ instance: cometSource.name, baseUrl: cometSource.url, apiKey, timeoutMs: cometSource.timeoutMs, clock, breaker: cometSource.breaker, timeouts: cometSource.timeouts });
    const base = make(cometSource.apiKey);
    const connectors = credentialFamily(base, cometSource.apiKey, cometKeysByPrincipal(config, cometSource.name), (k) => k, make);
    mounts.push(
      createCometMount({
        source: cometSource.name,
        forward: (req, principal) => connectors.for(principal.id).forward(req),
        forwardAsCaller: (req) => base.forwardAsCaller(req),
        passthroughCredentials: comet.passthroughCredentials,
        routeWritesTo: comet.routeWritesTo,
        idempotency: { ledger, timeoutMs: catalogBudgets(cometSource).writeMs },
        invalidate: invalidator(cometSource.name, 'comet'),
        keys: comet.keys,
        acceptAny: config.rest.acceptAnyCredential,
        bodyLimitBytes: comet.bodyLimitBytes,
        run,
      }),
    );
  }
  const cmf = config.rest.cmf;
  const cmfSource = config.sources.find((s) => s.kind === 'cmf' && s.name === cmf?.source);
  if (cmf && cmfSource?.kind === 'cmf') {
    const connector = new CmfConnector({ instance: cmfSource.name, baseUrl: cmfSource.url, timeoutMs: cmfSource.timeoutMs, clock, breaker: cmfSource.breaker, timeouts: cmfSource.timeouts });
    mounts.push(createCmfMount({ source: cmfSource.name, forward: (req) => connector.forward(req), invalidate: invalidator(cmfSource.name, 'cmf'), principal: cmf.principal, bodyLimitBytes: cmf.bodyLimitBytes, run }));
  }
  const mlc = config.rest.mlconnector;
  const mlcSource = config.sources.find((s) => s.kind === 'mlconnector' && s.name === mlc?.source);
  if (mlc && mlcSource?.kind === 'mlconnector') {
    const connector = new MLConnectorConnector({ instance: mlcSource.name, baseUrl: mlcSource.url, timeoutMs: mlcSource.timeoutMs, clock, breaker: mlcSource.breaker, timeouts: mlcSource.timeouts });
    mounts.push(
      createMLConnectorMount({
        source: mlcSource.name,
        forward: (req) => connector.forward(req),
        invalidate: invalidator(mlcSource.name, 'mlconnector'),
        chooseDeploymentId: (modelId) => chooseDeploymentId(modelId),
        principal: mlc.principal,
        idempotency: { ledger, timeoutMs: catalogBudgets(mlcSource).writeMs },
        bodyLimitBytes: mlc.bodyLimitBytes,
        run,
      }),
    );
  }
  return mounts;
}
