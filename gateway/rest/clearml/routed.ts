/**
 * Dispatch for routed writes (`rest.clearml.routeWritesTo`, DESIGN §6): which /clearml requests are answered
 * from the Comet target and which still pass through to ClearML. Writes of the services that hold a run's
 * data (tasks, projects, events, models) never reach ClearML: carried ones go to the target
 * (routedWrites.ts, routedEvents.ts), the rest get ClearML's 400 naming them, nothing written. Reads of the
 * target's experiments are rendered (routedReads.ts); every other read — the pre-migration ClearML tasks —
 * and every other service (auth, users, queues, workers, …) pass through unchanged.
 */
import type { RestResponse } from '../shared/types.js';
import { routedEvents } from './routedEvents.js';
import { routedRead } from './routedReads.js';
import { experimentId, invalidTask, isTargetExperiment, notCarried, type RoutedInput } from './routedTarget.js';
import { routedWrite } from './routedWrites.js';

export type { RoutedInput } from './routedTarget.js';

const ROUTED_SERVICES = new Set(['tasks', 'projects', 'events', 'models']);

/** The routed answer, or undefined to pass the request through to ClearML. */
export async function routeClearMLRequest(endpoint: string, input: RoutedInput, isWrite: boolean): Promise<RestResponse | undefined> {
  if (!isWrite) return routedRead(endpoint, input);
  if (endpoint === 'events.add' || endpoint === 'events.add_batch') return routedEvents(endpoint, input);
  const carried = routedWrite(endpoint, input);
  if (carried) return carried;
  if (!ROUTED_SERVICES.has(endpoint.slice(0, endpoint.indexOf('.')))) return undefined;
  // A write on a task that is not the target's is answered as ClearML answers an unknown task.
  const task = input.params['task'];
  if (endpoint.startsWith('tasks.') && typeof task === 'string') {
    const id = experimentId(input.target, task);
    const exists = id === undefined ? false : await isTargetExperiment(input, id);
    if (exists !== true) return exists === false ? invalidTask(input, task) : exists;
  }
  return notCarried(input, endpoint);
}
