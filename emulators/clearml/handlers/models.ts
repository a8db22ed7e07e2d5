/**
 * `models.*` (`apiserver/services/models.py`, `apiserver/bll/model/__init__.py`): get_all, get_by_id,
 * create, edit, update, update_for_task (API ≤ 2.13 only), set_ready.
 */
import { randomUUID } from 'node:crypto';
import { type CallContext, type EndpointHandler, identityOf, nowIso } from '../context.js';
import { newModelDoc } from '../documents.js';
import { apiError, errors } from '../errors.js';
import { clone, isObject, type Json, type JsonObject, sortedTags } from '../json.js';
import { getMany } from '../query/getMany.js';
import { MODEL_QUERY_OPTIONS } from '../query/options.js';
import { projectDoc, splitProjection } from '../query/projection.js';
import { compareVersions, versionOf } from '../version.js';
import { companyModelOr201, modelOr201, requiredString, setLastUpdate, stringParam, taskOr101, withSubprojects } from './common.js';
import { publishTask } from './taskStatus.js';

const getAll: EndpointHandler = (ctx) => {
  const { rows, scrollId } = getMany([...ctx.env.store.models.values()], withSubprojects(ctx, ctx.data), MODEL_QUERY_OPTIONS, {
    fidelity: ctx.env.fidelity,
    now: ctx.env.clock.now(),
    scrolls: ctx.env.store.scrolls,
  });
  return { models: rows, ...(scrollId !== undefined ? { scroll_id: scrollId } : {}) };
};

const getById: EndpointHandler = (ctx) => {
  const model = modelOr201(ctx, requiredString(ctx.data, 'model'));
  const { exclude } = splitProjection(undefined, MODEL_QUERY_OPTIONS.excludedByDefault);
  return { model: projectDoc(clone(model), [], exclude) };
};

/** `validate_id(Project, …)`: 400/12 "Validation error (Invalid project ids): project=…". */
function assertProject(ctx: CallContext, id: string): void {
  if (!ctx.env.store.projects.has(id)) throw errors.validation('Invalid project ids', { project: id });
}

/**
 * `models.create`: the project must exist (400/12 via `validate_id`) and the task must be writable
 * (400/101); the parent model is stored as given. Answers `{id, created: true}`.
 */
const create: EndpointHandler = (ctx) => {
  requiredString(ctx.data, 'uri');
  requiredString(ctx.data, 'name');
  const project = stringParam(ctx.data, 'project');
  if (project) assertProject(ctx, project);
  const task = stringParam(ctx.data, 'task');
  if (task) taskOr101(ctx, task);
  const id = randomUUID().replace(/-/g, '');
  const doc = newModelDoc({ id, identity: identityOf(ctx), now: nowIso(ctx), fields: ctx.data });
  // `public: true` creates a company-less (public) model.
  if (ctx.data['public'] === true) doc['company'] = '';
  ctx.env.store.models.set(id, doc);
  return { id, created: true };
};

/** `create_fields` of `models.py`; the references are checked by `parse_from_call` (400/16). */
const MODEL_FIELDS: readonly (readonly [string, 'Task' | 'Project' | 'Model' | null])[] = [
  ['name', null],
  ['tags', null],
  ['system_tags', null],
  ['task', 'Task'],
  ['comment', null],
  ['uri', null],
  ['project', 'Project'],
  ['parent', 'Model'],
  ['framework', null],
  ['design', null],
  ['labels', null],
  ['ready', null],
  ['metadata', null],
];

/** Fields whose change also moves `last_update` (`last_update_fields`). */
const LAST_UPDATE_FIELDS = ['uri', 'framework', 'design', 'labels', 'ready', 'metadata', 'system_tags', 'tags'];

/** `Model` fields with `user_set_allowed` (what `models.update` may write through `safe_update`). */
const USER_SET_ALLOWED = ['name', 'project', 'created', 'comment', 'tags', 'system_tags', 'uri', 'ui_cache', 'metadata'];

/** `parse_from_call` over `create_fields`: the present fields, referenced documents checked. */
function parseModelFields(ctx: CallContext, data: JsonObject): JsonObject {
  const fields: JsonObject = {};
  for (const [field, ref] of MODEL_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null) continue;
    if (ref) {
      const store = ctx.env.store;
      const exists = ref === 'Task' ? store.tasks.has(String(value)) : ref === 'Project' ? store.projects.has(String(value)) : store.models.has(String(value));
      if (!exists) throw apiError(400, 16, `expecting ${ref} id`, { id: value, field });
    }
    fields[field] = value;
  }
  return fields;
}

