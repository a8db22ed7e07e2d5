/**
 * One `serving.get_endpoints` entry → the unified deployment. Pure. An endpoint is the group of
 * clearml-serving containers that registered the same URL; ClearML keeps no creation time for it
 * (registrations live in Redis and expire), so `createdAt` is null and endpoints sort by id.
 */
import { encodeId } from '../../shared/ids.js';
import type { DeploymentRow, DeploymentStatus } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { ClearMLEndpointWire } from '../connector/wire.js';
import { mapTime } from './mapTime.js';
import { clearmlOrigin } from './origin.js';

export interface ClearMLServingEndpointView extends DeploymentRow {
  readonly raw: unknown;
  readonly endpointName: string;
  readonly modelName: string | null;
  readonly url: string | null;
  readonly instances: number | null;
  readonly uptimeSec: number | null;
  readonly requests: number | null;
  readonly requestsPerMin: number | null;
  readonly latencyMs: number | null;
  readonly lastUpdate: string | null;
}

export function mapServingEndpoint(endpoint: ClearMLEndpointWire, ctx: { readonly instance: string }): ClearMLServingEndpointView {
  const instances = numberOrNull(endpoint.instances);
  return {
    __typename: 'ClearMLServingEndpoint',
    id: encodeId({ instance: ctx.instance, kind: 'serving', native: [endpoint.endpoint] }),
    origin: clearmlOrigin(ctx.instance, endpoint.endpoint, undefined, null),
    name: endpoint.endpoint,
    project: null,
    createdAt: null,
    status: servingStatus(instances),
    endpoint: endpoint.url || null,
    placement: { instances },
    raw: capRaw(endpoint),
    endpointName: endpoint.endpoint,
    modelName: endpoint.model ?? null,
    url: endpoint.url || null,
    instances,
    uptimeSec: numberOrNull(endpoint.uptime_sec),
    requests: numberOrNull(endpoint.requests),
    requestsPerMin: numberOrNull(endpoint.requests_min),
    latencyMs: numberOrNull(endpoint.latency_ms),
    lastUpdate: mapTime(endpoint.last_update),
  };
}

/** Serving instances that reported recently: some → RUNNING, none → STOPPED, not said → UNKNOWN. */
export function servingStatus(instances: number | null): DeploymentStatus {
  if (instances === null) return 'UNKNOWN';
  return instances > 0 ? 'RUNNING' : 'STOPPED';
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
