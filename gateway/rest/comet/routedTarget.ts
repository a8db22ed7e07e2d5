/**
 * The supergraph side of routed writes (DESIGN §6, README "Routed writes"): with `rest.comet.routeWritesTo`,
 * the /comet mount's writes become mutations on a ClearML source, run as the caller's principal so the
 * catalog applies its access rules and the ClearML source its cache invalidation. ClearML task ids and
 * Comet experiment keys are both 32 lowercase hex: the key a Comet client holds IS the task id, and the
 * task's global id is `<target>:task:<key>` — no mapping table.
 */
import { encodeId } from '../../../subgraphs/shared/ids.js';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationResult, OperationRunner } from '../shared/operationRunner.js';
import type { RestResponse } from '../shared/types.js';
import { cometError, cometErrorOf, refusalForCode } from './cometErrors.js';
import { execute } from './unionFetch.js';

export { execute };

/** Comet's sdk_error_code for an unknown experiment (nonExistingRun) and a missing key (experimentKeyNotSpecified). */
export const NON_EXISTING_RUN = 90211;
export const KEY_NOT_SPECIFIED = 90998;

const HEX_KEY = /^[0-9a-f]{32}$/;

export interface RoutedContext {
  readonly run: OperationRunner;
  readonly principal: Principal;
  readonly requestId: string;
  /** The ClearML source instance the writes go to. */
  readonly target: string;
}

/** The global id of the target's task an experimentKey names, or undefined when the key cannot be a ClearML task id. */
export function targetTaskId(target: string, experimentKey: string): string | undefined {
  return HEX_KEY.test(experimentKey) ? encodeId({ instance: target, kind: 'task', native: [experimentKey] }) : undefined;
}


/** Comet's answer to a write for a key it does not know (400 on the write side, reference/comet.md §6.3). */
export function unknownKey(experimentKey: string): RestResponse {
  return cometError(400, `Experiment not found: ${experimentKey.slice(0, 200)}`, NON_EXISTING_RUN);
}


export function errorCode(res: OperationResult): string | undefined {
  return res.errors.map((e) => e.extensions?.['code']).find((c): c is string => typeof c === 'string');
}

/**
 * A failed mutation in Comet's error shape. NOT_FOUND (or an id the catalog refuses) is the unknown key;
 * the catalog's messages are already free of internals, so they are quoted.
 */
export function writeFailure(ctx: RoutedContext, res: OperationResult, experimentKey: string | undefined): RestResponse {
  const code = errorCode(res);
  if (experimentKey !== undefined && (code === 'NOT_FOUND' || code === undefined)) return unknownKey(experimentKey);
  return cometErrorOf(refusalForCode(code, res.errors[0]?.message ?? 'no data', ctx.target));
}

const TASK_STATUS = `query SwitchyardCometRoutedTask($id: ID!) { task(id: $id) { id status } }`;

/** The task's unified status, or the answer to give instead: Comet's unknown key when the target has no such task. */
export async function taskStatus(ctx: RoutedContext, id: string, experimentKey: string): Promise<{ readonly taskStatus: string | null } | { readonly refusal: RestResponse }> {
  const res = await execute(ctx, TASK_STATUS, { id });
  const task = res.data?.['task'];
  if (typeof task === 'object' && task !== null) {
    const status = (task as { status?: unknown }).status;
    return { taskStatus: typeof status === 'string' ? status : null };
  }
  const code = errorCode(res);
  if (code === undefined || code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') return { refusal: unknownKey(experimentKey) };
  return { refusal: writeFailure(ctx, res, undefined) };
}
