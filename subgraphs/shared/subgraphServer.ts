/**
 * The one place a subgraph listens (STYLE §3): Apollo Server over buildSubgraphSchema on /graphql, the
 * source contract on /source/v1/*, and /healthz. Every request but /healthz must carry a valid internal
 * principal token: subgraphs trust nobody but the gateway and the catalog.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type DocumentNode, GraphQLError } from 'graphql';
import { readBody, serveGraphQL, BodyTooLargeError } from './apolloHttp.js';
import type { Clock } from './clock.js';
import { ERROR_CODES, errorCodeOf, reasonOf } from './errors.js';
import { formatSafeError } from './formatError.js';
import { listen } from './listen.js';
import { errorFields, type Logger, silentLogger, useProcessLogger } from './log.js';
import { metricsText } from './metrics.js';
import { runInRequest } from './requestContext.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, runAsPrincipal, verifyPrincipalToken } from './principalToken.js';
import { SOURCE_CONTRACT_PREFIX, type Principal, type SourceCallContext, type SourceContract } from './sourceContract.js';

export interface SubgraphRequestContext extends SourceCallContext {
  /** The principal token as received, for forwarding to sources (the catalog does). */
  readonly principalToken: string;
}

/** A test and operations hook: answer a request before the subgraph sees it (e.g. a 503 on /graphql). */
export type RequestInterceptor = (req: { readonly path: string; readonly body: Buffer }) => { status: number; body: string; delayMs?: number } | undefined;

/** What every subgraph's start function takes besides its own settings. */
export interface SubgraphHostOptions {
  readonly clock: Clock;
  /** HMAC secret of the internal principal token (shared with the gateway and the catalog). */
  readonly principalSecret: string;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default 0 */
  readonly port?: number;
  readonly intercept?: RequestInterceptor;
  /** Where the server logs (JSON lines); silent when absent. */
  readonly logger?: Logger;
}

