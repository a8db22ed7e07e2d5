/**
 * Thin glue. `_entities` for CometExperiment goes through a per-request DataLoader, so every
 * representation in one `_entities` call is read together (the cached snapshot first, then
 * `/experiment/metadata` per missing key). Tags, parameters, metrics and log-other values need four
 * more calls per experiment, so their field resolvers load them through a second per-request loader,
 * only when a query asks for them and the view does not carry them already.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import { cometInstanceMap } from '../contract.js';
import { loadTaskViews } from '../loadTaskViews.js';
import type { CometExperimentDetails, CometExperimentView } from '../mapper/index.js';
import type { CometSource } from '../source.js';
import { loadSeries } from '../series.js';
import type { MetricSeriesValue } from '../../shared/model.js';
import { validMaxPoints } from '../../shared/series.js';
import type { SeriesRequest } from '../../shared/sourceContract.js';

export interface CometContext extends SubgraphRequestContext {
  readonly experiments: DataLoader<string, CometExperimentView | null>;
  readonly details: DataLoader<CometExperimentView, CometExperimentDetails | null, string>;
  readonly series: DataLoader<SeriesRequest['items'][number], MetricSeriesValue | null, string>;
}

export function createCometContextFactory(source: CometSource): (base: SubgraphRequestContext) => CometContext {
  const instances = cometInstanceMap(source);
  return (base) => ({
    ...base,
    experiments: new DataLoader((ids) => loadTaskViews(source, instances, ids), { maxBatchSize: 500 }),
    details: new DataLoader((views) => loadDetailsBatch(source, views), { cacheKeyFn: (v) => v.id, maxBatchSize: 500 }),
    series: new DataLoader((items) => loadSeries(source, instances, items), { cacheKeyFn: (i) => JSON.stringify(i), maxBatchSize: 500 }),
  });
}

/** Details for views of any instances, in order; null for experiments gone meanwhile. */
async function loadDetailsBatch(source: CometSource, views: readonly CometExperimentView[]): Promise<(CometExperimentDetails | null)[]> {
  const out: (CometExperimentDetails | null)[] = views.map(() => null);
  const byInstance = new Map<string, number[]>();
  views.forEach((v, i) => byInstance.set(v.origin.source, [...(byInstance.get(v.origin.source) ?? []), i]));
  await Promise.all(
    [...byInstance].map(async ([name, indexes]) => {
      const details = await source.instance(name).loadDetails(indexes.map((i) => views[i] as CometExperimentView));
      indexes.forEach((viewIndex, k) => {
        out[viewIndex] = details[k] ?? null;
      });
    }),
  );
  return out;
}

export function createCometResolvers(): GraphQLResolverMap<CometContext> {
  return {
    ...sharedScalarResolvers,
    CometExperiment: {
      // Async on purpose: a synchronous throw would fail the whole _entities batch (reference/federation.md).
      __resolveReference: async (ref: { id: string }, ctx: CometContext) => ctx.experiments.load(ref.id),
      // `tags: null` on a view means "not read yet" ([] means none), so only null triggers a load.
      tags: async (view: CometExperimentView, _: unknown, ctx: CometContext) => view.tags ?? (await ctx.details.load(view))?.tags ?? null,
      parameters: async (view: CometExperimentView, _: unknown, ctx: CometContext) =>
        view.parameters !== undefined ? view.parameters : ((await ctx.details.load(view))?.parameters ?? null),
      metrics: async (view: CometExperimentView, _: unknown, ctx: CometContext) =>
        view.metrics !== undefined ? view.metrics : ((await ctx.details.load(view))?.metrics ?? null),
      metricSeries: async (view: CometExperimentView, args: { name: string; variant?: string | null; maxPoints: number }, ctx: CometContext) =>
        ctx.series.load({ id: view.id, name: args.name, variant: args.variant ?? null, maxPoints: validMaxPoints(args.maxPoints) }),
      others: async (view: CometExperimentView, _: unknown, ctx: CometContext) =>
        view.others !== undefined ? view.others : ((await ctx.details.load(view))?.others ?? null),
    },
  } as unknown as GraphQLResolverMap<CometContext>;
}
