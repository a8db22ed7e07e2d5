/**
 * Status endpoints: `tasks.started/stopped/stop/completed/failed/close/publish/reset/enqueue`
 * (`apiserver/services/tasks.py`, `apiserver/bll/task/task_operations.py`). Each goes through the
 * status machine (400/110 on a forbidden transition unless `force`) and answers `{updated, fields}`
 * with the written fields (`ChangeStatusRequest.execute`: update operators such as `min__started`
 * or `unset__…` are not reported), plus the endpoint's counters (`started: 1`, `queued: 1`, ...).
 */
import { type CallContext, type EndpointHandler, identityOf, nowIso } from '../context.js';
import { newQueueDoc } from '../documents.js';
import { apiError, errors } from '../errors.js';
import { clone, type JsonObject, isObject, str, strings } from '../json.js';
import { applyStatusChange, hasSystemTag, validateStatusChange } from '../statusMachine.js';
import { storedTime } from '../time.js';
import { flag, requiredString, stringParam, taskOr101, touchProject } from './common.js';
import { randomUUID } from 'node:crypto';

/** A worker that reported within this window is "running" the task (`tasks.stop` only asks it to stop). */
const WORKER_ACTIVE_MS = 600_000;

function change(ctx: CallContext, status: string, extra: (task: JsonObject, now: string) => JsonObject = () => ({}), message?: string): { task: JsonObject; fields: JsonObject } {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const now = nowIso(ctx);
  const fields = applyStatusChange(
    task,
    {
      status,
      force: flag(ctx.data, 'force'),
      reason: stringParam(ctx.data, 'status_reason'),
      message: stringParam(ctx.data, 'status_message') ?? message,
      extra: extra(task, now),
    },
    now,
    identityOf(ctx),
  );
  // A project's last_update also reflects status changes of its tasks (`update_project_time`).
  touchProject(ctx, task['project']);
  return { task, fields };
}

/** `started` is set only when the task has none (`min__started` keeps an earlier value, unreported). */
const started: EndpointHandler = (ctx) => {
  const { fields } = change(ctx, 'in_progress', (t, now) => (typeof t['started'] === 'string' ? {} : { started: now }));
  return { started: 1, updated: 1, fields };
};

/** `tasks.stopped` (the runner reports the end) also stamps `completed`. */
const stopped: EndpointHandler = (ctx) => ({ updated: 1, fields: change(ctx, 'stopped', (_t, now) => ({ completed: now })).fields });
const failed: EndpointHandler = (ctx) => ({ updated: 1, fields: change(ctx, 'failed').fields });
const close: EndpointHandler = (ctx) => ({ updated: 1, fields: change(ctx, 'closed').fields });

/**
 * `tasks.stop` requests a stop: a task an active worker runs only gets `status_message: "stopping"`
 * (the worker stops it); queued, development and worker-less tasks stop at once.
 */
const stop: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const report = str(task, 'last_worker_report');
  const runByWorker =
    !flag(ctx.data, 'force') &&
    task['status'] === 'in_progress' &&
    Boolean(task['last_worker']) &&
    report !== undefined &&
    ctx.env.clock.now() - storedTime(report) < WORKER_ACTIVE_MS;
  const setStopped = task['status'] === 'queued' || hasSystemTag(task, 'development') || !runByWorker;
  if (setStopped) {
    if (task['status'] === 'queued') dequeueFromAll(ctx, String(task['id']));
    return { updated: 1, fields: change(ctx, 'stopped', () => ({}), `Stopped by ${identityOf(ctx).user_name}`).fields };
  }
  return { updated: 1, fields: change(ctx, String(task['status']), () => ({}), 'stopping').fields };
};

/** `ModelBLL.publish_model` without a task: the model becomes ready. */
function setModelReady(ctx: CallContext, modelId: string): void {
  const model = ctx.env.store.models.get(modelId);
  if (model && model['ready'] !== true) {
    model['ready'] = true;
    model['last_update'] = nowIso(ctx);
  }
}