/** `prepare_update_fields`: a new `uri` clears `ui_cache`; a task must be writable; tags sorted. */
function prepareUpdateFields(ctx: CallContext, fields: JsonObject): JsonObject {
  const out: JsonObject = { ...fields };
  if ('uri' in out) {
    out['ui_cache'] = isObject(out['ui_cache']) ? out['ui_cache'] : {};
  }
  const task = out['task'];
  if (typeof task === 'string') taskOr101(ctx, task);
  for (const key of ['tags', 'system_tags']) {
    const v = out[key];
    if (Array.isArray(v)) out[key] = sortedTags(v);
  }
  return out;
}

/** `TaskBLL.update_statistics(last_iteration_max=…)` for the model's task. */
function updateTaskIteration(ctx: CallContext, taskId: Json | undefined, iteration: Json | undefined): void {
  if (typeof taskId !== 'string' || typeof iteration !== 'number') return;
  const task = ctx.env.store.tasks.get(taskId);
  if (!task) return;
  const prev = task['last_iteration'];
  task['last_iteration'] = typeof prev === 'number' ? Math.max(prev, iteration) : iteration;
  setLastUpdate(task, ctx.env.clock.now(), identityOf(ctx).user);
}

/** Write fields to a model and stamp the change; returns what the endpoint reports in `fields`. */
function applyModelUpdate(ctx: CallContext, model: JsonObject, fields: JsonObject): JsonObject {
  const now = nowIso(ctx);
  const written: JsonObject = { ...fields, last_change: now, last_changed_by: identityOf(ctx).user };
  if (LAST_UPDATE_FIELDS.some((f) => f in fields)) written['last_update'] = now;
  Object.assign(model, written);
  return written;
}

/**
 * `models.edit`: any field of `create_fields` (references checked, 400/16); `iteration` raises the
 * task's `last_iteration`. Editing a ready (published) model is allowed, as in the server code.
 */
const edit: EndpointHandler = (ctx) => {
  const model = companyModelOr201(ctx, requiredString(ctx.data, 'model'));
  const fields = prepareUpdateFields(ctx, parseModelFields(ctx, ctx.data));
  updateTaskIteration(ctx, model['task'] ?? fields['task'], ctx.data['iteration']);
  if (Object.keys(fields).length === 0) return { updated: 0 };
  return { updated: 1, fields: applyModelUpdate(ctx, model, fields) };
};

/** `_update_model` (`models.update`, and `update_for_task` on an existing output model). */
function updateModel(ctx: CallContext, modelId: string, data: JsonObject): { updated: number; fields: JsonObject } {
  const model = companyModelOr201(ctx, modelId);
  const prepared = prepareUpdateFields(ctx, data);
  updateTaskIteration(ctx, prepared['task'], prepared['iteration']);
  const safe: JsonObject = {};
  for (const key of USER_SET_ALLOWED) {
    const v = prepared[key];
    if (v !== undefined && v !== null) safe[key] = v;
  }
  if (Object.keys(safe).length === 0) return { updated: 0, fields: {} };
  return { updated: 1, fields: applyModelUpdate(ctx, model, safe) };
}

/** `models.update`: only the user-settable fields (`name`, `comment`, `tags`, `created`, `project`, …). */
const update: EndpointHandler = (ctx) => updateModel(ctx, requiredString(ctx.data, 'model'), ctx.data);

/** `ModelsBackwardsCompatibility.max_version`: newer clients must use `tasks.add_or_update_model`. */
const UPDATE_FOR_TASK_MAX_VERSION = versionOf('2.13');

/**
 * `models.update_for_task` (legacy SDKs): exactly one of `uri` / `override_model_id`; the task must be
 * `created` or `in_progress`. `override_model_id` links an existing model as the task's output model;
 * otherwise the task's last output model is updated (`created: false`) or a new one is created from
 * the task (name, project, framework, design, labels, parent = first input model).
 */
