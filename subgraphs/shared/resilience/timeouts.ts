/**
 * Per-source and per-operation timeouts (DESIGN §7: MLConnector deployment creation and large CMF
 * pushes take minutes, a list read should not). One policy shape, as Hive's upstream options: a value,
 * or a function of the call that may decline (undefined) and leave the choice to the next layer.
 */
import type { CallKind } from '../httpClient.js';

/** What a backend call is, as the policies see it. */
export interface OperationContext {
  /** Source instance name. */
  readonly source: string;
  /**
   * The tracker's own name for the call: a ClearML endpoint (`tasks.get_all`), a Comet REST v2 path
   * (`experiments`), a CMF route (`mlmd_push`), an MLConnector method and route (`POST /deployment/add`).
   */
  readonly operation: string;
  /** `passthrough`: a REST caller's own request, forwarded. */
  readonly kind: CallKind | 'passthrough';
}

/** Operation → milliseconds, as `sources[].timeouts` configures them; operations it does not name are left to the next layer. */
export type OperationTimeouts = Readonly<Record<string, number>>;

/** Milliseconds for every call, per operation, or per call (undefined: no opinion, ask the next layer). */
export type TimeoutPolicy = number | OperationTimeouts | ((ctx: OperationContext) => number | undefined);

/**
 * The timeout of one call: the first layer with an opinion wins, else `fallback`. Layers run from the
 * most specific (configured per operation) to the least (the connector's own per-operation default).
 */
export function resolveTimeout(ctx: OperationContext, layers: readonly (TimeoutPolicy | undefined)[], fallback: number): number {
  for (const layer of layers) {
    const ms = typeof layer === 'function' ? layer(ctx) : typeof layer === 'object' ? timeoutsByOperation(layer)(ctx) : layer;
    if (ms !== undefined && Number.isFinite(ms) && ms > 0) return ms;
  }
  return fallback;
}

/** An operation map as a function policy (to compose it with other rules). */
export function timeoutsByOperation(byOperation: OperationTimeouts): (ctx: OperationContext) => number | undefined {
  return (ctx) => (Object.hasOwn(byOperation, ctx.operation) ? byOperation[ctx.operation] : undefined);
}
