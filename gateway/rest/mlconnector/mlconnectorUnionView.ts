/**
 * The union view on /mlconnector (DESIGN §6, issue 9): with `?switchyard.sources=…` or
 * `X-Switchyard-Sources`, MLConnector's model and deployment reads show the models and deployments of
 * every tracker, read through the supergraph as the mount's principal. Served routes and their declared
 * query parameters are in UNION_ROUTES; a parameter outside a route's subset gets a 400 naming it, and any
 * other route (writes included) a 400 naming the union flag, since passing it through would silently
 * show one tracker only.
 */
import type { RestRequest, RestResponse } from '../shared/types.js';
import { renderUnionRoute, type UnionRoute, unionHeaders } from '../shared/unionRead.js';
import type { UnionContext, UnionSources } from '../shared/unionSources.js';
import { collectDeployments, collectModels, detail, findDeployment, queryInt, type Scope, unionAnswer } from './mlconnectorUnionQuery.js';
import { renderModel, statusResponse, systemStatus } from './mlconnectorUnionRender.js';

export type MLConnectorUnionContext = UnionContext;

type Route = UnionRoute<Scope>;

export const UNION_ROUTES: Readonly<Record<string, Route>> = {
  '/model/all': {
    pattern: /^\/model\/all$/,
    parameters: ['skip', 'limit'],
    render: async (_a, query, scope, source) => {
      const skip = queryInt(query, 'skip', 0);
      const limit = queryInt(query, 'limit', 100);
      if (typeof skip !== 'number') return skip;
      if (typeof limit !== 'number') return limit;
      // SQL OFFSET/LIMIT over an order MLConnector does not state; here the union's total order (newest first).
      const from = Math.max(0, skip);
      const got = await collectModels(scope, {}, limit < 0 ? undefined : from + limit);
      if (!('rows' in got)) return got;
      const rows = got.rows.slice(from);
      // MLConnector answers an empty list with this 404 (its wording).
      if (rows.length === 0) return detail(404, 'No models were not found', unionHeaders(got));
      return unionAnswer(rows.map((m) => renderModel(m, source)), got.partial);
    },
  },
  '/model/search': {
    pattern: /^\/model\/search$/,
    parameters: ['tags'],
    render: async (_a, query, scope, source) => {
      const tags = query.getAll('tags');
      const got = await collectModels(scope, tags.length > 0 ? { tags } : {}, undefined);
      if (!('rows' in got)) return got;
      if (got.rows.length === 0) return detail(404, 'No models found with the provided tags', unionHeaders(got));
      return unionAnswer(got.rows.map((m) => renderModel(m, source)), got.partial);
    },
  },
  '/deployment/all': {
    pattern: /^\/deployment\/all$/,
    parameters: ['skip', 'limit'],
    render: async (_a, query, scope, source) => {
      // Accepted (and validated) but ignored, as MLConnector does: the list is Northbound's.
      for (const name of ['skip', 'limit']) {
        const v = queryInt(query, name, 0);
        if (typeof v !== 'number') return v;
      }
      const got = await collectDeployments(scope);
      return 'rows' in got ? unionAnswer(systemStatus(got.rows, source), got.partial) : got;
    },
  },
  '/deployment/get/status/{deployment_id}': {
    pattern: /^\/deployment\/get\/status\/([^/]+)$/,
    parameters: [],
    render: async (id, _q, scope, source) => {
      const found = await findDeployment(scope, id, source);
      return found ? unionAnswer(statusResponse(id, found), []) : detail(404, 'No deployment with matching id was found');
    },
  },
};


export function renderMLConnectorUnion(req: RestRequest, sources: UnionSources, ctx: MLConnectorUnionContext): Promise<RestResponse> {
  return renderUnionRoute(UNION_ROUTES, req, req.path, sources, ctx, detail);
}
