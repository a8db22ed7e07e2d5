/**
 * The supergraph side of routed writes on the /clearml mount (DESIGN §6, `rest.clearml.routeWritesTo`):
 * the mount's writes become mutations on a Comet source, run as the caller's principal so the catalog
 * applies its access rules and the Comet source its cache invalidation. ClearML task ids and Comet
 * experiment keys are both 32 hex: the task id the SDK holds IS the experiment key, and the experiment's
 * global id is `<target>:experiment:<key>` — no mapping table. Projects: Comet creates a project with its
 * first experiment, so a routed project id is the union view's deterministic `<target>:project:<name>`.
 */
import { encodeId } from '../../../subgraphs/shared/ids.js';
import type { Principal } from '../../../subgraphs/shared/sourceContract.js';
import type { OperationResult, OperationRunner } from '../shared/operationRunner.js';
import type { RestRequest, RestResponse } from '../shared/types.js';
import { clearmlError, clearmlErrorForCode, type EnvelopeOptions } from './envelope.js';
import { foreignProjectId, type Row } from './unionCommon.js';
import type { LruMap } from '../../../subgraphs/shared/lruMap.js';

const HEX_KEY = /^[0-9a-fA-F]{32}$/;

export interface RoutedInput {
  readonly req: RestRequest;
  readonly params: Readonly<Record<string, unknown>>;
  readonly envelope: EnvelopeOptions;
  readonly principal: Principal;
  readonly run: OperationRunner;
  /** The Comet source instance the writes go to. */
  readonly target: string;
  /** The mount's own ClearML source (reads of its tasks keep passing through). */
  readonly source: string;
  /** Passes the request (or a rewritten one) through to ClearML, as the mount would have. */
  readonly passthrough: (req: RestRequest) => Promise<RestResponse>;
  /** The mount's memory of global ids already found to be experiments of the target (one look-up each, not one per SDK call). */
  readonly known: LruMap<string, true>;
}

/** The experiment's global id for a ClearML task id, or undefined when the id cannot be an experiment key. */
export function experimentId(target: string, taskId: unknown): string | undefined {
  return typeof taskId === 'string' && HEX_KEY.test(taskId) ? encodeId({ instance: target, kind: 'experiment', native: [taskId.toLowerCase()] }) : undefined;
}

/** The experiment key inside a global id of the target (what the SDK gets as its task id). */
export function keyOf(target: string, globalId: string): string {
  const prefix = `${target}:experiment:`;
  return globalId.startsWith(prefix) ? decodeURIComponent(globalId.slice(prefix.length)) : globalId;
}

/** The routed project id for a project name (the same id the union view gives the target's tasks' project). */
export function routedProjectId(target: string, name: string): string {
  return foreignProjectId(target, name);
}

/** The project name a routed project id names, or undefined when it is not one. */
export function routedProjectName(target: string, projectId: unknown): string | undefined {
  const prefix = `${target}:project:`;
  if (typeof projectId !== 'string' || !projectId.startsWith(prefix)) return undefined;
  try {
    const name = decodeURIComponent(projectId.slice(prefix.length));
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

export function run(input: RoutedInput, query: string, variables: Record<string, unknown>): Promise<OperationResult> {
  return input.run(query, variables, input.principal, input.req.requestId);
}

/** ClearML's answer for a task it does not know (errors.conf 400/101 invalid_task_id). */
export function invalidTask(input: RoutedInput, id: unknown): RestResponse {
  const text = typeof id === 'string' ? id : JSON.stringify(id ?? null);
  return clearmlError(400, 101, `Invalid task id: id=${text}`, input.envelope, { id: text });
}

/** ClearML's 400 naming what a routed write cannot carry to the target; nothing was written. */
export function notCarried(input: RoutedInput, what: string): RestResponse {
  return clearmlError(400, 12, `Validation error (Switchyard routed writes: ${what} cannot be carried to Comet source "${input.target}"; nothing was written)`, input.envelope, { route: input.target, reason: what });
}

const EXISTS = `query SwitchyardClearMLRoutedExists($id: ID!) { task(id: $id) { id } }`;

/**
 * Whether the id is an experiment of the target. `false`: the caller's id names no such experiment;
 * a response: the target could not be asked (the mount's words for an unavailable source).
 */
export async function isTargetExperiment(input: RoutedInput, globalId: string): Promise<boolean | RestResponse> {
  if (input.known.has(globalId)) return true;
  const result = await run(input, EXISTS, { id: globalId });
  if (result.data?.['task']) {
    input.known.set(globalId, true);
    return true;
  }
  return isAbsent(result) ? false : failed(input, result);
}

/** No data and only "no such object" errors. */
export function isAbsent(result: OperationResult): boolean {
  return result.errors.every((e) => ['NOT_FOUND', 'BAD_USER_INPUT'].includes(String(e.extensions?.['code'] ?? '')));
}

/** A mutation or read that failed: the supergraph's code in ClearML's envelope. */
export function failed(input: RoutedInput, result: OperationResult): RestResponse {
  const err = result.errors[0];
  const code = err?.extensions?.['code'];
  return clearmlErrorForCode(typeof code === 'string' ? code : undefined, err?.message ?? 'no answer', input.target, input.envelope);
}

/** The payload object of a mutation, or undefined when it failed. */
export function payload(result: OperationResult, field: string): Row | undefined {
  const v = result.data?.[field];
  return typeof v === 'object' && v !== null ? (v as Row) : undefined;
}
