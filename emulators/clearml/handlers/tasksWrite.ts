/** Task writes: create, edit, update, requirements, tags, ping, delete. */
import { randomUUID } from 'node:crypto';
import { type CallContext, type EndpointHandler, identityOf, nowIso } from '../context.js';
import { newTaskDoc, normaliseExecution, normaliseModels, normaliseScript } from '../documents.js';
import { apiError, errors } from '../errors.js';
import { isObject, type Json, type JsonObject, sortedTags } from '../json.js';
import { hasSystemTag } from '../statusMachine.js';
import { flag, projectOr401, requiredString, setLastUpdate, stringList, stringParam, taskOr101, touch, touchProject } from './common.js';
import { dequeueFromAll } from './taskStatus.js';

/** `task_type_enum` of the schema (`report` exists only through `reports.*`). */
export const TASK_TYPES = ['training', 'testing', 'inference', 'data_processing', 'application', 'monitor', 'controller', 'optimizer', 'service', 'qc', 'custom'];

function assertTaskType(type: Json | undefined): void {
  if (type === undefined || type === null || (typeof type === 'string' && TASK_TYPES.includes(type))) return;
  throw errors.validation(undefined, {
    message: `'${String(type)}' is not one of [${TASK_TYPES.map((t) => `'${t}'`).join(', ')}]`,
    path: ['type'],
    context: [],
    cause: null,
    validator: 'enum',
    validator_value: TASK_TYPES,
    instance: type,
    parent: null,
  });
}

/** References a task write may carry: the project must exist (400/401), the parent task too (400/12). */
function validateReferences(ctx: CallContext, data: JsonObject): void {
  const project = stringParam(data, 'project');
  if (project) projectOr401(ctx, project);
  const parent = stringParam(data, 'parent');
  if (parent && !ctx.env.store.tasks.has(parent)) throw errors.validation('Invalid task ids', { parent });
}

const create: EndpointHandler = (ctx) => {
  const name = requiredString(ctx.data, 'name');
  assertTaskType(ctx.data['type']);
  validateReferences(ctx, ctx.data);
  const id = randomUUID().replace(/-/g, '');
  const doc = newTaskDoc({ id, name, type: requiredString(ctx.data, 'type'), identity: identityOf(ctx), now: nowIso(ctx), fields: ctx.data });
  ctx.env.store.tasks.set(id, doc);
  touchProject(ctx, doc['project']);
  return { id };
};

/** Fields `tasks.edit` may set, with how each is stored. Maps (hyperparams, configuration...) are replaced whole. */
const EDIT_FIELDS: Readonly<Record<string, (value: Json, task: JsonObject, now: string) => Json>> = {
  name: (v) => v,
  tags: (v) => sortedTags(Array.isArray(v) ? v : []),
  system_tags: (v) => sortedTags(Array.isArray(v) ? v : []),
  type: (v) => v,
  comment: (v) => v,
  parent: (v) => v,
  project: (v) => v,
  execution: (v, task) => {
    // Artifacts live in execution but are managed by add_or_update_artifacts: keep them unless given.
    const next = normaliseExecution(v);
    const prev = isObject(task['execution']) ? task['execution']['artifacts'] : undefined;
    if (!(isObject(v) && Array.isArray(v['artifacts'])) && Array.isArray(prev)) next['artifacts'] = prev;
    return next;
  },
  script: (v) => normaliseScript(v),
  hyperparams: (v) => v,
  configuration: (v) => v,
  models: (v, _task, now) => normaliseModels(v, now),
  container: (v) => v,
  runtime: (v) => v,
};

/** `tasks.edit`: only `created` tasks unless `force` (then any status): 400/110 "expected=created, status=…". */
const edit: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  if (!flag(ctx.data, 'force') && task['status'] !== 'created') {
    throw errors.invalidTaskStatus('', { expected: 'created', status: String(task['status']) });
  }
  assertTaskType(ctx.data['type']);
  validateReferences(ctx, ctx.data);
  const fields: JsonObject = {};
  for (const [key, store] of Object.entries(EDIT_FIELDS)) {
    const value = ctx.data[key];
    if (value === undefined || value === null) continue;
    fields[key] = store(value, task, nowIso(ctx));
  }
  const outputDest = ctx.data['output_dest'];
  if (typeof outputDest === 'string') {
    const output = isObject(task['output']) ? task['output'] : {};
    fields['output'] = { ...output, destination: outputDest };
  }
  if (Object.keys(fields).length === 0) return { updated: 0 };
  Object.assign(task, fields);
  touchProject(ctx, task['project']);
  return { updated: 1, fields: { ...fields, ...touch(ctx, task) } };
};