export interface PublishOptions {
  readonly force: boolean;
  /** Publish the task's last output model too (`publish_model_func`). */
  readonly publishModel: boolean;
  readonly reason: string;
  readonly message: string;
}

/**
 * `task_operations.publish_task`: the transition to `published` is checked first (400/110 unless
 * `force`), then the task's last output model is made ready, then the status change writes
 * `published` and `output`. Returns `{updated, fields}`.
 */
export function publishTask(ctx: CallContext, task: JsonObject, opts: PublishOptions): JsonObject {
  if (!opts.force) validateStatusChange(String(task['status'] ?? 'created'), 'published');
  const models = isObject(task['models']) ? task['models'] : {};
  const outputs = Array.isArray(models['output']) ? models['output'].filter(isObject) : [];
  const last = outputs[outputs.length - 1]?.['model'];
  if (opts.publishModel && typeof last === 'string') setModelReady(ctx, last);
  const now = nowIso(ctx);
  const output = isObject(task['output']) ? clone(task['output']) : {};
  const fields = applyStatusChange(task, { status: 'published', force: true, reason: opts.reason, message: opts.message, extra: { published: now, output } }, now, identityOf(ctx));
  touchProject(ctx, task['project']);
  return { updated: 1, fields };
}

const publish: EndpointHandler = (ctx) =>
  publishTask(ctx, taskOr101(ctx, requiredString(ctx.data, 'task')), {
    force: flag(ctx.data, 'force'),
    publishModel: ctx.data['publish_model'] !== false,
    reason: stringParam(ctx.data, 'status_reason') ?? '',
    message: stringParam(ctx.data, 'status_message') ?? '',
  });

/** `tasks.completed` stamps `completed`; with `publish: true` the task is published right after. */
const completed: EndpointHandler = (ctx) => {
  const { task, fields } = change(ctx, 'completed', (_t, now) => ({ completed: now }));
  if (!flag(ctx.data, 'publish')) return { published: 0, updated: 1, fields };
  const res = publishTask(ctx, task, {
    force: flag(ctx.data, 'force'),
    publishModel: true,
    reason: stringParam(ctx.data, 'status_reason') ?? '',
    message: stringParam(ctx.data, 'status_message') ?? '',
  });
  return { published: res['updated'] ?? 0, updated: 1, fields: { ...fields, status: 'published' } };
};

// ---------------------------------------------------------------------------------------------
// Queues

/** `TaskBLL.remove_task_from_all_queues`: drop the task's entries everywhere (but in `exclude`). */
export function dequeueFromAll(ctx: CallContext, taskId: string, exclude?: string): number {
  let removed = 0;
  for (const queue of ctx.env.store.queues.values()) {
    if (queue['id'] === exclude || !Array.isArray(queue['entries'])) continue;
    const before = queue['entries'].length;
    queue['entries'] = queue['entries'].filter((e) => !(isObject(e) && e['task'] === taskId));
    if (queue['entries'].length !== before) {
      removed += before - queue['entries'].length;
      queue['last_update'] = nowIso(ctx);
    }
  }
  return removed;
}

/** `QueueBLL.get_default`: the one queue with system tag `default` (400/707 none, 400/708 several). */
function defaultQueue(ctx: CallContext): JsonObject {
  const company = identityOf(ctx).company;
  const found = [...ctx.env.store.queues.values()].filter((q) => q['company'] === company && strings(q, 'system_tags').includes('default'));
  if (found.length === 0) throw apiError(400, 707);
  if (found.length > 1) throw apiError(400, 708, undefined, { queues: found.map((q) => String(q['id'])) });
  return found[0] as JsonObject;
}

/** A queue by name, created (no tags) when missing, as `queue_name` does. */
function queueByName(ctx: CallContext, name: string): JsonObject {
  const company = identityOf(ctx).company;
  for (const q of ctx.env.store.queues.values()) if (q['company'] === company && q['name'] === name) return q;
  const id = randomUUID().replace(/-/g, '');
  const doc = newQueueDoc({ id, name, company, now: nowIso(ctx), fields: {} });
  ctx.env.store.queues.set(id, doc);
  return doc;
}

