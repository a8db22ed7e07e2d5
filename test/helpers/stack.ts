/**
 * Test entry to a whole stack (emulators, subgraphs, gateway) in this process on OS-chosen ports,
 * plus small clients. One stack per end-to-end file: start it in beforeAll, close it in afterAll.
 */
import { expect } from '@jest/globals';
import { startStack, type Stack, type StackOptions, type SubgraphName } from '../../scripts/stack.js';

export { startStack, type Stack, type StackOptions, type SubgraphName };

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly path?: readonly (string | number)[]; readonly extensions?: Record<string, unknown> }[];
}

/** POST a GraphQL operation to the stack's gateway. */
export async function gql<T = Record<string, unknown>>(stack: Stack, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
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
