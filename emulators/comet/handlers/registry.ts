/**
 * Model registry endpoints (reference §3.5, §4, §5.8). Writes: create (promote an experiment model), add a version,
 * update model / version, delete model / version (GET), notes, add / remove a stage (GET). Reads: list, count,
 * details, notes. Not-found answers are 400 with the registry codes, the status the Java SDK parses for them.
 */
import { json } from '../../shared/index.js';
import { ok, type RouteHandler, type RouteRequest } from '../context.js';
import { cometErrors } from '../errors.js';
import type { RegistryModelRecord } from '../registry.js';
import { registryModelDetails, registryModelOverview } from '../views.js';

/** The registry model named by `workspaceName` + a name parameter (`modelName` on reads, `registryModelName` on notes). */
function modelOf(r: RouteRequest, nameParam: 'modelName' | 'registryModelName'): RegistryModelRecord {
  const input = r.input();
  const ws = r.ctx.store.requireWorkspace(input.string('workspaceName'));
  return r.ctx.store.registry.requireByName(ws.name, input.requiredString(nameParam));
}

/** `POST /write/registry-model` → `{registryModelId, registryModelItemId}`. */
export const createRegistryModel: RouteHandler = (r) => {
  const input = r.input();
  const { model, version } = r.ctx.store.registry.create({
    experimentModelId: input.requiredString('experimentModelId'),
    registryModelName: input.requiredString('registryModelName'),
    version: input.requiredString('version'),
    isPublic: input.boolean('isPublic'),
    description: input.string('description'),
    comment: input.string('comment'),
    stages: input.stringArray('stages'),
  });
  return json(200, { registryModelId: model.id, registryModelItemId: version.id });
};

/** `POST /write/registry-model/item` → `{registryModelId, registryModelItemId}`. */
export const addRegistryModelVersion: RouteHandler = (r) => {
  const input = r.input();
  const { model, version } = r.ctx.store.registry.addVersion({
    experimentModelId: input.requiredString('experimentModelId'),
    registryModelName: input.requiredString('registryModelName'),
    version: input.requiredString('version'),
    comment: input.string('comment'),
    stages: input.stringArray('stages'),
  });
  return json(200, { registryModelId: model.id, registryModelItemId: version.id });
};

/** `POST /write/registry-model/update`: `registryModelId`, opt `registryModelName` (rename), `description`, `isPublic`. */
export const updateRegistryModel: RouteHandler = (r) => {
  const input = r.input();
  r.ctx.store.registry.update(input.requiredString('registryModelId'), {
    name: input.string('registryModelName'),
    description: input.string('description'),
    isPublic: input.boolean('isPublic'),
  });
  return ok();
};

/** `POST /write/registry-model/item/update`: `registryModelItemId`, opt `comment`, `stages` (replaces them). */
export const updateRegistryModelVersion: RouteHandler = (r) => {
  const input = r.input();
  r.ctx.store.registry.updateVersion(input.requiredString('registryModelItemId'), {
    comment: input.string('comment'),
    stages: input.stringArray('stages'),
  });
  return ok();
};

/** `GET /write/registry-model/delete?workspaceName&modelName`. */
export const deleteRegistryModel: RouteHandler = (r) => {
  r.ctx.store.registry.delete(modelOf(r, 'modelName'));
  return ok();
};

/** `GET /write/registry-model/item/delete?modelItemId`. */
export const deleteRegistryModelVersion: RouteHandler = (r) => {
  r.ctx.store.registry.deleteVersion(r.input().requiredString('modelItemId'));
  return ok();
};

/** `POST /write/registry-model/notes`: `workspaceName`, `registryModelName`, `notes`. */
export const setRegistryModelNotes: RouteHandler = (r) => {
  const model = modelOf(r, 'registryModelName');
  const notes = r.input().string('notes');
  if (notes === undefined) throw cometErrors.missingField('notes');
  r.ctx.store.registry.setNotes(model, notes);
  return ok();
};

/** `GET /write/registry-model/item/stage?modelItemId&stage`: adds a stage (idempotent). */
export const addRegistryModelStage: RouteHandler = (r) => {
  const input = r.input();
  r.ctx.store.registry.addStage(input.requiredString('modelItemId'), input.requiredString('stage'));
  return ok();
};

/** `GET /write/registry-model/item/stage/delete?modelItemId&stage`: removes a stage (idempotent). */
export const removeRegistryModelStage: RouteHandler = (r) => {
  const input = r.input();
  r.ctx.store.registry.removeStage(input.requiredString('modelItemId'), input.requiredString('stage'));
  return ok();
};

/** `GET /registry-model?workspaceName` → `{registryModels: [overview]}`, in creation order. */
export const registryModels: RouteHandler = (r) => {
  const ws = r.ctx.store.requireWorkspace(r.input().string('workspaceName'));
  return json(200, { registryModels: r.ctx.store.registry.modelsIn(ws.name).map((m) => registryModelOverview(r.ctx.store, m, r.ctx.fidelity)) });
};

/** `GET /registry-model/count?workspaceName` → `{registryModelCount}`. */
export const registryModelCount: RouteHandler = (r) => {
  const ws = r.ctx.store.requireWorkspace(r.input().string('workspaceName'));
  return json(200, { registryModelCount: r.ctx.store.registry.modelsIn(ws.name).length });
};

/** `GET /registry-model/details?workspaceName&modelName`. */
export const registryModelDetailsRead: RouteHandler = (r) =>
  json(200, registryModelDetails(r.ctx.store, modelOf(r, 'modelName'), r.origin, r.ctx.fidelity));

/** `GET /registry-model/notes?workspaceName&modelName` → `{notes}`. */
export const registryModelNotes: RouteHandler = (r) => json(200, { notes: modelOf(r, 'modelName').notes });