/**
 * `tasks.enqueue` (`task_operations.enqueue_task`): the task goes to `queued` through the status
 * machine (400/110 unless `force`; re-enqueueing a queued task is a same-status change), loses the
 * `development` system tag and remembers its previous status in `enqueue_status`; then it is added to
 * the queue (`queue` id, `queue_name` — created when missing — or the `default` queue). A missing queue
 * (400/701) or the task already in that queue (400/706) reverts the status change with
 * `status_reason: "failed enqueueing"`. The task leaves every other queue; `execution.queue` is set
 * unless `update_execution_queue: false`. `queue_watched` (only with `verify_watched_queue`) is false:
 * the emulator has no workers.
 */
const enqueue: EndpointHandler = (ctx) => {
  const verify = flag(ctx.data, 'verify_watched_queue');
  const updateExecution = ctx.data['update_execution_queue'] !== false;
  if (verify && !updateExecution) throw errors.validation('verify_watched_queue cannot be used with update_execution_queue=False');
  const queueIdParam = stringParam(ctx.data, 'queue');
  const queueName = stringParam(ctx.data, 'queue_name');
  if (queueIdParam && queueName) throw errors.validation('Either queue id or queue name should be provided');
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const taskId = String(task['id']);
  const execution = isObject(task['execution']) ? task['execution'] : {};
  if (!updateExecution && !(task['status'] === 'queued' && typeof execution['queue'] === 'string' && execution['queue'])) {
    throw errors.validation('Cannot skip setting execution queue for a task that is not enqueued or does not have execution queue set');
  }
  const queueId = queueName ? String(queueByName(ctx, queueName)['id']) : queueIdParam || String(defaultQueue(ctx)['id']);
  const identity = identityOf(ctx);
  const previous = String(task['status'] ?? 'created');
  const enqueueStatus = previous === 'queued' && typeof task['enqueue_status'] === 'string' ? task['enqueue_status'] : previous;
  const now = nowIso(ctx);
  const fields = applyStatusChange(
    task,
    {
      status: 'queued',
      force: flag(ctx.data, 'force'),
      reason: stringParam(ctx.data, 'status_reason'),
      message: stringParam(ctx.data, 'status_message'),
      extra: { enqueue_status: enqueueStatus },
    },
    now,
    identity,
  );
  task['system_tags'] = strings(task, 'system_tags').filter((t) => t !== 'development');
  touchProject(ctx, task['project']);
  const queue = ctx.env.store.queues.get(queueId);
  const entries = queue && Array.isArray(queue['entries']) ? queue['entries'] : [];
  const failure = !queue || queue['company'] !== identity.company
    ? apiError(400, 701, undefined, { id: queueId, company: identity.company })
    : entries.some((e) => isObject(e) && e['task'] === taskId)
      ? apiError(400, 706, undefined, { task: taskId })
      : undefined;
  if (failure) {
    // "failed enqueueing, revert to previous state" (forced, enqueue_status cleared).
    applyStatusChange(task, { status: previous, force: true, reason: 'failed enqueueing', message: undefined }, now, identity);
    delete task['enqueue_status'];
    throw failure;
  }
  if (queue) {
    queue['entries'] = [...entries, { task: taskId, added: now }];
    queue['last_update'] = now;
  }
  if (updateExecution) {
    task['execution'] = { ...execution, queue: queueId };
    fields['execution.queue'] = queueId;
  }
  dequeueFromAll(ctx, taskId, queueId);
  return { queued: 1, updated: 1, fields, ...(verify ? { queue_watched: false } : {}) };
};

// ---------------------------------------------------------------------------------------------
// Reset

