/**
 * Status endpoints: `tasks.started/stopped/stop/completed/failed/close/publish/reset`. Each goes
 * through the status machine (400/110 on a forbidden transition unless `force`) and answers
 * `{updated, fields}` with the written fields, plus the endpoint's counters (`started: 1`, ...).
 */
import { type CallContext, type EndpointHandler, identityOf, nowIso } from '../context.js';
import { type JsonObject, isObject, str } from '../json.js';
import { applyStatusChange, hasSystemTag } from '../statusMachine.js';
import { storedTime } from '../time.js';
import { flag, requiredString, stringParam, taskOr101 } from './common.js';

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
  // A project's last_update also reflects status changes of its tasks.
  const project = ctx.env.store.projects.get(String(task['project']));
  if (project) project['last_update'] = now;
  return { task, fields };
}

const started: EndpointHandler = (ctx) => {
  const { fields } = change(ctx, 'in_progress', (_t, now) => ({ started: now }));
  return { started: 1, updated: 1, fields };
};

const stopped: EndpointHandler = (ctx) => ({ updated: 1, fields: change(ctx, 'stopped').fields });
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
    return { updated: 1, fields: change(ctx, 'stopped', () => ({}), `Stopped by ${identityOf(ctx).user_name}`).fields };
  }
  return { updated: 1, fields: change(ctx, String(task['status']), () => ({}), 'stopping').fields };
};

function publishOutputModels(ctx: CallContext, task: JsonObject): void {
  const models = task['models'];
  const outputs = isObject(models) && Array.isArray(models['output']) ? models['output'] : [];
  for (const item of outputs) {
    const model = isObject(item) ? ctx.env.store.models.get(String(item['model'])) : undefined;
    if (model) {
      model['ready'] = true;
      model['last_update'] = nowIso(ctx);
    }
  }
}

const publish: EndpointHandler = (ctx) => {
  const { task, fields } = change(ctx, 'published', (_t, now) => ({ published: now }));
  if (ctx.data['publish_model'] !== false) publishOutputModels(ctx, task);
  return { updated: 1, fields };
};

/** `tasks.completed`; since 2.20 `publish: true` publishes right after completing. */
const completed: EndpointHandler = (ctx) => {
  const { task, fields } = change(ctx, 'completed', (_t, now) => ({ completed: now }));
  if (ctx.actualVersion !== '2.20') return { updated: 1, fields };
  if (!flag(ctx.data, 'publish')) return { published: 0, updated: 1, fields };
  const now = nowIso(ctx);
  Object.assign(fields, applyStatusChange(task, { status: 'published', force: false, reason: undefined, message: undefined, extra: { published: now } }, now, identityOf(ctx)));
  publishOutputModels(ctx, task);
  return { published: 1, updated: 1, fields };
};

/**
 * `tasks.reset`: back to `created` with run results removed (times, metrics, output models and
 * artifacts, events); `clear_all` also wipes `script` and `execution`.
 */
const reset: EndpointHandler = (ctx) => {
  const { task, fields } = change(ctx, 'created');
  const store = ctx.env.store;
  for (const key of ['started', 'completed', 'published', 'active_duration', 'last_metrics', 'last_worker', 'last_worker_report']) delete task[key];
  task['last_iteration'] = 0;
  let deletedModels = 0;
  const models = isObject(task['models']) ? task['models'] : undefined;
  if (models && Array.isArray(models['output'])) {
    if (ctx.data['delete_output_models'] !== false) {
      for (const item of models['output']) {
        const id = isObject(item) ? String(item['model']) : '';
        const usedElsewhere = [...store.tasks.values()].some((t) => t !== task && JSON.stringify(t['models'] ?? {}).includes(`"${id}"`));
        if (store.models.get(id)?.['task'] === task['id'] && !usedElsewhere && store.models.delete(id)) deletedModels += 1;
      }
    }
    models['output'] = [];
  }
  const execution = isObject(task['execution']) ? task['execution'] : undefined;
  if (execution && Array.isArray(execution['artifacts'])) {
    execution['artifacts'] = execution['artifacts'].filter((a) => isObject(a) && a['mode'] === 'input');
  }
  if (flag(ctx.data, 'clear_all')) {
    task['script'] = { binary: 'python', repository: '', entry_point: '' };
    task['execution'] = { parameters: {}, model_desc: {}, model_labels: {}, artifacts: [] };
  }
  const events = store.events.get(String(task['id']));
  const deletedEvents = events ? events.keyed.size + events.logs.length : 0;
  store.events.delete(String(task['id']));
  return { dequeued: {}, events: { deleted: deletedEvents }, deleted_models: deletedModels, updated: 1, fields };
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
};