/** The host options as startSubgraphServer takes them (absent ones left out, as exactOptionalPropertyTypes wants). */
export function hostOptions(o: SubgraphHostOptions): SubgraphHostOptions {
  return {
    clock: o.clock,
    principalSecret: o.principalSecret,
    ...(o.host !== undefined ? { host: o.host } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.intercept ? { intercept: o.intercept } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  };
}

export interface SubgraphServerOptions<TContext extends SubgraphRequestContext> extends SubgraphHostOptions {
  readonly name: string;
  readonly typeDefs: DocumentNode;
  readonly resolvers: GraphQLResolverMap<TContext>;
  /** Builds the per-request context (DataLoaders live here: one set per request). */
  readonly createContext: (base: SubgraphRequestContext) => TContext;
  readonly contract?: SourceContract;
  readonly plugins?: readonly ApolloServerPlugin<TContext>[];
}

export interface RunningSubgraph {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startSubgraphServer<TContext extends SubgraphRequestContext>(options: SubgraphServerOptions<TContext>): Promise<RunningSubgraph> {
  const logger = (options.logger ?? silentLogger).child({ component: options.name });
  // Connectors inside this process log through it (one backend-call line each, at debug).
  if (options.logger) useProcessLogger(options.logger.child({ component: 'connector' }));
  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers }]),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: false,
    introspection: true,
    // Federated tracing is for Apollo's hosted studio; this gateway keeps traces in its own logs.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
    formatError: (formatted) => formatSafeError(formatted, (e) => logger.error(errorFields(e), 'masked error')),
  });
  await apollo.start();

  const authenticate = (req: IncomingMessage): SubgraphRequestContext => {
    const token = header(req, PRINCIPAL_HEADER);
    const principal: Principal = verifyPrincipalToken(token, options.principalSecret, options.clock);
    return { principal, principalToken: token ?? '', requestId: header(req, REQUEST_ID_HEADER) ?? randomUUID() };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok', subgraph: options.name });
    if (path === '/metrics') {
      const m = await metricsText();
      res.writeHead(200, { 'content-type': m.contentType });
      res.end(m.body);
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { error: { code: 'BAD_USER_INPUT', message: err.message } });
      throw err;
    }
    const intercepted = options.intercept?.({ path, body });
    if (intercepted) {
      if (intercepted.delayMs) await new Promise((resolve) => setTimeout(resolve, intercepted.delayMs));
      if (res.destroyed) return;
      res.writeHead(intercepted.status, { 'content-type': 'text/plain' });
      res.end(intercepted.body);
      return;
    }
    let base: SubgraphRequestContext;
    try {
      base = authenticate(req);
    } catch (err) {
      const message = err instanceof GraphQLError ? err.message : 'Unauthenticated';
      return sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    // Everything below runs as the verified principal: sources pick its backend credential from there.
    await runAsPrincipal(base.principal, async () => {
      if (path === '/graphql') {
        await serveGraphQL(apollo, req, res, body, () => Promise.resolve(options.createContext(base)));
        return;
      }
      if (options.contract && path.startsWith(`${SOURCE_CONTRACT_PREFIX}/`)) {
        await serveContract(options.contract, path.slice(SOURCE_CONTRACT_PREFIX.length + 1), body, base, res, logger);
        return;
      }
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${path}` } });
    });
  };

  const server: Server = createServer((req, res) => {
    // Every log line of this request, down to the connectors, carries the id the caller sent.
    const requestId = header(req, REQUEST_ID_HEADER) ?? randomUUID();
    const started = performance.now();
    res.on('finish', () => logger.debug({ method: req.method, route: new URL(req.url ?? '/', 'http://localhost').pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    runInRequest(requestId, () => handle(req, res)).catch((err: unknown) => {
      logger.error(errorFields(err), 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  const listening = await listen(server, options.port ?? 0, host);
  return {
    name: options.name,
    port: listening.port,
    url: `http://${host}:${listening.port}`,
    close: async () => {
      await listening.close();
      await apollo.stop();
    },
  };
}

type ContractOperation = keyof SourceContract;

/**
 * Each contract route and the method it calls. The catalog is the only caller and builds these bodies
 * from the shared types; the sources still validate every field they read (ids are decoded, filters
 * normalised).
 */
const CONTRACT_OPERATIONS: Readonly<Record<ContractOperation, (c: SourceContract, input: unknown, ctx: SourceCallContext) => Promise<unknown>>> = {
  list: (c, input, ctx) => c.list(input as Parameters<SourceContract['list']>[0], ctx),
  getByIds: (c, input, ctx) => c.getByIds(input as Parameters<SourceContract['getByIds']>[0], ctx),
  details: (c, input, ctx) => c.details(input as Parameters<SourceContract['details']>[0], ctx),
  capabilities: (c, _input, ctx) => c.capabilities(ctx),
  invalidate: (c, input, ctx) => c.invalidate(input as Parameters<SourceContract['invalidate']>[0], ctx),
  series: (c, input, ctx) => c.series(input as Parameters<SourceContract['series']>[0], ctx),
  edges: (c, input, ctx) => c.edges(input as Parameters<SourceContract['edges']>[0], ctx),
  match: (c, input, ctx) => c.match(input as Parameters<SourceContract['match']>[0], ctx),
  write: (c, input, ctx) => c.write(input as Parameters<SourceContract['write']>[0], ctx),
};

async function serveContract(
  contract: SourceContract,
  op: string,
  body: Buffer,
  ctx: SourceCallContext,
  res: ServerResponse,
  logger: Logger,
): Promise<void> {
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body.toString('utf8')) : {};
  } catch {
    return sendJson(res, 400, { error: { code: 'BAD_USER_INPUT', message: 'Malformed JSON body' } });
  }
  try {
    const handler = Object.hasOwn(CONTRACT_OPERATIONS, op) ? CONTRACT_OPERATIONS[op as ContractOperation] : undefined;
    const out = handler ? await handler(contract, input, ctx) : undefined;
    if (out === undefined) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `Unknown source operation ${op}` } });
    sendJson(res, 200, out);
  } catch (err) {
    const code = errorCodeOf(err);
    if (code) {
      const e = err as GraphQLError;
      const source = e.extensions['source'];
      const reason = reasonOf(e);
      return sendJson(res, ERROR_CODES[code].httpStatus, { error: { code, message: e.message, ...(typeof source === 'string' ? { source } : {}), ...(reason ? { reason } : {}) } });
    }
    logger.error({ op, ...errorFields(err) }, 'source operation failed');
    sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

