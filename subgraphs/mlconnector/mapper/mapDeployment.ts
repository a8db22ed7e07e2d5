/**
 * An MLConnector deployment → the unified Deployment, pure (DESIGN §4). Upstream has no deployment
 * read with its model: GET /deployment/all gives only `id → status` (Northbound's list). The model,
 * owner and placement are known when the deployment was created through Switchyard (the create's
 * answer is remembered) or found through its operations; otherwise they are null.
 */
import type { DeploymentRow, DeploymentStatus } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { PlacementWire } from '../connector/wire.js';
import { deploymentId, modelId } from './ids.js';
import { endpointOf, parseStatusValue, type ParsedStatus } from './status.js';

export interface PlacementValue { readonly clusterId: string | null; readonly node: string | null; readonly continuum: string | null }

export interface MLConnectorDeploymentView extends DeploymentRow {
  readonly __typename: 'MLConnectorDeployment';
  readonly raw: unknown;
  readonly deploymentId: string;
  /** The upstream state word as read (`waiting`, `deployed`, `Deployment_Failed`, …). */
  readonly state: string | null;
  readonly status: DeploymentStatus;
  readonly placement: PlacementValue | null;
  readonly owner: string | null;
  /** The model's native id, when known; `modelGlobalId` its global id. */
  readonly modelNativeId: string | null;
  readonly modelGlobalId: string | null;
  readonly localEndpoint: string | null;
  readonly globalEndpoint: string | null;
  /** When Northbound last changed the status (ISO UTC). */
  readonly statusUpdatedAt: string | null;
}

/** What is known about one deployment, from any of the places upstream tells it. */
export interface DeploymentFacts {
  readonly deploymentId: string;
  /** A Northbound status value (repr dict or plain string) or MLConnector's own status word. */
  readonly status?: unknown;
  readonly parsed?: ParsedStatus;
  readonly modelId?: string | null;
  readonly ownerId?: string | null;
  readonly placement?: PlacementWire | null;
  readonly raw?: unknown;
}

export function mapPlacement(placement: PlacementWire | null | undefined): PlacementValue | null {
  if (!placement) return null;
  return { clusterId: placement.clusterID ?? null, node: placement.node ?? null, continuum: placement.continuum ?? null };
}

export function mapDeployment(facts: DeploymentFacts, instance: string): MLConnectorDeploymentView {
  const parsed = facts.parsed ?? parseStatusValue(facts.status);
  const model = facts.modelId ?? null;
  return {
    __typename: 'MLConnectorDeployment',
    id: deploymentId(instance, facts.deploymentId),
    origin: { source: instance, kind: 'MLCONNECTOR', nativeId: facts.deploymentId, url: null },
    name: facts.deploymentId,
    project: null,
    createdAt: null,
    status: parsed.status,
    endpoint: endpointOf(parsed),
    placement: mapPlacement(facts.placement),
    raw: capRaw(facts.raw ?? { deployment_id: facts.deploymentId, status: facts.status ?? null }),
    deploymentId: facts.deploymentId,
    state: parsed.state,
    owner: facts.ownerId ?? null,
    modelNativeId: model,
    modelGlobalId: model ? modelId(instance, model) : null,
    localEndpoint: parsed.localEndpoint,
    globalEndpoint: parsed.globalEndpoint,
    statusUpdatedAt: parsed.updatedAt,
  };
}