/**
 * `tasks.reset` (`task_operations.reset_task`): refused for published tasks unless `force`
 * (400/110 "Invalid task status: task_id=…, status=published"); dequeues a queued task
 * (`dequeued: {removed}`), removes it from every queue, deletes its events and (unless
 * `delete_output_models: false`) the output models no other task uses, clears the run results
 * (`started`, `completed`, `published`, `active_duration`, `last_worker*`, `output.result/error`,
 * `enqueue_status`, `execution.queue`; `last_metrics: {}`, `last_iteration: 0`, `runtime: {}`, no
 * output models, input artifacts only) and goes back to `created` with reason and message "reset".
 * `clear_all` also empties `execution` and removes `script`.
 */
const reset: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const taskId = String(task['id']);
  const force = flag(ctx.data, 'force');
  const status = String(task['status'] ?? 'created');
  if (!force && status === 'published') throw errors.invalidTaskStatus('', { task_id: taskId, status });
  if (!force) validateStatusChange(status, 'created');
  const store = ctx.env.store;
  let dequeued: JsonObject | undefined;
  const execution = isObject(task['execution']) ? task['execution'] : undefined;
  const queueId = execution?.['queue'];
  if (status === 'queued' && typeof queueId === 'string') {
    const queue = store.queues.get(queueId);
    const entries = queue && Array.isArray(queue['entries']) ? queue['entries'] : [];
    const removed = entries.filter((e) => isObject(e) && e['task'] === taskId).length;
    // `queues.remove_task` fails (and reset ignores it) when the task is not in its queue.
    dequeued = removed > 0 ? { removed } : {};
  }
  dequeueFromAll(ctx, taskId);
  let deletedModels = 0;
  const models = isObject(task['models']) ? task['models'] : undefined;
  if (models && Array.isArray(models['output']) && ctx.data['delete_output_models'] !== false) {
    for (const item of models['output']) {
      const id = isObject(item) ? String(item['model']) : '';
      const usedElsewhere = [...store.tasks.values()].some((t) => t !== task && JSON.stringify(t['models'] ?? {}).includes(`"${id}"`));
      if (store.models.get(id)?.['task'] === taskId && !usedElsewhere && store.models.delete(id)) deletedModels += 1;
    }
  }
  const events = store.events.get(taskId);
  const deletedEvents = events ? events.keyed.size + events.logs.length : 0;
  store.events.delete(taskId);
  for (const key of ['started', 'completed', 'published', 'active_duration', 'last_worker', 'last_worker_report', 'enqueue_status']) delete task[key];
  if (isObject(task['output'])) {
    delete task['output']['result'];
    delete task['output']['error'];
  }
  Object.assign(task, { last_iteration: 0, last_metrics: {}, runtime: {} });
  task['models'] = { input: models && Array.isArray(models['input']) ? models['input'] : [], output: [] };
  if (flag(ctx.data, 'clear_all')) {
    task['execution'] = { parameters: {}, model_desc: {}, model_labels: {}, artifacts: [] };
    delete task['script'];
  } else if (execution) {
    delete execution['queue'];
    if (Array.isArray(execution['artifacts'])) execution['artifacts'] = execution['artifacts'].filter((a) => isObject(a) && a['mode'] === 'input');
  }
  const now = nowIso(ctx);
  const fields = applyStatusChange(task, { status: 'created', force: true, reason: 'reset', message: 'reset' }, now, identityOf(ctx));
  touchProject(ctx, task['project']);
  const urls = flag(ctx.data, 'return_file_urls') ? { urls: { model_urls: [], event_urls: [], artifact_urls: [] } } : {};
  return { updated: 1, fields, ...(dequeued ? { dequeued } : {}), events: { deleted: deletedEvents }, deleted_models: deletedModels, ...urls };
};

export const taskStatusHandlers: Readonly<Record<string, EndpointHandler>> = {
  'tasks.started': started,
  'tasks.stopped': stopped,
  'tasks.stop': stop,
  'tasks.completed': completed,
  'tasks.failed': failed,
  'tasks.close': close,
  'tasks.publish': publish,
  'tasks.reset': reset,
  'tasks.enqueue': enqueue,
};
