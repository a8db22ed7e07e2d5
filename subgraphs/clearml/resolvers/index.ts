/**
 * Thin glue: `_entities` for each ClearML type goes through a per-request DataLoader, so every
 * representation the gateway sends in one `_entities` call costs one `get_all` per kind and instance
 * (one `serving.get_endpoints` for endpoints). The views carry every field but three, which need calls
 * of their own and are loaded only when asked for: `metricSeries`, `consoleLogTail` and
 * `ClearMLServingEndpoint.modelVersion`.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { MetricSeriesValue } from '../../shared/model.js';
import { sharedScalarResolvers } from '../../shared/scalars.js';
import { validMaxPoints } from '../../shared/series.js';
import type { SeriesRequest } from '../../shared/sourceContract.js';
import type { SubgraphRequestContext } from '../../shared/subgraphServer.js';
import { loadLogTails, type LogTailRequest, validLines } from '../consoleLog.js';
import { clearmlInstanceMap, loadArtifactViews, loadEndpointViews, loadModelViews, loadTaskViews } from '../loadViews.js';
import type { ClearMLArtifactView, ClearMLModelView, ClearMLServingEndpointView, ClearMLTaskView } from '../mapper/index.js';
import { loadModelVersions } from '../servedModels.js';
import { loadSeries } from '../series.js';
import type { ClearMLSource } from '../source.js';

export interface ClearMLContext extends SubgraphRequestContext {
  readonly tasks: DataLoader<string, ClearMLTaskView | null>;
  readonly models: DataLoader<string, ClearMLModelView | null>;
  readonly artifacts: DataLoader<string, ClearMLArtifactView | null>;
  readonly endpoints: DataLoader<string, ClearMLServingEndpointView | null>;
  readonly series: DataLoader<SeriesRequest['items'][number], MetricSeriesValue | null, string>;
  readonly logs: DataLoader<LogTailRequest, string[] | null, string>;
  readonly modelVersions: DataLoader<ClearMLServingEndpointView, string | null, string>;
}

export function createClearMLContextFactory(source: ClearMLSource): (base: SubgraphRequestContext) => ClearMLContext {
  const instances = clearmlInstanceMap(source);
  return (base) => ({
    ...base,
    tasks: new DataLoader((ids) => loadTaskViews(source, instances, ids), { maxBatchSize: 500 }),
    models: new DataLoader((ids) => loadModelViews(source, instances, ids), { maxBatchSize: 500 }),
    artifacts: new DataLoader((ids) => loadArtifactViews(source, instances, ids), { maxBatchSize: 500 }),
    endpoints: new DataLoader((ids) => loadEndpointViews(source, instances, ids), { maxBatchSize: 500 }),
    series: new DataLoader((items: readonly SeriesRequest['items'][number][]) => loadSeries(source, instances, items), { cacheKeyFn: (i) => JSON.stringify(i), maxBatchSize: 500 }),
    logs: new DataLoader((items: readonly LogTailRequest[]) => loadLogTails(source, instances, items), { cacheKeyFn: (i) => `${i.id} ${i.lines}`, maxBatchSize: 500 }),
    modelVersions: new DataLoader((views) => loadModelVersions(source, views), { cacheKeyFn: (v) => v.id, maxBatchSize: 500 }),
  });
}

// Async on purpose: a synchronous throw would fail the whole _entities batch (reference/federation.md).
const byReference =
  (loader: (ctx: ClearMLContext) => DataLoader<string, unknown>) =>
  async (ref: { id: string }, ctx: ClearMLContext): Promise<unknown> =>
    loader(ctx).load(ref.id);

export function createClearMLResolvers(): GraphQLResolverMap<ClearMLContext> {
  return {
    ...sharedScalarResolvers,
    ClearMLTask: {
      __resolveReference: byReference((ctx) => ctx.tasks),
      metricSeries: async (view: ClearMLTaskView, args: { name: string; variant?: string | null; maxPoints: number }, ctx: ClearMLContext) =>
        ctx.series.load({ id: view.id, name: args.name, variant: args.variant ?? null, maxPoints: validMaxPoints(args.maxPoints) }),
      consoleLogTail: async (view: ClearMLTaskView, args: { lines: number }, ctx: ClearMLContext) => ctx.logs.load({ id: view.id, lines: validLines(args.lines) }),
    },
    ClearMLModel: { __resolveReference: byReference((ctx) => ctx.models) },
    ClearMLArtifact: { __resolveReference: byReference((ctx) => ctx.artifacts) },
    ClearMLServingEndpoint: {
      __resolveReference: byReference((ctx) => ctx.endpoints),
      modelVersion: async (view: ClearMLServingEndpointView, _: unknown, ctx: ClearMLContext) => ctx.modelVersions.load(view),
    },
  } as unknown as GraphQLResolverMap<ClearMLContext>;
}
