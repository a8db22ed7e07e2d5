/**
 * Listing deployments: ClearML's serving endpoints (`serving.get_endpoints`, API 2.31+) are a short
 * list answered in one call, so pages come from that list, sorted and filtered here (nothing is pushed
 * down: the endpoint takes no filters).
 */
import type { DeploymentListFilter, DeploymentListRequest, ListResponse } from '../shared/sourceContract.js';
import { snapshotListResponse, snapshotPage, sortSnapshot } from '../shared/snapshot.js';
import { type ClearMLServingEndpointView, mapServingEndpoint } from './mapper/index.js';
import { toDeploymentRow } from '../shared/rows.js';
import type { ClearMLInstance } from './source.js';

export async function listDeployments(inst: ClearMLInstance, req: DeploymentListRequest): Promise<ListResponse> {
  const views = (await inst.loadEndpoints()).map((e) => mapServingEndpoint(e, { instance: inst.config.name }));
  const page = snapshotPage({ rows: sortSnapshot(views, req.order), order: req.order, first: req.first, after: req.after, matches: deploymentMatcher(req.filter) });
  return { ...snapshotListResponse(page, toDeploymentRow, []), scanned: views.length };
}

function deploymentMatcher(filter: DeploymentListFilter): (row: ClearMLServingEndpointView) => boolean {
  const { status, nameContains } = filter;
    const needle = nameContains?.toLowerCase();
  return (row) => (!status || (row.status !== null && status.includes(row.status))) && (needle === undefined || row.name.toLowerCase().includes(needle));
}
