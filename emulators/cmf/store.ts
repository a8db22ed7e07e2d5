/**
 * The emulator's CMF server state: the current MLMD snapshot, the merge lock, pull-text caches, uploaded files and
 * the merge-error log. Pushes are planned and merged into a {@link Draft} under one lock (the real server locks per
 * pipeline, but artifacts are shared across pipelines) and swapped in only when the whole merge succeeded.
 */
import type { Clock } from '../shared/index.js';
import { Pacer } from './coopJson.js';
import { dumpDocument, type DumpFilter, dumpText } from './dump.js';
import { MergeError, mergePipeline } from './merge.js';
import { planPush } from './plan.js';
import { isJsonObject, type Json, type JsonObject } from './pyjson.js';
import { Draft, emptyState, pipelineExecutions, uuidsOf } from './state.js';
import type { PipelineRec, StoreState } from './types.js';

/** What a push answers (before the HTTP layer maps it to a status code). */
export type PushResult = 'success' | 'exists' | 'pipeline_not_exist' | 'invalid_json_payload' | 'version_update';

/** The read-only view tests get from `startCmfEmulator().store`. */
export interface CmfStoreView {
  /** The current snapshot (immutable; replaced by each successful push). */
  readonly state: StoreState;
  /** Pipeline names in creation order (`GET /pipelines`). */
  pipelineNames(): string[];
  /** What `mlmd_pull` would answer for the pipeline, parsed; undefined when unknown. */
  document(pipeline: string): JsonObject | undefined;
  /** Merge errors the server logged while still answering `success` (newest last). */
  readonly mergeLog: readonly string[];
  /** Uploaded python-env files (by base name), labels (by base name), tensorboard logs (`<pipeline>/<file name>`). */
  readonly files: { readonly pythonEnv: ReadonlyMap<string, Buffer>; readonly labels: ReadonlyMap<string, Buffer>; readonly tensorboard: ReadonlyMap<string, Buffer> };
}

export class CmfStore implements CmfStoreView {
  #state: StoreState = emptyState();
  #lock: Promise<void> = Promise.resolve();
  readonly #texts = new WeakMap<StoreState, Map<string, string>>();
  readonly #clock: Clock;
  readonly mergeLog: string[] = [];
  readonly files = { pythonEnv: new Map<string, Buffer>(), labels: new Map<string, Buffer>(), tensorboard: new Map<string, Buffer>() };

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get state(): StoreState {
    return this.#state;
  }

  pipelineNames(): string[] {
    return [...this.#state.pipelines.keys()];
  }

  document(pipeline: string): JsonObject | undefined {
    const p = this.#state.pipelines.get(pipeline);
    return p ? dumpDocument(this.#state, [p]) : undefined;
  }

  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.#lock;
    let release = (): void => undefined;
    this.#lock = new Promise<void>((resolve) => {
      release = resolve;
    });
    await before;
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Execution_uuid values the server holds for a pipeline (comma lists split). */
  existingUuids(pipeline: string): Set<string> {
    const p = this.#state.pipelines.get(pipeline);
    return new Set(p ? pipelineExecutions(this.#state, p).flatMap(uuidsOf) : []);
  }

  /** `update_mlmd(json_payload, pipeline_name, "push", exec_uuid)`. Throws `PyCrash` where the server crashes. */
  async push(doc: Json, pipelineName: string, execUuid: string | null): Promise<PushResult> {
    return this.#exclusive(async () => {
      const plan = planPush(doc, pipelineName, this.existingUuids(pipelineName));
      if (plan.kind !== 'merge') return plan.kind;
      const draft = new Draft(this.#state);
      try {
        await mergePipeline(draft, plan.pipeline, { mode: 'push', now: this.#clock.now(), execUuid, pacer: new Pacer() });
      } catch (err) {
        if (!(err instanceof MergeError)) throw err;
        // parse_json_to_mlmd prints the error and the endpoint still answers success; nothing is kept here.
        this.mergeLog.push(`mlmd_push ${pipelineName}: ${err.message}`);
        return 'success';
      }
      this.#state = draft.finish();
      return 'success';
    });
  }

  /** Loads documents keeping their ids and times (the seed: a server's stored state). */
  async load(documents: readonly JsonObject[]): Promise<void> {
    await this.#exclusive(async () => {
      const draft = new Draft(this.#state);
      for (const doc of documents) {
        const pipelines = doc['Pipeline'];
        for (const p of Array.isArray(pipelines) ? pipelines : []) {
          if (isJsonObject(p)) await mergePipeline(draft, p, { mode: 'seed', now: this.#clock.now(), execUuid: null, pacer: new Pacer() });
        }
      }
      this.#state = draft.finish();
    });
  }

  /** The `json.dumps` text of a dump of `state` (cached per snapshot). */
  async dumpText(state: StoreState, pipelines: readonly PipelineRec[] | 'all', filter: DumpFilter): Promise<string> {
    const list = pipelines === 'all' ? [...state.pipelines.values()] : pipelines;
    const key = `${pipelines === 'all' ? '*' : list.map((p) => p.name).join('\u0000')}\u0001${JSON.stringify(filter)}`;
    let cache = this.#texts.get(state);
    const hit = cache?.get(key);
    if (hit !== undefined) return hit;
    const text = await dumpText(state, list, filter);
    if (!cache) this.#texts.set(state, (cache = new Map()));
    if (cache.size >= 32) cache.clear();
    cache.set(key, text);
    return text;
  }
}
