/**
 * Model writes. `registerModel` is `models.create` (the producing task as `task`, the idempotency key as
 * a system tag, looked up first; a version goes into the model's metadata, ClearML having no version
 * field). Stages: `published` is ClearML's `ready` flag, set with `models.set_ready` and final (ClearML
 * cannot unpublish a model, so dropping it is a CONFLICT); `archived` is ClearML's own system tag; any
 * other stage is the system tag `stage:<name>` (mapper/stages.ts), written with `models.edit`.
 */
import { errorCodeOf, switchyardError } from '../../shared/errors.js';
import { encodeId, type InstanceMap } from '../../shared/ids.js';
import type { WriteRequest } from '../../shared/sourceContract.js';
import { type ClearMLModelWire, isModelWire, listOf } from '../connector/index.js';
import { idempotencyTag, systemTagsForStages } from '../mapper/index.js';
import type { ClearMLInstance } from '../source.js';
import { ensureProject, findByIdempotencyKey, idOf, nativeOf } from './common.js';

type RegisterModel = Extract<WriteRequest, { op: 'registerModel' }>;

export async function registerModel(inst: ClearMLInstance, instances: InstanceMap, input: RegisterModel): Promise<string> {
  if (input.name.trim() === '') throw switchyardError('BAD_USER_INPUT', 'A model name must not be empty.', { source: inst.config.name });
  const task = input.producedBy !== undefined ? nativeOf(inst, instances, input.producedBy, 'task') : undefined;
  const earlier = await findByIdempotencyKey(inst, 'models.get_all', input.idempotencyKey);
  if (earlier) return earlier;
  const project = input.project !== undefined ? await ensureProject(inst, input.project) : task ? (await inst.loadTasks([task]))[0]?.project : undefined;
  const body = {
    name: input.name,
    // `uri` is required; a model registered before its file is uploaded has none yet.
    uri: input.uri ?? '',
    ...(input.framework !== undefined ? { framework: input.framework } : {}),
    ...(project ? { project } : {}),
    ...(task !== undefined ? { task } : {}),
    tags: [...(input.tags ?? [])],
    system_tags: input.idempotencyKey !== undefined ? [idempotencyTag(input.idempotencyKey)] : [],
  };
  const id = idOf(await inst.connector.call('models.create', body, 'write'), inst, 'models.create');
  if (input.version !== undefined) await storeVersion(inst, id, input.version);
  return id;
}

/** The model exists by now: a failure here names it, so the caller knows what was written. */
async function storeVersion(inst: ClearMLInstance, model: string, version: string): Promise<void> {
  const id = encodeId({ instance: inst.config.name, kind: 'model', native: [model] });
  try {
    await inst.connector.call('models.add_or_update_metadata', { model, metadata: [{ key: 'version', type: 'str', value: version }] }, 'write', id);
  } catch (err) {
    const code = errorCodeOf(err) ?? 'SOURCE_ERROR';
    throw switchyardError(code, `Model ${id} was registered, but ClearML did not store its version: ${err instanceof Error ? err.message : 'failed'}`, { source: inst.config.name, id });
  }
}

export async function setModelStages(inst: ClearMLInstance, model: string, id: string, stages: readonly string[]): Promise<void> {
  if (stages.some((s) => s.trim() === '')) throw switchyardError('BAD_USER_INPUT', 'A stage must not be empty.', { source: inst.config.name, id });
  if (stages.includes('published') && stages.includes('draft')) throw switchyardError('BAD_USER_INPUT', 'A model cannot be both published and a draft.', { source: inst.config.name, id });
  const current = await readFresh(inst, model, id);
  const publish = stages.includes('published');
  if (current.ready === true && !publish) throw switchyardError('CONFLICT', `ClearML model ${model} is published; ClearML cannot unpublish a model.`, { source: inst.config.name, id });
  const before = [...(current.system_tags ?? [])].sort();
  const after = systemTagsForStages(before, stages);
  // System tags first: ClearML may refuse to edit a model once it is ready.
  if (after.join('\n') !== before.join('\n')) await inst.connector.call('models.edit', { model, system_tags: after }, 'write', id);
  if (publish && current.ready !== true) await inst.connector.call('models.set_ready', { model }, 'write', id);
}

export async function addModelTags(inst: ClearMLInstance, model: string, id: string, tags: readonly string[]): Promise<void> {
  const current = await readFresh(inst, model, id);
  const merged = [...new Set([...(current.tags ?? []), ...tags])].sort();
  if (merged.length !== (current.tags ?? []).length) await inst.connector.call('models.edit', { model, tags: merged }, 'write', id);
}

/** The model as ClearML has it now (not from the cache: a write is about to depend on it). */
async function readFresh(inst: ClearMLInstance, model: string, id: string): Promise<ClearMLModelWire> {
  const query = { id: [model], only_fields: ['id', 'ready', 'tags', 'system_tags'], page: 0, page_size: 1 };
  const found = listOf(await inst.connector.call('models.get_all', query, 'read', id), 'models', isModelWire)[0];
  if (!found) throw switchyardError('NOT_FOUND', `ClearML model ${model} does not exist.`, { source: inst.config.name, id });
  return found;
}
