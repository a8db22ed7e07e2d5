/** `models.get_all`, `models.get_by_id`, `models.create`. */
import { randomUUID } from 'node:crypto';
import { type EndpointHandler, identityOf, nowIso } from '../context.js';
import { newModelDoc } from '../documents.js';
import { clone } from '../json.js';
import { getMany } from '../query/getMany.js';
import { MODEL_QUERY_OPTIONS } from '../query/options.js';
import { projectDoc, splitProjection } from '../query/projection.js';
import { modelOr201, projectOr401, requiredString, stringParam, taskOr101 } from './common.js';

const getAll: EndpointHandler = (ctx) => {
  const { rows, scrollId } = getMany([...ctx.env.store.models.values()], ctx.data, MODEL_QUERY_OPTIONS, {
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

/** `models.create`: project, task and parent model must exist; answers `{id, created: true}`. */
const create: EndpointHandler = (ctx) => {
  requiredString(ctx.data, 'uri');
  requiredString(ctx.data, 'name');
  const project = stringParam(ctx.data, 'project');
  if (project) projectOr401(ctx, project);
  const task = stringParam(ctx.data, 'task');
  if (task) taskOr101(ctx, task);
  const parent = stringParam(ctx.data, 'parent');
  if (parent) modelOr201(ctx, parent);
  const id = randomUUID().replace(/-/g, '');
  ctx.env.store.models.set(id, newModelDoc({ id, identity: identityOf(ctx), now: nowIso(ctx), fields: ctx.data }));
  return { id, created: true };
};

export const modelHandlers: Readonly<Record<string, EndpointHandler>> = {
  'models.get_all': getAll,
  'models.get_by_id': getById,
  'models.create': create,
};
