/**
 * The request a piece of work belongs to, carried through async calls (AsyncLocalStorage) so that log
 * lines written deep inside a connector name the request that caused them without every call passing
 * it along. Servers enter it once per incoming request (the gateway and each subgraph server).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Run `fn` (and everything it starts) as part of request `requestId`. */
export function runInRequest<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request the current code runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
