/**
 * Builders for new stored documents, shared by the create endpoints and the seed so both produce the
 * same shapes: the fields a freshly saved Mongo document of the real server holds (defaults included,
 * unset fields absent), in the order the server returns them.
 */
import type { ClearMLIdentity } from './constants.js';
import { isObject, type Json, type JsonObject, sortedTags } from './json.js';

export interface NewTaskInput {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly identity: ClearMLIdentity;
  readonly now: string;
  readonly fields: JsonObject;
}

/** Copy the optional request fields that are present (null = not given). */
function present(fields: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of keys) {
    const v = fields[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

/** Artifacts are returned as a list sorted by key (`apiserver/bll/task/artifacts.py`). */
export function sortArtifacts(list: readonly Json[]): JsonObject[] {
  const key = (a: JsonObject): string => String(a['key']);
  return list.filter(isObject).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Execution with the model defaults; `artifacts` normalised (mode defaults to output). */
export function normaliseExecution(execution: Json | undefined): JsonObject {
  const given = isObject(execution) ? execution : {};
  const artifacts = Array.isArray(given['artifacts']) ? given['artifacts'] : [];
  return {
    parameters: {},
    model_desc: {},
    model_labels: {},
    ...given,
    artifacts: sortArtifacts(artifacts.filter(isObject).map((a) => ({ ...a, mode: a['mode'] ?? 'output' }))),
  };
}

/** Script with the model defaults (`binary: python`, empty repository and entry point). */
export function normaliseScript(script: Json | undefined): JsonObject {
  return { binary: 'python', repository: '', entry_point: '', ...(isObject(script) ? script : {}) };
}

/**
 * Models section with both lists present. With `now`, every item sent gets `updated: now`
 * (`prepare_create_fields` stamps the model items of `tasks.create`/`tasks.edit`).
 */
export function normaliseModels(models: Json | undefined, now?: string): JsonObject {
  const given = isObject(models) ? models : {};
  const list = (v: Json | undefined): Json[] => {
    const items = Array.isArray(v) ? v : [];
    return now === undefined ? items : items.map((m) => (isObject(m) ? { ...m, updated: now } : m));
  };
  return { input: list(given['input']), output: list(given['output']) };
}

/** A task as `tasks.create` stores it (status `created`). */
export function newTaskDoc(input: NewTaskInput): JsonObject {
  const f = input.fields;
  const outputDest = f['output_dest'];
  const doc: JsonObject = {
    id: input.id,
    name: input.name,
    user: input.identity.user,
    company: input.identity.company,
    type: input.type,
    status: 'created',
    ...present(f, ['comment']),
    created: input.now,
    ...present(f, ['parent', 'project']),
    output: typeof outputDest === 'string' ? { destination: outputDest } : {},
    execution: normaliseExecution(f['execution']),
    ...present(f, ['container']),
    models: normaliseModels(f['models'], input.now),
    script: normaliseScript(f['script']),
    tags: sortedTags(Array.isArray(f['tags']) ? f['tags'] : []),
    system_tags: sortedTags(Array.isArray(f['system_tags']) ? f['system_tags'] : []),
    last_update: input.now,
    last_change: input.now,
    last_changed_by: input.identity.user,
    last_iteration: 0,
    ...present(f, ['hyperparams', 'configuration']),
    runtime: {},
  };
  return doc;
}

/** A project as `projects.create` stores it; `parent`/`path` place it in the name hierarchy. */
export function newProjectDoc(input: {
  id: string;
  name: string;
  identity: ClearMLIdentity;
  now: string;
  fields: JsonObject;
  parent: string | undefined;
  path: readonly string[];
}): JsonObject {
  const f = input.fields;
  return {
    id: input.id,
    name: input.name,
    basename: input.name.split('/').pop() ?? input.name,
    description: typeof f['description'] === 'string' ? f['description'] : '',
    user: input.identity.user,
    company: input.identity.company,
    created: input.now,
    tags: sortedTags(Array.isArray(f['tags']) ? f['tags'] : []),
    system_tags: sortedTags(Array.isArray(f['system_tags']) ? f['system_tags'] : []),
    ...present(f, ['default_output_destination']),
    last_update: input.now,
    ...(input.parent ? { parent: input.parent } : {}),
    path: [...input.path],
  };
}

/**
 * A model as `models.create` stores it (`ready` false unless asked): `created`, `last_update`,
 * `last_change` and `last_changed_by` are stamped like `ModelBLL`/`models.create` do.
 */
export function newModelDoc(input: { id: string; identity: ClearMLIdentity; now: string; fields: JsonObject }): JsonObject {
  const f = input.fields;
  return {
    id: input.id,
    name: String(f['name'] ?? ''),
    user: input.identity.user,
    company: input.identity.company,
    created: input.now,
    last_update: input.now,
    last_change: input.now,
    last_changed_by: input.identity.user,
    ...present(f, ['task', 'parent', 'project', 'comment']),
    tags: sortedTags(Array.isArray(f['tags']) ? f['tags'] : []),
    system_tags: sortedTags(Array.isArray(f['system_tags']) ? f['system_tags'] : []),
    ...present(f, ['framework', 'design']),
    labels: isObject(f['labels']) ? f['labels'] : {},
    uri: String(f['uri'] ?? ''),
    ready: f['ready'] === true,
    ...present(f, ['metadata']),
    // `last_iteration = IntField(default=0)`: saved with every new model.
    last_iteration: typeof f['last_iteration'] === 'number' ? f['last_iteration'] : 0,
  };
}

/** A queue as `QueueBLL.create` stores it (`entries` empty, `display_name`/`metadata` only when given). */
export function newQueueDoc(input: { id: string; name: string; company: string; now: string; fields: JsonObject }): JsonObject {
  const f = input.fields;
  return {
    id: input.id,
    name: input.name,
    ...present(f, ['display_name']),
    company: input.company,
    created: input.now,
    tags: sortedTags(Array.isArray(f['tags']) ? f['tags'] : []),
    system_tags: sortedTags(Array.isArray(f['system_tags']) ? f['system_tags'] : []),
    entries: [],
    ...present(f, ['metadata']),
    last_update: input.now,
  };
}
