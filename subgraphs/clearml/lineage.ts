/**
 * Native lineage edges (the source contract's `edges`), all with evidence `native`, from upstream to
 * downstream: PARENT_OF parent task → child task; INPUT_OF input model → task and input artifact → task;
 * OUTPUT_OF task → output model (the task's output slots and the model's `task`) and task → output
 * artifact; VERSION_OF parent model → derived model (`model.parent`); DEPLOYED_AS model → serving
 * endpoint. UPSTREAM returns the edges whose `to` is one of the ids, DOWNSTREAM those whose `from`
 * is, BOTH either. Per instance a call reads the requested tasks and models (one `get_all` each,
 * cache first), and for DOWNSTREAM one more `get_all` per kind finds children, consumers, output
 * models and derived models by regular expressions over their reference fields. The stitching keys of
 * the ids (stitch.ts) come from the same reads; endpoints' from the cached endpoint list.
 */
import { encodeId, type InstanceMap, tryDecodeId } from '../shared/ids.js';
import type { LineageEdgeValue, LineageRelation } from '../shared/model.js';
import type { EdgesRequest, EdgesResponse, StitchKeys } from '../shared/sourceContract.js';
import { type ClearMLArtifactWire, type ClearMLModelWire, type ClearMLTaskWire, isArtifactWire, isModelWire, isTaskWire } from './connector/index.js';
import { anyOf } from './getAllListing.js';
import { artifactId, artifactMode, mapArtifact } from './mapper/index.js';
import { readPaged } from './pagedRead.js';
import { resolveServedModels } from './servedModels.js';
import type { ClearMLInstance, ClearMLSource } from './source.js';
import { artifactKeys, modelKeys, servingKeys, taskKeys } from './stitch.js';

/** Most rows one downstream search reads per kind. */
const DOWNSTREAM_BUDGET = 5_000;

interface Wanted {
  readonly tasks: string[];
  readonly models: string[];
  readonly artifacts: { readonly id: string; readonly task: string; readonly key: string; readonly mode: string }[];
  readonly serving: string[];
}

