/**
 * How the gateway calls a subgraph: Apollo's RemoteGraphQLDataSource plus what it will not do for us
 * (reference/federation.md, "Partial failure"): sign the caller's principal into every subgraph request,
 * forward the request id, and turn transport failures and subgraph errors into registry errors that
 * name the source (taken from the entity ids in the representations) and carry no internal URL, body
 * or stack trace.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { Clock } from '../../subgraphs/shared/clock.js';
import { isErrorCode, switchyardError } from '../../subgraphs/shared/errors.js';
import { PRINCIPAL_HEADER, REQUEST_ID_HEADER, signPrincipalToken } from '../../subgraphs/shared/principalToken.js';
import type { GatewayContext } from './context.js';

export interface DataSourceOptions {
  readonly subgraph: string;
  readonly url: string;
  readonly principalSecret: string;
  readonly clock: Clock;
  /** Budget for one subgraph call; sources time out on their trackers well before it. @default 30_000 */
  readonly timeoutMs?: number;
  /** Budget for a mutation fetch, which may wait for a source's longest tracker call. @default timeoutMs */
  readonly mutationTimeoutMs?: number;
}

/** Marks a subgraph fetch that runs a mutation, so the fetcher gives it the mutation budget. */
const OPERATION_HEADER = 'x-switchyard-operation';

export class SwitchyardDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly #options: DataSourceOptions;

  constructor(options: DataSourceOptions) {
    super({ url: options.url });
    this.#options = options;
    const timeout = options.timeoutMs ?? 30_000;
    const mutationTimeout = options.mutationTimeoutMs ?? timeout;
    // Node's own fetch (undici, a keep-alive pool per origin) instead of Apollo's default
    // make-fetch-happen, which cost about a third of the gateway's CPU per request (docs/benchmarks.md).
    // A hung subgraph must fail its fetch, not the whole response: each fetch carries its budget.
    this.fetcher = (url, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const budget = headers[OPERATION_HEADER] === 'mutation' ? mutationTimeout : timeout;
      return fetch(url, { method: init?.method ?? 'POST', headers, body: (init?.body as string | undefined) ?? null, signal: AbortSignal.timeout(budget) }) as unknown as ReturnType<RemoteGraphQLDataSource['fetcher']>;
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const principal = context.principal ?? { id: 'system', roles: ['system'] };
    request.http?.headers.set(PRINCIPAL_HEADER, signPrincipalToken(principal, this.#options.principalSecret, this.#options.clock));
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    if (/^\s*mutation\b/.test(request.query ?? '')) request.http?.headers.set(OPERATION_HEADER, 'mutation');
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const ids = representationIds(options.request.variables);
    const sources = [...new Set(ids.map((id) => id.slice(0, id.indexOf(':'))).filter((s) => s !== ''))];
    // The source is the tracker instance the entities belong to; the catalog itself is no source.
    const source = sources.length === 1 ? sources[0] : this.#options.subgraph === 'catalog' ? undefined : this.#options.subgraph;
    const idExt = ids.length === 1 ? { id: ids[0] } : ids.length > 1 ? { ids } : {};
    let response: GatewayGraphQLResponse;
    try {
      response = await super.process(options);
    } catch (err) {
      // Read by shape, not `instanceof Error`: fetch's TimeoutError is a DOMException of Node's own realm.
      const { name, message } = errorShape(err);
      const status = /^(\d{3}):/.exec(message)?.[1];
      const timeout = name === 'TimeoutError' || name === 'AbortError' || /timeout|aborted/i.test(message);
      throw switchyardError(
        timeout ? 'SOURCE_TIMEOUT' : 'SOURCE_UNAVAILABLE',
        `${source ? `Source "${source}"` : `The ${this.#options.subgraph} subgraph`} is unavailable (${status ? `HTTP ${status}` : 'unreachable'}).`,
        { source, extensions: idExt },
      );
    }
    if (!response.errors) return response;
    return { ...response, errors: response.errors.map((e) => cleanError(e, source)) };
  }
}

/** Keep a subgraph error's message and registry extensions; make sure it names a source. */
function cleanError(error: GraphQLFormattedError, fallbackSource: string | undefined): GraphQLFormattedError {
  const ext = error.extensions ?? {};
  const known = isErrorCode(ext['code']);
  const source = typeof ext['source'] === 'string' ? ext['source'] : fallbackSource;
  const extensions: Record<string, unknown> = { code: known ? ext['code'] : 'SOURCE_ERROR', ...(source ? { source } : {}) };
  if (typeof ext['id'] === 'string') extensions['id'] = ext['id'];
  return { message: known ? error.message : `${source ? `Source "${source}"` : 'A subgraph'} failed.`, ...(error.path ? { path: error.path } : {}), extensions };
}

function errorShape(err: unknown): { readonly name: string; readonly message: string } {
  if (typeof err !== 'object' || err === null) return { name: '', message: '' };
  const { name, message } = err as { name?: unknown; message?: unknown };
  return { name: typeof name === 'string' ? name : '', message: typeof message === 'string' ? message : '' };
}

function representationIds(variables: Record<string, unknown> | undefined): string[] {
  const reps = variables?.['representations'];
  if (!Array.isArray(reps)) return [];
  return reps.flatMap((r: unknown) => (typeof r === 'object' && r !== null && typeof (r as { id?: unknown }).id === 'string' ? [(r as { id: string }).id] : []));
}
