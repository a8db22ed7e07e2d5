/**
 * The task status machine (`apiserver/bll/task/utils.py` `state_machine` + `ChangeStatusRequest`):
 * which transitions are allowed, and what a status change writes. `force` skips the check.
 */
import type { ClearMLIdentity } from './constants.js';
import { errors } from './errors.js';
import { type JsonObject, str } from './json.js';
import { storedTime } from './time.js';

export const TASK_STATUSES = [
  'created',
  'queued',
  'in_progress',
  'stopped',
  'published',
  'publishing',
  'closed',
  'failed',
  'completed',
  'unknown',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Allowed next statuses per current status. */
export const STATUS_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  created: ['queued', 'in_progress'],
  queued: ['created', 'in_progress', 'stopped'],
  in_progress: ['stopped', 'failed', 'created', 'completed'],
  stopped: ['closed', 'created', 'failed', 'queued', 'in_progress', 'published', 'publishing', 'completed'],
  closed: ['created', 'failed', 'published', 'publishing', 'stopped'],
  failed: ['created', 'stopped', 'published', 'queued'],
  completed: ['published', 'in_progress', 'created'],
  publishing: ['published'],
  published: [],
  unknown: [],
};

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** Throw 400/110 unless `current → next` is allowed (a no-op change is always allowed). */
export function validateStatusChange(current: string, next: string): void {
  if (current === next) return;
  const allowed = isTaskStatus(current) ? STATUS_TRANSITIONS[current] : [];
  if (!(allowed as readonly string[]).includes(next)) {
    throw errors.invalidTaskStatus('Invalid status change', { current_status: current, new_status: next });
  }
}

export interface StatusChange {
  readonly status: string;
  readonly force: boolean;
  readonly reason: string | undefined;
  readonly message: string | undefined;
  /** Extra datetime/field updates of the specific endpoint (e.g. `started`). */
  readonly extra?: JsonObject;
}

/**
 * Apply a status change to a stored task and return the `fields` the endpoint reports:
 * status, reason/message ("" when not given), status_changed, last_update, last_change,
 * last_changed_by, plus the endpoint's extras. Leaving `in_progress` adds the run time to
 * `active_duration`.
 */
export function applyStatusChange(task: JsonObject, change: StatusChange, nowIso: string, identity: ClearMLIdentity): JsonObject {
  const current = str(task, 'status') ?? 'created';
  if (!change.force) validateStatusChange(current, change.status);
  const fields: JsonObject = {
    status: change.status,
    status_reason: change.reason ?? '',
    status_message: change.message ?? '',
    status_changed: nowIso,
    last_update: nowIso,
    last_change: nowIso,
    last_changed_by: identity.user,
    ...change.extra,
  };
  if (current === 'in_progress' && change.status !== 'in_progress') {
    const started = str(task, 'started');
    if (started) {
      const seconds = Math.max(0, Math.round((storedTime(nowIso) - storedTime(started)) / 1000));
      const prev = task['active_duration'];
      task['active_duration'] = (typeof prev === 'number' ? prev : 0) + seconds;
    }
  }
  Object.assign(task, fields);
  return fields;
}

/** True when the task holds the system tag. */
export function hasSystemTag(task: JsonObject, tag: string): boolean {
  const tags = task['system_tags'];
  return Array.isArray(tags) && tags.includes(tag);
}

/**
 * `get_task_for_update`: edits need a `created` task, or with `force` a `created`/`in_progress` one;
 * otherwise 400/110 with `expected`/`status`.
 */
export function assertUpdatable(task: JsonObject, force: boolean): void {
  const status = str(task, 'status') ?? 'created';
  const allowed = force ? ['created', 'in_progress'] : ['created'];
  if (!allowed.includes(status)) throw errors.invalidTaskStatus('', { expected: 'created', status });
}

