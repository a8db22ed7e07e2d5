/** Task sub-resources: artifacts, model slots, hyperparameter edits, archiving. */
import type { CallContext, EndpointHandler } from '../context.js';
import { identityOf, nowIso } from '../context.js';
import { normaliseExecution, normaliseModels, sortArtifacts } from '../documents.js';
import { errors } from '../errors.js';
import { isObject, type Json, type JsonObject, sortedTags } from '../json.js';
import { assertUpdatable } from '../statusMachine.js';
import { failedEntry, flag, requiredString, setLastUpdate, stringList, taskOr101, touch } from './common.js';

/**
 * `tasks.add_or_update_artifacts`: artifacts are keyed by (key, mode); same key and mode replace.
 * The service always passes `force=True`, so `created` and `in_progress` tasks take artifacts
 * (any other status: 400/110 "expected=created, status=…"), whatever the request's `force`.
 */
const addOrUpdateArtifacts: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  assertUpdatable(task, true);
  const incoming = Array.isArray(ctx.data['artifacts']) ? ctx.data['artifacts'] : [];
  const execution = normaliseExecution(task['execution']);
  const current = (Array.isArray(execution['artifacts']) ? execution['artifacts'] : []).filter(isObject);
  const id = (a: JsonObject): string => `${String(a['key'])}\u0000${String(a['mode'] ?? 'output')}`;
  const byId = new Map(current.map((a) => [id(a), a]));
  for (const raw of incoming) {
    if (!isObject(raw) || typeof raw['key'] !== 'string' || typeof raw['type'] !== 'string') {
      throw errors.validation(undefined, { message: "artifacts items must have 'key' and 'type'" });
    }
    const artifact: JsonObject = { ...raw, mode: raw['mode'] ?? 'output' };
    byId.set(id(artifact), artifact);
  }
  execution['artifacts'] = sortArtifacts([...byId.values()]);
  task['execution'] = execution;
  touch(ctx, task);
  return { updated: incoming.length };
};

/**
 * `tasks.add_or_update_model`: the named input/output model slot of a task (`{name, model, updated}`),
 * on a `created` or `in_progress` task (`get_task_for_update(force=True)`). The model id is stored as
 * given (the server does not look it up); `iteration` raises `last_iteration`.
 */
const addOrUpdateModel: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  assertUpdatable(task, true);
  const modelId = requiredString(ctx.data, 'model');
  const type = requiredString(ctx.data, 'type');
  if (type !== 'input' && type !== 'output') {
    throw errors.validation(undefined, { message: `'${type}' is not one of ['input', 'output']`, path: ['type'] });
  }
  const name = requiredString(ctx.data, 'name');
  const models = normaliseModels(task['models']);
  const list = (Array.isArray(models[type]) ? models[type] : []).filter(isObject);
  const item: JsonObject = { name, model: modelId, updated: nowIso(ctx) };
  const index = list.findIndex((m) => m['name'] === name);
  if (index >= 0) list[index] = item;
  else list.push(item);
  models[type] = list;
  task['models'] = models;
  const iteration = ctx.data['iteration'];
  if (typeof iteration === 'number') {
    const prev = task['last_iteration'];
    task['last_iteration'] = typeof prev === 'number' ? Math.max(prev, iteration) : iteration;
  }
  setLastUpdate(task, ctx.env.clock.now(), identityOf(ctx).user);
  return { updated: 1 };
};

/**
 * `tasks.edit_hyper_params`: merge params items into `hyperparams[section][name]`;
 * `replace_hyperparams: section` replaces the touched sections, `all` the whole map.
 */
const editHyperParams: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  assertUpdatable(task, flag(ctx.data, 'force'));
  const items = (Array.isArray(ctx.data['hyperparams']) ? ctx.data['hyperparams'] : []).filter(isObject);
  const replace = ctx.data['replace_hyperparams'] ?? 'none';
  const current = replace === 'all' || !isObject(task['hyperparams']) ? {} : structuredClone(task['hyperparams']);
  const cleared = new Set<string>();
  for (const item of items) {
    const section = typeof item['section'] === 'string' ? item['section'] : 'General';
    const name = item['name'];
    if (typeof name !== 'string') throw errors.validation(undefined, { message: "'name' is a required property" });
    if (replace === 'section' && !cleared.has(section)) {
      current[section] = {};
      cleared.add(section);
    }
    const existing = current[section];
    const params: JsonObject = isObject(existing) ? existing : {};
    params[name] = { ...item, section, value: String(item['value'] ?? '') };
    current[section] = params;
  }
  task['hyperparams'] = current;
  touch(ctx, task);
  return { updated: 1 };
};

function setArchived(ctx: CallContext, task: JsonObject, archived: boolean): void {
  const tags = new Set(stringList(task['system_tags']));
  if (archived) tags.add('archived');
  else tags.delete('archived');
  task['system_tags'] = sortedTags([...tags]);
  touch(ctx, task);
}

/** `tasks.archive` (2.12): all ids must exist; answers the count archived. */
const archive: EndpointHandler = (ctx) => {
  const ids = stringList(ctx.data['tasks']);
  const tasks = ids.map((id) => taskOr101(ctx, id));
  for (const t of tasks) setArchived(ctx, t, true);
  return { archived: tasks.length };
};

function many(flagName: 'archived' | 'unarchived', archived: boolean): EndpointHandler {
  return (ctx) => {
    const succeeded: Json[] = [];
    const failed: Json[] = [];
    for (const id of stringList(ctx.data['ids'])) {
      try {
        setArchived(ctx, taskOr101(ctx, id), archived);
        succeeded.push({ id, [flagName]: true });
      } catch (e) {
        failed.push(failedEntry(id, e));
      }
    }
    return { succeeded, failed };
  };
}

export const taskExtraHandlers: Readonly<Record<string, EndpointHandler>> = {
  'tasks.add_or_update_artifacts': addOrUpdateArtifacts,
  'tasks.add_or_update_model': addOrUpdateModel,
  'tasks.edit_hyper_params': editHyperParams,
  'tasks.archive': archive,
  'tasks.archive_many': many('archived', true),
  'tasks.unarchive_many': many('unarchived', false),
};
