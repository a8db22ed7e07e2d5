/**
 * The three "tangled tree" lineage views (`server/app/query_artifact_lineage_d3tree.py`,
 * `query_execution_lineage_d3tree.py`, `query_visualization_artifact_execution.py`): Kahn's topological sort of a
 * node → parents map, then nodes grouped by their sorted parent set, groups in order of first appearance. Parent
 * lists come from `list(set(...))`, so they follow CPython's set order ({@link pySetOrder}). Environment and Label
 * artifacts are left out, and only the pipeline's own executions count.
 */
import { type EmulatorResponse, json } from '../../shared/index.js';
import type { CmfRequest } from '../context.js';
import { detail } from '../fastapi.js';
import { PyCrash } from '../plan.js';
import { pySetOrder } from '../pyset.js';
import { pipelineArtifacts, pipelineExecutions, stringProp } from '../state.js';
import { type ArtifactRec, type ExecutionRec, INPUT, OUTPUT, type PipelineRec, type StoreState } from '../types.js';

export interface TreeNode {
  readonly id: string;
  readonly parents: readonly string[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `topological_sort(input_data, names)` of the three modules. */
export function tangledTree<K extends string | number>(input: ReadonlyMap<K, readonly K[]>, label: (k: K) => string): TreeNode[][] {
  const inDegree = new Map<K, number>([...input.keys()].map((k) => [k, 0]));
  const adjacent = new Map<K, K[]>();
  for (const [node, deps] of input) {
    for (const dep of deps) {
      push(adjacent, dep, node);
      inDegree.set(node, (inDegree.get(node) ?? 0) + 1);
    }
  }
  const queue = [...inDegree].filter(([, d]) => d === 0).map(([k]) => k);
  for (let head = 0; head < queue.length; head++) {
    for (const next of adjacent.get(queue[head] as K) ?? []) {
      const d = (inDegree.get(next) ?? 0) - 1;
      inDegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  const groups = new Map<string, TreeNode[]>();
  for (const k of queue) {
    const deps = input.get(k);
    if (!deps) continue;
    const key = JSON.stringify([...deps].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    push(groups, key, { id: label(k), parents: deps.map(label) });
  }
  return [...groups.values()];
}

/** `modify_arti_name`: `<basename>:<4 hash chars>` and the per-type variants; the full name when it does not parse. */
export function shortArtifactName(name: string, type: string): string {
  const at = <T>(xs: readonly T[], i: number): T => {
    const v = xs[i < 0 ? xs.length + i : i];
    if (v === undefined) throw new RangeError('index');
    return v;
  };
  const afterSlash = (s: string): string => at(s.split(/\/(.*)/s), 1);
  try {
    const parts = name.split(':');
    if (type === 'Metrics') return `${at(parts, 0)}:${at(parts, 1).slice(0, 4)}:${at(parts, 2)}`;
    if (type === 'Model') return `${at(at(parts, -3).split('/'), -1)}:${at(parts, -2).slice(0, 4)}`;
    if (type === 'Dataset') return `${at(at(parts, 0).split('/'), -1)}:${at(parts, -1).slice(0, 4)}`;
    if (type === 'Dataslice') {
      const p = afterSlash(name).split(':');
      return `${at(p, 0)}:${at(p, -1).slice(0, 4)}`;
    }
    if (type === 'Step_Metrics') return `${at(afterSlash(name).split(':'), 0)}:${at(parts, -3).slice(0, 4)}:${at(parts, -2)}:${at(parts, -1).slice(0, 4)}`;
  } catch {
    return name;
  }
  return name;
}

const HIDDEN = new Set(['Environment', 'Label']);

/** The pipeline's artifacts grouped by type (types in order of first id, ids ascending), Environment/Label left out. */
function artifactNodes(state: StoreState, executions: readonly ExecutionRec[]): ArtifactRec[] {
  const byType = new Map<string, ArtifactRec[]>();
  for (const a of pipelineArtifacts(state, executions)) push(byType, a.typeName, a);
  return [...byType].filter(([t]) => !HIDDEN.has(t)).flatMap(([, list]) => list);
}

function withPipeline(r: CmfRequest, view: (state: StoreState, p: PipelineRec) => unknown): EmulatorResponse {
  const state = r.ctx.store.state;
  const name = r.params['pipeline_name'] ?? '';
  const p = state.pipelines.get(name);
  return p ? json(200, view(state, p)) : detail(404, `Pipeline ${name} not found.`);
}

export const artifactLineage = (r: CmfRequest): EmulatorResponse =>
  withPipeline(r, (state, p) => {
    const executions = pipelineExecutions(state, p);
    const inPipeline = new Set(executions.map((e) => e.id));
    const nodes = artifactNodes(state, executions);
    const isNode = new Set(nodes.map((a) => a.id));
    const parents = new Map<number, number[]>();
    for (const a of nodes) {
      const ids = new Set<number>();
      for (const use of state.uses.get(a.id) ?? []) {
        if (use.type !== OUTPUT || !inPipeline.has(use.executionId)) continue;
        for (const ev of state.executions.get(use.executionId)?.events ?? []) if (ev.type === INPUT && isNode.has(ev.artifactId)) ids.add(ev.artifactId);
      }
      parents.set(a.id, pySetOrder([...ids].sort((x, y) => x - y)));
    }
    const names = new Map(nodes.map((a) => [a.id, shortArtifactName(a.name, a.typeName)]));
    return tangledTree(parents, (id) => names.get(id) ?? String(id));
  });

/** `modify_exec_name("<Execution_type_name>_<Execution_uuid>")` → `Prepare_1afa`. */
function execLabel(e: ExecutionRec): string {
  const s = `${stringProp(e.properties, 'Execution_type_name')}_${stringProp(e.properties, 'Execution_uuid')}`;
  const slash = s.indexOf('/');
  if (slash < 0) throw new PyCrash('IndexError: list index out of range');
  const after = s.slice(slash + 1);
  const cut = after.lastIndexOf('_');
  return `${cut < 0 ? '' : after.slice(0, cut)}_${(s.split('_').pop() ?? '').split('-')[0]?.slice(0, 4) ?? ''}`;
}

export function executionLineage(r: CmfRequest): EmulatorResponse {
  const uuid = r.params['uuid'] ?? '';
  return withPipeline(r, (state, p) => {
    const executions = pipelineExecutions(state, p);
    const start = executions.find((e) => stringProp(e.properties, 'Execution_uuid').slice(0, 4) === uuid);
    if (!start) return { error: `uuid '${uuid}' does not match any execution in pipeline '${p.name}'` };
    const byId = new Map(executions.map((e) => [e.id, e]));
    const producers = new Map<number, number[]>();
    for (const e of executions) for (const ev of e.events) if (ev.type === OUTPUT) push(producers, ev.artifactId, e.id);
    // get_one_hop_parent_executions_ids: executions of the pipeline that produced one of this one's inputs.
    const parentsOf = (id: number): number[] => {
      const out = new Set<number>();
      for (const ev of byId.get(id)?.events ?? []) if (ev.type === INPUT) for (const p of producers.get(ev.artifactId) ?? []) if (p !== id) out.add(p);
      return pySetOrder([...out].sort((a, b) => a - b));
    };
    const parents = new Map<number, number[]>([[start.id, parentsOf(start.id)]]);
    // UniqueQueue: a value is skipped only while it is waiting in the queue (cycles: see README, bounded here).
    const queue = [...(parents.get(start.id) ?? [])];
    const waiting = new Set(queue);
    for (let steps = 0; queue.length > 0 && steps < 100_000; steps++) {
      const id = queue.shift() as number;
      waiting.delete(id);
      const ps = parentsOf(id);
      parents.set(id, ps);
      for (const q of ps) if (!waiting.has(q)) (queue.push(q), waiting.add(q));
    }
    return tangledTree(parents, (id) => execLabel(byId.get(id) as ExecutionRec));
  });
}

export const artifactExecutionLineage = (r: CmfRequest): EmulatorResponse =>
  withPipeline(r, (state, p) => {
    const executions = pipelineExecutions(state, p);
    const names = new Map<string, string>(executions.map((e) => [`e_${e.id}`, `execution_name_${stringProp(e.properties, 'Context_Type')}:${stringProp(e.properties, 'Execution_uuid').slice(0, 4)}`]));
    const inPipeline = new Set(executions.map((e) => e.id));
    const output = new Map<string, string[]>();
    const add = (key: string, value: string): void => push(output, key, value);
    for (const a of artifactNodes(state, executions)) {
      const node = `a_${a.id}`;
      names.set(node, `artifact_name_${shortArtifactName(a.name, a.typeName)}`);
      let produced = false;
      for (const use of (state.uses.get(a.id) ?? []).filter((u) => inPipeline.has(u.executionId))) {
        if (use.type === INPUT) add(`e_${use.executionId}`, node);
        else {
          // An execution with no shown input would never enter the sort; give it an empty parent list first.
          if (!output.has(`e_${use.executionId}`)) output.set(`e_${use.executionId}`, []);
          add(node, `e_${use.executionId}`);
          produced = true;
        }
      }
      if (!produced) output.set(node, []);
    }
    return tangledTree(output, (k) => names.get(k) ?? k);
  });
