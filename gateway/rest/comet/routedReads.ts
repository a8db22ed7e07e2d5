/**
 * Reads of routed writes (DESIGN §6): with `rest.comet.routeWritesTo`, the experiment-scoped reads a Comet
 * client makes after writing answer from the supergraph when the key is a task of the target ClearML source,
 * in Comet's shapes (the union view's renderers); every other key passes through to Comet, so experiments
 * made before the migration read as before. The routed key stays the plain key (the target's native id).
 *
 * | route | answer |
 * |---|---|
 * | /experiment/metadata | ExperimentMetadata |
 * | /experiment/metrics/summary | `{values}`: one per metric/variant (`<metric>/<variant>` unless the variant is the metric's name) |
 * | /experiment/parameters | `{values}`: the `General` section by bare name, other sections prefixed, `comet_other` left out |
 * | /experiment/log-other | `{values}`: the `comet_other` section by bare name |
 * | /experiment/tags | `{tags}` |
 */
import { jsonResponse, type RestRequest, type RestResponse } from '../shared/types.js';
import { type RoutedContext, targetTaskId } from './routedTarget.js';
import { OTHER_SECTION, PARAMETER_SECTION } from './routedWrites.js';
import { taskById, UnionFailure } from './unionFetch.js';
import { renderExperiment, renderMetricSummaries, renderParameterSummaries, type TaskRow } from './unionShapes.js';
import { unionHeaders } from '../shared/unionRead.js';

const PREFIX = '/api/rest/v2';
const ROUTES = ['/experiment/metadata', '/experiment/metrics/summary', '/experiment/parameters', '/experiment/log-other', '/experiment/tags'] as const;
type Route = (typeof ROUTES)[number];

/** The rendered answer, or a pass-through (optionally naming the target as not consulted, for `x-switchyard-partial`). */
export type RoutedRead = { readonly rendered: RestResponse } | { readonly rendered?: undefined; readonly partial?: string };

export async function renderRoutedRead(ctx: RoutedContext, req: RestRequest): Promise<RoutedRead> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return {};
  const path = req.path.replace(/\/+$/, '');
  const route = ROUTES.find((r) => path === `${PREFIX}${r}`);
  const key = new URLSearchParams(req.search).get('experimentKey');
  if (route === undefined || key === null) return {};
  const id = targetTaskId(ctx.target, key);
  if (id === undefined) return {};
  let found: { row: TaskRow; partial: Set<string> };
  try {
    found = await taskById(ctx, id, key, { parameters: route === '/experiment/parameters' || route === '/experiment/log-other', metrics: route === '/experiment/metrics/summary', tags: route === '/experiment/tags' });
  } catch (err) {
    if (!(err instanceof UnionFailure)) throw err;
    // Not a task of the target: a Comet experiment. Any other failure passes through too (a ClearML outage must
    // not break reads of Comet's experiments), saying that the target was not consulted.
    return err.refusal.status === 404 ? {} : { partial: ctx.target };
  }
  return { rendered: jsonResponse(200, render(route, found.row, ctx.target), unionHeaders({ partial: [...found.partial].sort() })) };
}

function render(route: Route, row: TaskRow, target: string): unknown {
  const parameters = row.parameters ?? [];
  switch (route) {
    case '/experiment/metadata':
      // The target as the "mount source": its keys render native, as the client wrote them.
      return renderExperiment(row, target);
    case '/experiment/metrics/summary':
      return { values: renderMetricSummaries(row) };
    case '/experiment/parameters':
      return { values: renderParameterSummaries({ ...row, parameters: parameters.filter((p) => p.section !== OTHER_SECTION) }, PARAMETER_SECTION) };
    case '/experiment/log-other':
      return { values: renderParameterSummaries({ ...row, parameters: parameters.filter((p) => p.section === OTHER_SECTION) }, OTHER_SECTION) };
    case '/experiment/tags':
      return { tags: [...(row.tags ?? [])] };
  }
}
