/** Empty snapshots, drafts (copy-on-write forks of a snapshot) and the read helpers every view shares. */
import type { ArtifactRec, ArtifactUse, EventRec, ExecutionRec, PipelineRec, StageRec, StoreState, StoreTables, TypeKind } from './types.js';

export function emptyState(): StoreState {
  return {
    version: 0,
    next: { context: 1, execution: 1, artifact: 1, type: 1 },
    types: new Map(),
    pipelines: new Map(),
    stages: new Map(),
    stageIdByName: new Map(),
    executions: new Map(),
    namedExecutions: new Map(),
    artifacts: new Map(),
    artifactByUri: new Map(),
    uses: new Map(),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function insertSorted(ids: number[], id: number): void {
  const last = ids[ids.length - 1];
  if (last === undefined || last < id) {
    ids.push(id);
    return;
  }
  if (ids.includes(id)) return;
  let at = ids.length;
  while (at > 0 && (ids[at - 1] as number) > id) at--;
  ids.splice(at, 0, id);
}

/**
 * A private copy of a snapshot that a push mutates. The maps are copied (native, fast); records are shared until
 * first written, then cloned once per draft, so a push of n executions costs O(n), not O(n × store).
 */
export class Draft {
  readonly t: StoreTables;
  readonly #owned = new WeakSet<object>();

  constructor(base: StoreState) {
    this.t = {
      version: base.version + 1,
      next: { ...base.next },
      types: new Map(base.types),
      pipelines: new Map(base.pipelines),
      stages: new Map(base.stages),
      stageIdByName: new Map(base.stageIdByName),
      executions: new Map(base.executions),
      namedExecutions: new Map(base.namedExecutions),
      artifacts: new Map(base.artifacts),
      artifactByUri: new Map(base.artifactByUri),
      uses: new Map(base.uses),
    };
  }

  /** The id of a type, registering it on first use (MLMD: one id space for all types). */
  typeId(kind: TypeKind, name: string): number {
    const key = `${kind}:${name}`;
    const known = this.t.types.get(key);
    if (known) return known.id;
    const id = this.t.next.type++;
    this.t.types.set(key, { id, kind, name });
    return id;
  }

  /** A fresh id, or `wanted` (seeding keeps the document's ids, unless taken) with the counter moved past it. */
  newId(table: 'context' | 'execution' | 'artifact', wanted?: number): number {
    const t = this.t;
    const taken = (id: number): boolean =>
      table === 'execution' ? t.executions.has(id) : table === 'artifact' ? t.artifacts.has(id) : t.stages.has(id) || [...t.pipelines.values()].some((p) => p.id === id);
    if (wanted === undefined || taken(wanted)) return this.t.next[table]++;
    this.t.next[table] = Math.max(this.t.next[table], wanted + 1);
    return wanted;
  }

  #own<T extends object>(rec: T, clone: (r: T) => T): T {
    if (this.#owned.has(rec)) return rec;
    const copy = clone(rec);
    this.#owned.add(copy);
    return copy;
  }

  /** Stores a record object this draft created (so later writes may mutate it in place). */
  adopt<T extends object>(rec: T): T {
    this.#owned.add(rec);
    return rec;
  }

  addStageToPipeline(pipelineName: string, stageId: number): void {
    const p = this.t.pipelines.get(pipelineName);
    if (!p) throw new Error(`no pipeline ${pipelineName}`);
    const own = this.#own(p, (r) => ({ ...r, stageIds: [...r.stageIds] }));
    insertSorted(own.stageIds as number[], stageId);
    this.t.pipelines.set(pipelineName, own);
  }

  addExecutionToStage(stageId: number, executionId: number): void {
    const s = this.t.stages.get(stageId);
    if (!s) throw new Error(`no stage ${stageId}`);
    const own = this.#own(s, (r) => ({ ...r, executionIds: [...r.executionIds] }));
    insertSorted(own.executionIds as number[], executionId);
    this.t.stages.set(stageId, own);
  }

  /** A writable version of an execution (cloned once per draft). */
  execution(id: number): Mutable<ExecutionRec> & { events: EventRec[] } {
    const e = this.t.executions.get(id);
    if (!e) throw new Error(`no execution ${id}`);
    const own = this.#own(e, (r) => ({ ...r, events: [...r.events] })) as Mutable<ExecutionRec> & { events: EventRec[] };
    this.t.executions.set(id, own);
    return own;
  }

  addEvent(executionId: number, event: EventRec): void {
    this.execution(executionId).events.push(event);
    const uses = this.t.uses.get(event.artifactId) ?? [];
    const own = this.#own(uses as ArtifactUse[], (r) => [...r]);
    own.push({ executionId, type: event.type });
    this.t.uses.set(event.artifactId, own);
  }

  putArtifact(a: ArtifactRec): void {
    this.t.artifacts.set(a.id, a);
    if (a.uri !== '' && !this.t.artifactByUri.has(a.uri)) this.t.artifactByUri.set(a.uri, a.id);
  }

  finish(): StoreState {
    return this.t;
  }
}

/** The stages of a pipeline, in id order. */
export function pipelineStages(state: StoreState, p: PipelineRec): StageRec[] {
  return p.stageIds.map((id) => state.stages.get(id)).filter((s): s is StageRec => s !== undefined);
}

/** The executions of a pipeline: stage by stage, each in id order (what `get_all_executions_in_pipeline` lists). */
export function pipelineExecutions(state: StoreState, p: PipelineRec): ExecutionRec[] {
  const seen = new Set<number>();
  const out: ExecutionRec[] = [];
  for (const s of pipelineStages(state, p)) {
    for (const id of s.executionIds) {
      const e = state.executions.get(id);
      if (e && !seen.has(id)) {
        seen.add(id);
        out.push(e);
      }
    }
  }
  return out;
}

/** Artifacts any execution of the pipeline used or produced, in id order. */
export function pipelineArtifacts(state: StoreState, executions: readonly ExecutionRec[]): ArtifactRec[] {
  const ids = new Set<number>();
  for (const e of executions) for (const ev of e.events) ids.add(ev.artifactId);
  return [...ids].sort((a, b) => a - b).map((id) => state.artifacts.get(id)).filter((a): a is ArtifactRec => a !== undefined);
}

/** `Execution_uuid` split on commas (a re-used execution carries several). */
export function uuidsOf(e: ExecutionRec): string[] {
  const v = e.properties['Execution_uuid'];
  return typeof v === 'string' ? v.split(',') : [];
}

export function stringProp(props: Readonly<Record<string, unknown>>, key: string): string {
  const v = props[key];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** Artifact type names in creation order. */
export function artifactTypeNames(state: StoreState): string[] {
  return [...state.types.values()].filter((t) => t.kind === 'artifact').map((t) => t.name);
}
