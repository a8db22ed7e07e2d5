/**
 * Thin glue. `_entities` for every Comet type goes through a per-request DataLoader (experiments,
 * models, artifacts), so every representation in one `_entities` call is read together, cached
 * snapshots first. Fields that need calls of their own are loaded only when a query asks for them,
 * through per-request loaders too: an experiment's tags, parameters, metrics and log-other values
 * (four calls), its series, system details, git metadata and output; an experiment model's files.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { encodeId } from '../../shared/ids.js';
import type { MetricSeriesValue } from '../../shared/model.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import { validMaxPoints } from '../../shared/series.js';
import type { SeriesRequest } from '../../shared/sourceContract.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import type { CometArtifactView } from '../artifacts.js';
import { cometInstanceMap } from '../contract.js';
import { gitMetadata, modelAssets, output, systemDetails } from '../experimentReads.js';
import { loadTaskViews } from '../loadTaskViews.js';
import { loadArtifactViews, loadModelViews } from '../loadViews.js';
import type { CometAssetView, CometExperimentDetails, CometExperimentModelView, CometExperimentView, CometGitMetadata, CometModelView } from '../mapper/index.js';
import { loadSeries } from '../series.js';
import type { CometInstance, CometSource } from '../source.js';
import { validLines } from './lines.js';

interface TailRequest {
  readonly view: CometExperimentView;
  readonly lines: number;
}

export interface CometContext extends SubgraphRequestContext {
  readonly experiments: DataLoader<string, CometExperimentView | null>;
  readonly models: DataLoader<string, CometModelView | null>;
  readonly artifacts: DataLoader<string, CometArtifactView | null>;
  readonly details: DataLoader<CometExperimentView, CometExperimentDetails | null, string>;
  readonly series: DataLoader<SeriesRequest['items'][number], MetricSeriesValue | null, string>;
  readonly systemDetails: DataLoader<CometExperimentView, unknown, string>;
  readonly git: DataLoader<CometExperimentView, CometGitMetadata | null, string>;
  readonly output: DataLoader<TailRequest, string[] | null, string>;
  readonly modelAssets: DataLoader<CometExperimentModelView, CometAssetView[] | null, string>;
}

/** A loader of one read per key on the key's instance (the connector bounds the calls in flight); undefined reads as null. */
function perKey<K, V>(source: CometSource, instanceOf: (key: K) => string, read: (inst: CometInstance, key: K) => Promise<V | undefined>, cacheKeyFn: (key: K) => string) {
  return new DataLoader<K, V | null, string>((keys) => Promise.all(keys.map(async (k) => (await read(source.instance(instanceOf(k)), k)) ?? null)), { cacheKeyFn, maxBatchSize: 500 });
}

export function createCometContextFactory(source: CometSource): (base: SubgraphRequestContext) => CometContext {
  const instances = cometInstanceMap(source);
  const ofView = (v: { readonly origin: { readonly source: string } }) => v.origin.source;
  const byId = (v: { readonly id: string }) => v.id;
  return (base) => {
    const experiments = new DataLoader((ids: readonly string[]) => loadTaskViews(source, instances, ids), { maxBatchSize: 500 });
    return {
      ...base,
      experiments,
      models: new DataLoader((ids: readonly string[]) => loadModelViews(source, instances, ids), { maxBatchSize: 500 }),
      artifacts: new DataLoader((ids: readonly string[]) => loadArtifactViews(source, instances, ids), { maxBatchSize: 500 }),
      details: perKey<CometExperimentView, CometExperimentDetails>(source, ofView, async (inst, v: CometExperimentView) => (await inst.loadDetails([v]))[0], byId),
      series: new DataLoader((items: readonly SeriesRequest['items'][number][]) => loadSeries(source, instances, items), { cacheKeyFn: (i) => JSON.stringify(i), maxBatchSize: 500 }),
      systemDetails: perKey<CometExperimentView, unknown>(source, ofView, systemDetails, byId),
      git: perKey<CometExperimentView, CometGitMetadata | null>(source, ofView, gitMetadata, byId),
      output: perKey(source, (r: TailRequest) => r.view.origin.source, (inst, r) => output(inst, r.view, r.lines), (r) => `${r.view.id} ${r.lines}`),
      modelAssets: perKey<CometExperimentModelView, CometAssetView[]>(source, ofView, async (inst, m: CometExperimentModelView) => {
        const e = await experiments.load(encodeId({ instance: inst.config.name, kind: 'experiment', native: [m.experimentKey] }));
        return e ? modelAssets(inst, e, m.name) : undefined;
      }, byId),
    };
  };
}

// Async on purpose: a synchronous throw would fail the whole _entities batch (reference/federation.md).
const byReference =
  (loader: (ctx: CometContext) => DataLoader<string, unknown>) =>
  async (ref: { id: string }, ctx: CometContext): Promise<unknown> =>
    loader(ctx).load(ref.id);

/** A detail field: the view's own value when it carries one, else the experiment's details. */
const detail =
  <F extends 'tags' | 'parameters' | 'metrics' | 'others'>(field: F, loadWhen: (value: CometExperimentView[F]) => boolean) =>
  async (view: CometExperimentView, _: unknown, ctx: CometContext) =>
    loadWhen(view[field]) ? ((await ctx.details.load(view))?.[field] ?? null) : view[field];

export function createCometResolvers(): GraphQLResolverMap<CometContext> {
  return {
    ...sharedScalarResolvers,
    CometExperiment: {
      __resolveReference: byReference((ctx) => ctx.experiments),
      // `tags: null` on a view means "not read yet" ([] means none), so only null triggers a load.
      tags: detail('tags', (v) => v === null || v === undefined),
      parameters: detail('parameters', (v) => v === undefined),
      metrics: detail('metrics', (v) => v === undefined),
      others: detail('others', (v) => v === undefined),
      metricSeries: async (view: CometExperimentView, args: { name: string; variant?: string | null; maxPoints: number }, ctx: CometContext) =>
        ctx.series.load({ id: view.id, name: args.name, variant: args.variant ?? null, maxPoints: validMaxPoints(args.maxPoints) }),
      systemDetails: async (view: CometExperimentView, _: unknown, ctx: CometContext) => ctx.systemDetails.load(view),
      git: async (view: CometExperimentView, _: unknown, ctx: CometContext) => ctx.git.load(view),
      outputTail: async (view: CometExperimentView, args: { lines: number }, ctx: CometContext) => ctx.output.load({ view, lines: validLines(args.lines) }),
    },
    CometModelVersion: { __resolveReference: byReference((ctx) => ctx.models) },
    CometExperimentModel: {
      __resolveReference: byReference((ctx) => ctx.models),
      assets: async (view: CometExperimentModelView, _: unknown, ctx: CometContext) => ctx.modelAssets.load(view),
    },
    CometAsset: { __resolveReference: byReference((ctx) => ctx.artifacts) },
    CometArtifactVersion: { __resolveReference: byReference((ctx) => ctx.artifacts) },
  } as unknown as GraphQLResolverMap<CometContext>;
}
