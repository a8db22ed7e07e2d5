/** Task reads: `tasks.get_all`, `tasks.get_all_ex`, `tasks.get_by_id`, `tasks.get_hyper_params`. */
import type { CallContext, EndpointHandler } from '../context.js';
import { errors } from '../errors.js';
import { clone, isObject, type Json, type JsonObject } from '../json.js';
import { getMany } from '../query/getMany.js';
import { TASK_QUERY_OPTIONS } from '../query/options.js';
import { projectDoc, splitProjection } from '../query/projection.js';
import { hasSystemTag } from '../statusMachine.js';
import { flag, requiredString, stringList, taskOr101, withSubprojects } from './common.js';
import { expandReferences, planJoin } from './references.js';

/**
 * Tasks hidden by the system tag `hidden` are skipped unless `search_hidden` is set or ids are
 * given (`_hidden_query` in `apiserver/services/tasks.py`).
 */
function queryTasks(ctx: CallContext, data: JsonObject): { rows: JsonObject[]; scrollId?: string } {
  const ids = data['id'];
  const showHidden = flag(data, 'search_hidden') || (Array.isArray(ids) ? ids.length > 0 : Boolean(ids));
  const params = withSubprojects(ctx, data);
  return getMany(
    [...ctx.env.store.tasks.values()],
    params,
    TASK_QUERY_OPTIONS,
    { fidelity: ctx.env.fidelity, now: ctx.env.clock.now(), scrolls: ctx.env.store.scrolls },
    (t) => showHidden || !hasSystemTag(t, 'hidden'),
  );
}

const getAll: EndpointHandler = (ctx) => {
  const { rows, scrollId } = queryTasks(ctx, ctx.data);
  return { tasks: rows, ...(scrollId !== undefined ? { scroll_id: scrollId } : {}) };
};

const getAllEx: EndpointHandler = (ctx) => {
  const plan = planJoin(ctx.data['only_fields'], TASK_QUERY_OPTIONS.references);
  const data: JsonObject = { ...ctx.data, ...(plan.onlyFields !== undefined ? { only_fields: plan.onlyFields } : {}) };
  const { rows, scrollId } = queryTasks(ctx, data);
  const tasks = rows.map((r) => expandReferences(ctx, r, TASK_QUERY_OPTIONS.references, plan.joins));
  return { tasks, ...(scrollId !== undefined ? { scroll_id: scrollId } : {}) };
};

const getById: EndpointHandler = (ctx) => {
  const task = taskOr101(ctx, requiredString(ctx.data, 'task'));
  const { exclude } = splitProjection(undefined, TASK_QUERY_OPTIONS.excludedByDefault);
  return { task: projectDoc(clone(task), [], exclude) };
};

/** `tasks.get_hyper_params`: every task's parameters as a flat list of params items. */
const getHyperParams: EndpointHandler = (ctx) => {
  const ids = stringList(ctx.data['tasks']);
  const missing = ids.filter((id) => !ctx.env.store.tasks.has(id));
  if (missing.length > 0) throw errors.invalidTaskId({ ids: missing });
  const params: Json[] = ids.map((id) => {
    const task = taskOr101(ctx, id);
    const sections = isObject(task['hyperparams']) ? task['hyperparams'] : {};
    const items: Json[] = [];
    for (const section of Object.values(sections)) {
      if (!isObject(section)) continue;
      for (const item of Object.values(section)) if (isObject(item)) items.push(clone(item));
    }
    return { task: id, hyperparams: items };
  });
  return { params };
};

export const taskReadHandlers: Readonly<Record<string, EndpointHandler>> = {
  'tasks.get_all': getAll,
  'tasks.get_all_ex': getAllEx,
  'tasks.get_by_id': getById,
  'tasks.get_hyper_params': getHyperParams,
};