/** `tasks.update`: name, tags, comment, project, `output__error`, `created` — no status guard. */
const update: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  validateReferences(ctx, ctx.data);
  const fields: JsonObject = {};
  for (const key of ['name', 'comment', 'project', 'created']) {
    const v = ctx.data[key];
    if (v !== undefined && v !== null) fields[key] = v;
  }
  for (const key of ['tags', 'system_tags']) {
    const v = ctx.data[key];
    if (Array.isArray(v)) fields[key] = sortedTags(v);
  }
  const outputError = ctx.data['output__error'];
  if (typeof outputError === 'string') {
    task['output'] = { ...(isObject(task['output']) ? task['output'] : {}), error: outputError };
    fields['output.error'] = outputError;
  }
  if (Object.keys(fields).length === 0) return { updated: 0 };
  for (const [k, v] of Object.entries(fields)) if (!k.includes('.')) task[k] = v;
  return { updated: 1, fields: { ...fields, ...touch(ctx, task) } };
};

/** `tasks.set_requirements`: any status; 400/122 when the task has no `script` (e.g. after `reset` with `clear_all`). */
const setRequirements: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const requirements = ctx.data['requirements'];
  if (!isObject(requirements)) throw errors.validation(undefined, { message: "'requirements' is a required property" });
  if (!isObject(task['script'])) throw apiError(400, 122, 'Task has no script field', { task: String(task['id']) });
  task['script'] = { ...normaliseScript(task['script']), requirements };
  touch(ctx, task);
  return { updated: 1, fields: { 'script.requirements': requirements } };
};

const updateTags: EndpointHandler = (ctx) => {
  const add = stringList(ctx.data['add_tags']);
  const remove = stringList(ctx.data['remove_tags']);
  let updated = 0;
  for (const id of stringList(ctx.data['ids'])) {
    const task = ctx.env.store.tasks.get(id);
    if (!task) continue;
    const tags = new Set(stringList(task['tags']));
    for (const t of add) tags.add(t);
    for (const t of remove) tags.delete(t);
    task['tags'] = sortedTags([...tags]);
    touch(ctx, task);
    updated += 1;
  }
  return { updated };
};

/**
 * `tasks.ping` (`TaskBLL.set_last_update`): `last_update`, `last_change`, `last_changed_by`, and for a
 * running task `active_duration` = seconds since `started`. Unknown ids are ignored.
 */
const ping: EndpointHandler = (ctx) => {
  const task = ctx.env.store.tasks.get(requiredString(ctx.data, 'task'));
  if (task) setLastUpdate(task, ctx.env.clock.now(), identityOf(ctx).user);
  return {};
};

/**
 * `tasks.delete`: drafts and archived tasks only, unless `force` (400/123). Children lose their
 * parent link, models created by the task lose their task link, and the task's events go too.
 */
const remove: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const id = String(task['id']);
  const status = String(task['status']);
  if (status !== 'created' && !hasSystemTag(task, 'archived') && !flag(ctx.data, 'force')) {
    throw errors.taskCannotBeDeleted('due to status, use force=True', { task: id, expected: 'created', current: status });
  }
  const store = ctx.env.store;
  let children = 0;
  for (const t of store.tasks.values()) {
    if (t['parent'] === id) {
      delete t['parent'];
      children += 1;
    }
  }
  let models = 0;
  for (const m of store.models.values()) {
    if (m['task'] === id) {
      delete m['task'];
      models += 1;
    }
  }
  const events = store.events.get(id);
  const deletedEvents = events ? events.keyed.size + events.logs.length : 0;
  store.events.delete(id);
  dequeueFromAll(ctx, id);
  store.tasks.delete(id);
  touchProject(ctx, task['project']);
  const urls = flag(ctx.data, 'return_file_urls') ? { urls: { model_urls: [], event_urls: [], artifact_urls: [] } } : {};
  return { deleted: true, updated_children: children, updated_models: models, events: { deleted: deletedEvents }, ...urls };
};

export const taskWriteHandlers: Readonly<Record<string, EndpointHandler>> = {
  'tasks.create': create,
  'tasks.edit': edit,
  'tasks.update': update,
  'tasks.set_requirements': setRequirements,
  'tasks.update_tags': updateTags,
  'tasks.ping': ping,
  'tasks.delete': remove,
};