const updateForTask: EndpointHandler = (ctx) => {
  if (compareVersions(ctx.requestedVersion, UPDATE_FOR_TASK_MAX_VERSION) > 0) throw apiError(301, 1, 'use tasks.add_or_update_model');
  const taskId = requiredString(ctx.data, 'task');
  const uri = stringParam(ctx.data, 'uri');
  const override = stringParam(ctx.data, 'override_model_id');
  if (Boolean(uri) === Boolean(override)) {
    throw errors.missingRequiredFields('exactly one field is required', { fields: ['uri', 'override_model_id'] });
  }
  const company = identityOf(ctx).company;
  const task = taskOr101(ctx, taskId);
  if (task['status'] !== 'created' && task['status'] !== 'in_progress') {
    throw errors.invalidTaskStatus("model can only be updated for tasks in the ['created', 'in_progress'] states", { id: taskId, company });
  }
  const models = isObject(task['models']) ? task['models'] : {};
  const outputs = Array.isArray(models['output']) ? models['output'].filter(isObject) : [];
  const inputs = Array.isArray(models['input']) ? models['input'].filter(isObject) : [];
  let modelId: string;
  if (override) {
    modelId = String(companyModelOr201(ctx, override)['id']);
  } else {
    const data: JsonObject = { ...ctx.data };
    if (!('name' in data)) data['name'] = task['name'] ?? null;
    if (!('comment' in data)) data['comment'] = `Created by task \`${String(task['name'])}\` (${taskId})`;
    const last = outputs[outputs.length - 1];
    if (last && typeof last['model'] === 'string') {
      const res = updateModel(ctx, last['model'], data);
      return { ...res, id: last['model'], created: false };
    }
    const fields = parseModelFields(ctx, data);
    const execution = isObject(task['execution']) ? task['execution'] : {};
    const input = inputs[0]?.['model'];
    modelId = randomUUID().replace(/-/g, '');
    const doc = newModelDoc({
      id: modelId,
      identity: identityOf(ctx),
      now: nowIso(ctx),
      fields: {
        ...(typeof task['project'] === 'string' ? { project: task['project'] } : {}),
        ...(typeof execution['framework'] === 'string' ? { framework: execution['framework'] } : {}),
        ...(typeof input === 'string' ? { parent: input } : {}),
        design: isObject(execution['model_desc']) ? execution['model_desc'] : {},
        labels: isObject(execution['model_labels']) ? execution['model_labels'] : {},
        // `ready=(task.status == published)`: always false here (created/in_progress only).
        ready: false,
        ...fields,
      },
    });
    ctx.env.store.models.set(modelId, doc);
  }
  // `update_statistics(models__output=[ModelItem(name="Output Model")])` replaces the output list.
  task['models'] = { input: inputs, output: [{ name: 'Output Model', model: modelId, updated: nowIso(ctx) }] };
  const iteration = ctx.data['iteration'];
  if (typeof iteration === 'number') {
    const prev = task['last_iteration'];
    task['last_iteration'] = typeof prev === 'number' ? Math.max(prev, iteration) : iteration;
  }
  setLastUpdate(task, ctx.env.clock.now(), identityOf(ctx).user);
  return { id: modelId, created: true };
};

/**
 * `models.set_ready` (`ModelBLL.publish_model`): 400/203 when the model is ready already; with
 * `publish_task` (default true) the creating task is published first unless it is published
 * (a status the machine forbids fails the call: 400/110, unless `force_publish_task`).
 */
const setReady: EndpointHandler = (ctx) => {
  const modelId = requiredString(ctx.data, 'model');
  const model = companyModelOr201(ctx, modelId);
  if (model['ready'] === true) throw apiError(400, 203, undefined, { company: identityOf(ctx).company, model: modelId });
  let publishedTask: JsonObject | undefined;
  const taskId = model['task'];
  if (typeof taskId === 'string' && ctx.data['publish_task'] !== false) {
    const task = ctx.env.store.tasks.get(taskId);
    if (task && task['status'] !== 'published') {
      const data = publishTask(ctx, task, { force: ctx.data['force_publish_task'] === true, publishModel: false, reason: '', message: '' });
      publishedTask = { id: taskId, data };
    }
  }
  model['ready'] = true;
  model['last_update'] = nowIso(ctx);
  return { updated: 1, ...(publishedTask ? { published_task: publishedTask } : {}) };
};

export const modelHandlers: Readonly<Record<string, EndpointHandler>> = {
  'models.get_all': getAll,
  'models.get_by_id': getById,
  'models.create': create,
  'models.edit': edit,
  'models.update': update,
  'models.update_for_task': updateForTask,
  'models.set_ready': setReady,
};
