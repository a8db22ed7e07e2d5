/**
 * The per-request side of "one pull per pipeline answers every field of that pipeline": a DataLoader
 * per instance keyed by pipeline name (every id, list and edge lookup of one request shares it), and
 * an index per pull (by id, edges by end) computed once per process and pull token.
 */
import DataLoader from 'dataloader';
import type { LineageEdgeValue } from '../shared/model.js';
import type { CmfArtifactOrModelView, CmfExecutionView } from './mapper/index.js';
import type { PulledPipeline } from './pullCache.js';
import type { CmfInstance, CmfSource } from './source.js';

export type PipelineLoader = DataLoader<string, PulledPipeline>;

/** Loaders per instance, created on first use; one set per request. */
export class PipelineLoaders {
  readonly #source: CmfSource;
  readonly #loaders = new Map<string, PipelineLoader>();

  constructor(source: CmfSource) {
    this.#source = source;
  }

  get source(): CmfSource {
    return this.#source;
  }

  for(instance: string): PipelineLoader {
    let loader = this.#loaders.get(instance);
    if (!loader) {
      const inst = this.#source.instance(instance);
      loader = new DataLoader<string, PulledPipeline>((names) => inst.load(names), { maxBatchSize: 200 });
      this.#loaders.set(instance, loader);
    }
    return loader;
  }

  /** Every pipeline of the instance (the listing snapshot's input). */
  async all(inst: CmfInstance): Promise<PulledPipeline[]> {
    const names = await inst.pipelines();
    const loaded = await this.for(inst.config.name).loadMany(names);
    return loaded.map((p) => {
      if (p instanceof Error) throw p;
      return p;
    });
  }
}

export interface PipelineIndex {
  readonly executions: ReadonlyMap<string, CmfExecutionView>;
  /** Artifacts and Model artifacts by id. */
  readonly artifacts: ReadonlyMap<string, CmfArtifactOrModelView>;
  /** Edges by the id at their `from` end and at their `to` end. */
  readonly edgesFrom: ReadonlyMap<string, readonly LineageEdgeValue[]>;
  readonly edgesTo: ReadonlyMap<string, readonly LineageEdgeValue[]>;
}

const EMPTY: PipelineIndex = { executions: new Map(), artifacts: new Map(), edgesFrom: new Map(), edgesTo: new Map() };
const indexes = new Map<string, PipelineIndex>();
/** Indexes kept per process (one per live pull token). */
const MAX_INDEXES = 256;

export function indexOf(p: PulledPipeline): PipelineIndex {
  if (!p.data) return EMPTY;
  const hit = indexes.get(p.token);
  if (hit) return hit;
  const group = (key: 'from' | 'to') => {
    const out = new Map<string, LineageEdgeValue[]>();
    for (const e of p.data?.edges ?? []) {
      const list = out.get(e[key]);
      if (list) list.push(e);
      else out.set(e[key], [e]);
    }
    return out;
  };
  const index: PipelineIndex = {
    executions: new Map(p.data.executions.map((e) => [e.id, e])),
    artifacts: new Map([...p.data.artifacts, ...p.data.models].map((a) => [a.id, a] as const)),
    edgesFrom: group('from'),
    edgesTo: group('to'),
  };
  if (indexes.size >= MAX_INDEXES) indexes.delete(indexes.keys().next().value as string);
  indexes.set(p.token, index);
  return index;
}
