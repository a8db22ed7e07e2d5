/**
 * Task writes. `createTask` finds or creates the project by exact name and stores the idempotency key
 * as the system tag `switchyard:idempotency=<key>`, looked up before creating. `logMetrics` sends one
 * `events.add_batch` (json-lines, `training_stats_scalar`, iter = step). Status changes go through
 * ClearML's own status calls, so its state machine decides (400/110 → CONFLICT).
 */
import { GraphQLError } from 'graphql';
import { switchyardError } from '../../shared/errors.js';
import type { Parameter, TaskStatus } from '../../shared/model.js';
import type { WriteMetricPoint, WriteResponse } from '../../shared/sourceContract.js';
import { isRecord } from '../connector/index.js';
import { idempotencyTag } from '../mapper/index.js';
import type { ClearMLInstance } from '../source.js';
import { ensureProject, findByIdempotencyKey, idOf, throwIfFailed } from './common.js';

export async function createTask(inst: ClearMLInstance, input: { project: string; name: string; tags?: readonly string[] | undefined; idempotencyKey?: string | undefined }): Promise<string> {
  if (input.name.trim() === '') throw switchyardError('BAD_USER_INPUT', 'A task name must not be empty.', { source: inst.config.name });
  const earlier = await findByIdempotencyKey(inst, 'tasks.get_all', input.idempotencyKey);
  if (earlier) return earlier;
  const project = await ensureProject(inst, input.project);
  const body = {
    name: input.name,
    type: 'training',
    project,
    tags: [...(input.tags ?? [])],
    system_tags: input.idempotencyKey !== undefined ? [idempotencyTag(input.idempotencyKey)] : [],
  };
  return idOf(await inst.connector.call('tasks.create', body, 'write'), inst, 'tasks.create');
}

/** ClearML keeps iterations as int64; JSON numbers are exact up to 2^53. */
function pointProblem(p: WriteMetricPoint): string | undefined {
  if (p.name === '') return 'metric name is empty';
  if (!Number.isFinite(p.value)) return 'value is not a finite number';
  if (p.step !== null && !Number.isSafeInteger(p.step)) return 'step is not a safe integer';
  return undefined;
}

export async function logMetrics(inst: ClearMLInstance, task: string, id: string, points: readonly WriteMetricPoint[], nowMs: number): Promise<WriteResponse> {
  const rejected: { index: number; reason: string }[] = [];
  const events: Record<string, unknown>[] = [];
  const sent: number[] = [];
  points.forEach((p, index) => {
    const problem = pointProblem(p);
    if (problem) return void rejected.push({ index, reason: problem });
    sent.push(index);
    events.push({ task, type: 'training_stats_scalar', metric: p.name, variant: p.variant ?? '', value: p.value, timestamp: p.timestamp ?? nowMs, ...(p.step !== null ? { iter: p.step } : {}) });
  });
  if (events.length === 0) return { id, accepted: 0, rejected };
  let data: unknown;
  try {
    data = await inst.connector.callJsonLines('events.add_batch', events, id);
  } catch (err) {
    // 400/131 events_not_added: ClearML refused every event (the task is unknown, or published and locked).
    if (!(err instanceof GraphQLError && err.extensions['sourceCode'] === '400/131')) throw err;
    const reason = 'ClearML added none of the points (the task is unknown, or published and locked)';
    return { id, accepted: 0, rejected: [...rejected, ...sent.map((index) => ({ index, reason }))].sort((a, b) => a.index - b.index) };
  }
  const added = isRecord(data) && typeof data['added'] === 'number' ? data['added'] : events.length;
  const errors = isRecord(data) && isRecord(data['errors_info']) ? Object.entries(data['errors_info']) : [];
  // ClearML counts refused lines without saying which: they are reported at index -1.
  for (const [reason, count] of errors) for (let k = 0; k < Number(count); k += 1) rejected.push({ index: -1, reason });
  return { id, accepted: added, rejected };
}

export async function logParameters(inst: ClearMLInstance, task: string, id: string, parameters: readonly Parameter[]): Promise<void> {
  const hyperparams = parameters.map((p) => ({ section: p.section ?? 'General', name: p.name, value: p.value ?? '' }));
  await inst.connector.call('tasks.edit_hyper_params', { task, hyperparams, replace_hyperparams: 'none', force: true }, 'write', id);
}

/** The ClearML call that moves a task into each unified status. */
const STATUS_CALLS: Readonly<Record<Exclude<TaskStatus, 'UNKNOWN'>, string>> = {
  CREATED: 'tasks.reset',
  QUEUED: 'tasks.enqueue',
  RUNNING: 'tasks.started',
  STOPPED: 'tasks.stopped',
  COMPLETED: 'tasks.completed',
  FAILED: 'tasks.failed',
};

export async function setTaskStatus(inst: ClearMLInstance, task: string, id: string, status: TaskStatus): Promise<void> {
  if (status === 'UNKNOWN') throw switchyardError('BAD_USER_INPUT', 'A task cannot be set to UNKNOWN.', { source: inst.config.name, id });
  // Without a queue, tasks.enqueue uses the queue tagged `default` (400/707 when there is none).
  await inst.connector.call(STATUS_CALLS[status], { task, status_reason: 'set through Switchyard' }, 'write', id);
}

export async function setTaskArchived(inst: ClearMLInstance, task: string, id: string, archived: boolean): Promise<void> {
  const endpoint = archived ? 'tasks.archive_many' : 'tasks.unarchive_many';
  throwIfFailed(await inst.connector.call(endpoint, { ids: [task] }, 'write', id), inst, endpoint, id);
}

export async function addTaskTags(inst: ClearMLInstance, task: string, id: string, tags: readonly string[]): Promise<void> {
  const data = await inst.connector.call('tasks.update_tags', { ids: [task], add_tags: [...tags] }, 'write', id);
  // update_tags answers `updated: 0` for an unknown id rather than an error.
  if (isRecord(data) && data['updated'] === 0 && !(await inst.loadTasks([task]))[0]) {
    throw switchyardError('NOT_FOUND', `ClearML task ${task} does not exist.`, { source: inst.config.name, id });
  }
}
