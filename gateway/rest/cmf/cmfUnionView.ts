/**
 * The union view on /cmf (DESIGN §6, issue 9): with `?switchyard.sources=…` or `X-Switchyard-Sources`,
 * CMF's pipeline and execution listings show the tasks of every tracker, read through the supergraph as
 * the mount's principal. Served routes and their declared query parameters are in UNION_ROUTES; a
 * parameter outside a route's subset gets a 400 naming it, and any other route (writes included) a 400
 * naming the union flag, since passing it through would silently show one tracker only.
 */
import type { RestRequest, RestResponse } from '../shared/types.js';
import { renderUnionRoute, type UnionRoute } from '../shared/unionRead.js';
import type { UnionContext, UnionSources } from '../shared/unionSources.js';
import { CmfQuery, cmfUnionError, collectTasks, type TaskScope, unionAnswer } from './cmfUnionQuery.js';
import { executionLabel, executionsByStage, pipelineNames, pipelineStages } from './cmfUnionRender.js';

export type CmfUnionContext = UnionContext;

type Route = UnionRoute<TaskScope>;

export const UNION_ROUTES: Readonly<Record<string, Route>> = {
  '/pipelines': {
    pattern: /^\/pipelines$/,
    parameters: [],
    render: async (_p, _q, scope) => {
      const got = await collectTasks(scope, {}, false);
      return 'tasks' in got ? unionAnswer(pipelineNames(got.tasks), got) : got;
    },
  },
  '/list-of-executions/{pipeline_name}': {
    pattern: /^\/list-of-executions\/([^/]+)$/,
    parameters: [],
    render: async (p, _q, scope, source) => {
      const got = await collectTasks(scope, { projects: [p] }, false);
      if (!('tasks' in got)) return got;
      if (got.tasks.length === 0) return cmfUnionError(404, `Pipeline ${p} not found.`);
      return unionAnswer(got.tasks.map((t) => executionLabel(t, source)), got);
    },
  },
  '/pipeline-stages/{pipeline_name}': {
    pattern: /^\/pipeline-stages\/([^/]+)$/,
    parameters: [],
    render: async (p, _q, scope) => {
      const got = await collectTasks(scope, { projects: [p] }, false);
      return 'tasks' in got ? unionAnswer(pipelineStages(got.tasks), got) : got;
    },
  },
  '/executions-by-stage/{pipeline_name}': {
    pattern: /^\/executions-by-stage\/([^/]+)$/,
    parameters: ['stage_name', 'active_page', 'record_per_page', 'sort_order', 'filter_value'],
    render: async (p, query, scope, source) => {
      const q = new CmfQuery(query);
      const page = { stageName: q.str('stage_name'), activePage: q.positive('active_page', 1), recordPerPage: q.positive('record_per_page', 5), sortOrder: q.str('sort_order', 'DESC'), filterValue: q.str('filter_value', '') };
      const bad = q.failure();
      if (bad) return bad;
      const got = await collectTasks(scope, { projects: [p] }, true);
      return 'tasks' in got ? unionAnswer(executionsByStage(got.tasks, source, page), got) : got;
    },
  },
};

/** `path` is the CMF route without the `/api` prefix. */
export function renderCmfUnion(req: RestRequest, path: string, sources: UnionSources, ctx: CmfUnionContext): Promise<RestResponse> {
  return renderUnionRoute(UNION_ROUTES, req, path, sources, ctx, cmfUnionError);
}