class Edges {
  readonly #edges = new Map<string, LineageEdgeValue>();
  constructor(readonly instance: string) {}
  add(from: string, to: string, relation: LineageRelation): void {
    this.#edges.set(`${from} ${to} ${relation}`, { from, to, relation, evidence: 'native' });
  }
  task = (native: string) => encodeId({ instance: this.instance, kind: 'task', native: [native] });
  model = (native: string) => encodeId({ instance: this.instance, kind: 'model', native: [native] });
  serving = (native: string) => encodeId({ instance: this.instance, kind: 'serving', native: [native] });
  get values(): LineageEdgeValue[] {
    return [...this.#edges.values()];
  }
}

/** One instance's answer: its edges, and the keys of the requested ids it has, by id. */
interface InstanceEdges {
  readonly edges: readonly LineageEdgeValue[];
  readonly keys: ReadonlyMap<string, StitchKeys>;
}

export async function loadEdges(source: ClearMLSource, instances: InstanceMap, req: EdgesRequest): Promise<Required<EdgesResponse>> {
  const byInstance = new Map<string, Wanted>();
  for (const id of new Set(req.ids)) {
    const d = tryDecodeId(id, instances);
    if (!d) continue;
    const w = byInstance.get(d.instance) ?? { tasks: [], models: [], artifacts: [], serving: [] };
    const [a = '', b = '', c = ''] = d.native;
    if (d.kind === 'task') w.tasks.push(a);
    else if (d.kind === 'model') w.models.push(a);
    else if (d.kind === 'artifact') w.artifacts.push({ id, task: a, key: b, mode: c });
    else if (d.kind === 'serving') w.serving.push(a);
    byInstance.set(d.instance, w);
  }
  const up = req.direction !== 'DOWNSTREAM';
  const down = req.direction !== 'UPSTREAM';
  const all = await Promise.all([...byInstance].map(([name, w]) => edgesOf(source.instance(name), w, up, down)));
  const keys = new Map(all.flatMap((one) => [...one.keys]));
  // Keys in request order, each id once; ids the source does not have are left out.
  const ordered = [...new Set(req.ids)].flatMap((id) => keys.get(id) ?? []);
  return { edges: all.flatMap((one) => one.edges), keys: ordered };
}

async function edgesOf(inst: ClearMLInstance, w: Wanted, up: boolean, down: boolean): Promise<InstanceEdges> {
  const e = new Edges(inst.config.name);
  const [taskList, modelList] = await Promise.all([inst.loadTasks([...new Set([...w.tasks, ...w.artifacts.map((a) => a.task)])]), inst.loadModels(w.models)]);
  const tasks = new Map(taskList.filter((t) => t !== undefined).map((t) => [t.id, t]));
  const models = modelList.filter((m) => m !== undefined);
  for (const id of w.tasks) {
    const task = tasks.get(id);
    if (task) taskEdges(e, task, up, down);
  }
  for (const a of w.artifacts) {
    const held = heldArtifact(tasks.get(a.task), a.key, a.mode);
    if (held && up && a.mode === 'output') e.add(e.task(a.task), a.id, 'OUTPUT_OF');
    if (held && down && a.mode === 'input') e.add(a.id, e.task(a.task), 'INPUT_OF');
  }
  for (const m of up ? models : []) {
    if (m.task) e.add(e.task(m.task), e.model(m.id), 'OUTPUT_OF');
    if (m.parent) e.add(e.model(m.parent), e.model(m.id), 'VERSION_OF');
  }
  await Promise.all([
    down ? downstreamTasks(inst, e, w) : undefined,
    down ? downstreamModels(inst, e, w) : undefined,
    (up && w.serving.length > 0) || (down && models.length > 0) ? deployments(inst, e, new Set(up ? w.serving : []), down ? models : []) : undefined,
  ]);
  // After the deployments: their endpoint list is cached by then, so serving keys cost no second read.
  const endpoints = w.serving.length > 0 ? new Set((await inst.loadEndpoints()).map((ep) => ep.endpoint)) : new Set<string>();
  return { edges: e.values, keys: keysOf(e, w, tasks, models, endpoints) };
}

/** The artifact a task holds under this key and mode, if it does. */
function heldArtifact(task: ClearMLTaskWire | undefined, key: string, mode: string): ClearMLArtifactWire | undefined {
  return (task?.execution?.artifacts ?? []).filter(isArtifactWire).find((x) => x.key === key && artifactMode(x.mode) === mode);
}

/** Stitching keys of the wanted ids the instance has, from the objects `edgesOf` read. */
function keysOf(e: Edges, w: Wanted, tasks: ReadonlyMap<string, ClearMLTaskWire>, models: readonly ClearMLModelWire[], endpoints: ReadonlySet<string>): Map<string, StitchKeys> {
  const out = new Map<string, StitchKeys>();
  for (const id of w.tasks) {
    const task = tasks.get(id);
    if (task) out.set(e.task(id), taskKeys(e.task(id), task));
  }
  for (const m of models) out.set(e.model(m.id), modelKeys(e.model(m.id), m));
  for (const a of w.artifacts) {
    const held = heldArtifact(tasks.get(a.task), a.key, a.mode);
    // Project names play no part in keys: map without them (no project index read).
    if (held) out.set(a.id, artifactKeys(mapArtifact(held, { instance: e.instance, taskId: a.task, projectId: null, projectName: null })));
  }
  for (const name of w.serving) if (endpoints.has(name)) out.set(e.serving(name), servingKeys(e.serving(name)));
  return out;
}

/** What the task document itself says: its parent, model slots and artifacts. */
function taskEdges(e: Edges, task: ClearMLTaskWire, up: boolean, down: boolean): void {
  const self = e.task(task.id);
  if (up && task.parent) e.add(e.task(task.parent), self, 'PARENT_OF');
  for (const ref of up ? (task.models?.input ?? []) : []) if (ref.model) e.add(e.model(ref.model), self, 'INPUT_OF');
  for (const ref of down ? (task.models?.output ?? []) : []) if (ref.model) e.add(self, e.model(ref.model), 'OUTPUT_OF');
  for (const a of (task.execution?.artifacts ?? []).filter(isArtifactWire)) {
    const mode = artifactMode(a.mode);
    const id = artifactId(e.instance, task.id, a.key, mode);
    if (up && mode === 'input') e.add(id, self, 'INPUT_OF');
    if (down && mode === 'output') e.add(self, id, 'OUTPUT_OF');
  }
}

/** Children of the tasks and consumers of the models: one `tasks.get_all` over `parent` and `models.input.model`. */
async function downstreamTasks(inst: ClearMLInstance, e: Edges, w: Wanted): Promise<void> {
  const fields = [...(w.tasks.length > 0 ? ['parent'] : []), ...(w.models.length > 0 ? ['models.input.model'] : [])];
  if (fields.length === 0) return;
  const query = { _any_: { pattern: anyOf([...w.tasks, ...w.models]), fields }, only_fields: ['id', 'parent', 'models.input'], search_hidden: true };
  const parents = new Set(w.tasks);
  const inputs = new Set(w.models);
  for (const t of await readAll(inst, 'tasks.get_all', 'tasks', isTaskWire, query)) {
    if (t.parent && parents.has(t.parent)) e.add(e.task(t.parent), e.task(t.id), 'PARENT_OF');
    for (const ref of t.models?.input ?? []) if (ref.model && inputs.has(ref.model)) e.add(e.model(ref.model), e.task(t.id), 'INPUT_OF');
  }
}

/** Models the tasks created and models derived from the models: one `models.get_all` over `task` and `parent`. */
async function downstreamModels(inst: ClearMLInstance, e: Edges, w: Wanted): Promise<void> {
  const fields = [...(w.tasks.length > 0 ? ['task'] : []), ...(w.models.length > 0 ? ['parent'] : [])];
  if (fields.length === 0) return;
  const query = { _any_: { pattern: anyOf([...w.tasks, ...w.models]), fields }, only_fields: ['id', 'task', 'parent'] };
  const tasks = new Set(w.tasks);
  const parents = new Set(w.models);
  for (const m of await readAll(inst, 'models.get_all', 'models', isModelWire, query)) {
    if (m.task && tasks.has(m.task)) e.add(e.task(m.task), e.model(m.id), 'OUTPUT_OF');
    if (m.parent && parents.has(m.parent)) e.add(e.model(m.parent), e.model(m.id), 'VERSION_OF');
  }
}

/** DEPLOYED_AS edges upstream of the given endpoints and downstream of the given models, from one endpoint list. */
async function deployments(inst: ClearMLInstance, e: Edges, endpoints: ReadonlySet<string>, models: readonly ClearMLModelWire[]): Promise<void> {
  const names = new Set(models.map((m) => m.name));
  const ids = new Set(models.map((m) => m.id));
  const served = await resolveServedModels(inst, (ep) => endpoints.has(ep.endpoint) || names.has(ep.model));
  for (const { endpoint, modelId } of served) if (endpoints.has(endpoint) || ids.has(modelId)) e.add(e.model(modelId), e.serving(endpoint), 'DEPLOYED_AS');
}

async function readAll<W>(inst: ClearMLInstance, endpoint: string, key: string, guard: (v: unknown) => v is W, query: Record<string, unknown>): Promise<readonly W[]> {
  return (await readPaged(inst, endpoint, key, guard, query, DOWNSTREAM_BUDGET)).rows;
}
