/**
 * Test entry to a whole stack (emulators, subgraphs, gateway) in this process on OS-chosen ports,
 * plus small clients. One stack per end-to-end file: start it in beforeAll, close it in afterAll.
 */
import { expect, it } from '@jest/globals';
import { startStack as startInProcessStack, type Stack as InProcessStack, type StackOptions, type SubgraphName, type TrackerName } from '../../scripts/stack.js';
import { startHiveGateway } from './hiveGateway.js';

export type { StackOptions, SubgraphName };

/** A stack as end-to-end tests see it: `graphqlUrl` is where `gql` sends operations. */
export interface Stack extends InProcessStack {
  /** The Apollo gateway's `/graphql`, or Hive Gateway's when the suite runs on Hive (the e2e-hive project). */
  readonly graphqlUrl: string;
}

/**
 * True in the e2e-hive jest project (its `globals`, set per test file's environment): GraphQL goes through
 * Hive Gateway serving the checked-in supergraph.
 */
export const onHive = (globalThis as { SWITCHYARD_E2E_GATEWAY?: string }).SWITCHYARD_E2E_GATEWAY === 'hive';

/**
 * The in-process stack (scripts/stack.ts); on the e2e-hive project also a Hive Gateway over its
 * subgraphs (DESIGN §8: the same queries must pass there). REST mounts stay on the Switchyard gateway.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const stack = await startInProcessStack(options);
  if (!onHive) return { ...stack, graphqlUrl: `${stack.gateway.url}/graphql` };
  const hive = await startHiveGateway(stack).catch(async (err: unknown) => {
    await stack.close();
    throw err;
  });
  return {
    ...stack,
    graphqlUrl: `${hive.url}/graphql`,
    async close() {
      await hive.close();
      await stack.close();
    },
  };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly path?: readonly (string | number)[]; readonly extensions?: Record<string, unknown> }[];
}

/** POST a GraphQL operation to the stack's gateway. */
export async function gql<T = Record<string, unknown>>(stack: Stack, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(stack.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(onHive ? { accept: 'application/graphql-response+json, application/json' } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Assert that the response carries an error with this code (and, when given, this source). */
export function expectGraphQLError(res: GraphQLResponse<unknown>, code: string, source?: string): void {
  const codes = (res.errors ?? []).map((e) => `${String(e.extensions?.['code'])}${e.extensions?.['source'] ? `@${String(e.extensions['source'])}` : ''}`);
  expect(codes).toContainEqual(source ? `${code}@${source}` : expect.stringMatching(new RegExp(`^${code}(@|$)`)));
}

/** Assert that no error leaks internals: stack traces, loopback URLs or upstream bodies. */
export function expectCleanErrors(res: GraphQLResponse<unknown>): void {
  const text = JSON.stringify(res.errors ?? []);
  expect(text).not.toMatch(/stacktrace|127\.0\.0\.1|localhost|"response"|at [A-Za-z]+ \(/);
}

/**
 * Errors a gateway reports beside data that is present (a list that lost one source): the Apollo gateway
 * passes the catalog's errors through; Hive Gateway may drop them (it keeps a subgraph's errors where a
 * field came back null; with a single-fetch plan the catalog's extra errors are lost), and then the failed
 * source shows in the list's `sources` alone (DESIGN §5.2's primary channel). Assertions on such errors
 * go through this.
 */
export function expectBesideData<T>(actual: readonly T[], expected: readonly T[]): void {
  // On Hive the errors are either all dropped (single-fetch plans) or all passed through (multi-fetch plans).
  if (onHive && actual.length === 0) return;
  expect(actual).toEqual(expected);
}

/**
 * `expectGraphQLError` for an error beside present data (see `besideData`). On Hive it may be dropped
 * (single-fetch plans) or passed through (multi-fetch plans, with Hive's `serviceName` added): either
 * way, an error naming the source carries the expected code.
 */
export function expectErrorBesideData(res: GraphQLResponse<unknown>, code: string, source: string): void {
  if (!onHive) return expectGraphQLError(res, code, source);
  for (const e of res.errors ?? []) if (e.extensions?.['source'] === source) expect(e.extensions['code']).toBe(code);
}

/**
 * Tests of the Switchyard gateway's own data source (per-subgraph call budget, a failed subgraph fetch
 * reported as SOURCE_UNAVAILABLE naming the source): Hive Gateway has its own, so these run on Apollo only.
 */
export const itOnSwitchyardGateway = onHive ? it.skip : it;

/** One model id per source that lists any (fault tests read them by id while a tracker fails). */
export async function firstModelPerSource(stack: Stack, sources: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const s of sources) {
    const res = await gql<{ models: { edges: { node: { id: string } }[] } }>(stack, 'query($s: [String!]) { models(first: 1, filter: { sources: $s }) { edges { node { id } } } }', { s: [s] });
    const id = res.data?.models.edges[0]?.node.id;
    if (id !== undefined) out[s] = id;
  }
  return out;
}

/** The stack's emulator of a tracker (fault tests drive it); fails when the stack has none. */
export function emulatorOf(stack: Stack, tracker: TrackerName): NonNullable<Stack['emulators'][TrackerName]> {
  const em = stack.emulators[tracker];
  if (!em) throw new Error(`no ${tracker} emulator`);
  return em;
}

/** A response's errors as [code, source] pairs. */
export function codedErrors(res: GraphQLResponse<unknown>): unknown[][] {
  return (res.errors ?? []).map((e) => [e.extensions?.['code'], e.extensions?.['source']]);
}
