/**
 * The union view on the /clearml mount (DESIGN §6, issue 9 item 2): `?switchyard.sources=all` (or a list
 * of source names, or the header `X-Switchyard-Sources`) lists objects from every tracker in ClearML's
 * shape, rendered from the supergraph. Endpoints: tasks.get_all, tasks.get_all_ex, tasks.get_by_id
 * (unionTasks.ts), projects.get_all (unionProjects.ts), models.get_all (unionModels.ts). Each declares a
 * parameter subset (unionParams.UNION_PARAMETERS); anything outside it gets ClearML's own 400/12 naming
 * the parameter. Ids: the mount's own rows keep their native ClearML ids, every other row carries its
 * Switchyard global id (unionCommon.ts states the rule); tasks.get_by_id accepts both. A source that
 * fails leaves its rows out and is named in the `x-switchyard-partial` header.
 */
import type { RestResponse } from '../shared/types.js';
import { type UnionViewInput, withActualVersion } from './unionCommon.js';
import { renderUnionModels } from './unionModels.js';
import type { UnionEndpoint } from './unionParams.js';
import { renderUnionProjects } from './unionProjects.js';
import { renderUnionTaskById, renderUnionTaskList } from './unionTasks.js';

export type { UnionViewInput } from './unionCommon.js';
export { isUnionEndpoint, UNION_PARAMETERS, type UnionEndpoint } from './unionParams.js';

export function renderUnionView(endpoint: UnionEndpoint, request: UnionViewInput): Promise<RestResponse> {
  const input = { ...request, envelope: withActualVersion(request.envelope) };
  switch (endpoint) {
    case 'tasks.get_all':
      return renderUnionTaskList(input, false);
    case 'tasks.get_all_ex':
      return renderUnionTaskList(input, true);
    case 'tasks.get_by_id':
      return renderUnionTaskById(input);
    case 'projects.get_all':
      return renderUnionProjects(input);
    case 'models.get_all':
      return renderUnionModels(input);
  }
}
