/**
 * Deployment writes (exported functions until the contract has ops for them):
 * - createDeployment → POST /deployment/add with a Switchyard-chosen `deployment_id` (it names the
 *   model, so `Deployment.model` stays known: deploymentIds.ts), the long timeout, never retried;
 *   answers PENDING with the id. With an idempotency key a retry picks the same id and returns the
 *   earlier deployment instead of creating another.
 * - deleteDeployment → DELETE /deployment/{id} (upstream deletes its row only; Northbound keeps the
 *   workload running — reference/mlconnector.md §7).
 * - predict → the deployment's own inference container `POST /prediction` at the endpoint its status
 *   names; `explain` needs the `documented` fidelity (POST /deployment/{id}/predict).
 */
import { switchyardError } from '../../shared/errors.js';
import type { DeploymentStatus } from '../../shared/model.js';
import { chooseDeploymentId } from '../deploymentIds.js';
import { deploymentId as deploymentGlobalId, endpointOf, parseStatusResponse } from '../mapper/index.js';
import type { MLConnectorSource } from '../source.js';
import { resolveId } from './resolve.js';

export interface PlacementInput {
  readonly clusterId?: string | null;
  readonly node?: string | null;
  /** A string in `real` (`Edge`, `*`); MLConnector rejects a boolean. */
  readonly continuum?: string | null;
}

export interface CreateDeploymentInput {
  /** The model's global id (`<instance>:model:<modelid>`). */
  readonly modelId: string;
  /** MLConnector stores no deployment name: accepted for the unified mutation, not sent. */
  readonly name?: string;
  readonly placement?: PlacementInput;
  readonly idempotencyKey?: string;
}

export interface CreateDeploymentResult {
  readonly id: string;
  readonly deploymentId: string;
  readonly status: DeploymentStatus;
  /** true when an earlier create with the same idempotency key answered. */
  readonly existing: boolean;
}

export async function createDeployment(source: MLConnectorSource, input: CreateDeploymentInput): Promise<CreateDeploymentResult> {
  const { instance, native: modelid } = resolveId(source, input.modelId, 'model');
  const id = chooseDeploymentId(modelid, input.idempotencyKey);
  const globalId = deploymentGlobalId(instance.name, id);
  if (input.idempotencyKey !== undefined) {
    instance.invalidate();
    const earlier = (await instance.snapshot()).deploymentsById.get(globalId);
    if (earlier) return { id: globalId, deploymentId: id, status: earlier.status, existing: true };
  }
  const snapshot = await instance.snapshot();
  if (!snapshot.modelsById.has(input.modelId)) throw switchyardError('NOT_FOUND', `Source "${instance.name}" has no model ${modelid}.`, { source: instance.name, id: input.modelId });
  const p = input.placement ?? {};
  const created = await instance.connector.addDeployment({
    modelid,
    ownerid: instance.ownerId,
    placement: { clusterID: p.clusterId ?? null, node: p.node ?? null, continuum: p.continuum ?? null },
    deployment_id: id,
    inference_data: 0,
  });
  instance.rememberDeployment(created);
  return { id: deploymentGlobalId(instance.name, created.deployment_id), deploymentId: created.deployment_id, status: 'PENDING', existing: false };
}

export async function deleteDeployment(source: MLConnectorSource, input: { readonly id: string }): Promise<{ readonly id: string; readonly deleted: boolean }> {
  const { instance, native } = resolveId(source, input.id, 'deployment');
  const deleted = await instance.connector.deleteDeployment(native);
  if (!deleted) throw switchyardError('NOT_FOUND', `Source "${instance.name}" has no deployment ${native}.`, { source: instance.name, id: input.id });
  instance.forgetDeployment(native);
  return { id: input.id, deleted };
}

export interface PredictInput {
  /** The deployment's global id. */
  readonly deploymentId: string;
  /** One row: feature name → value (the model's input features). */
  readonly data: Readonly<Record<string, unknown>>;
  readonly explain?: boolean;
}

export interface PredictResult {
  readonly deploymentId: string;
  /** The container's answer as it sends it (Python `str()` of the prediction array). */
  readonly result: string | null;
  readonly explanation: unknown;
}

export async function predict(source: MLConnectorSource, input: PredictInput): Promise<PredictResult> {
  const { instance, native } = resolveId(source, input.deploymentId, 'deployment');
  const explain = input.explain ?? false;
  if (explain && instance.fidelity === 'real') {
    throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Source "${instance.name}" cannot explain predictions: MLConnector's inference containers have explanations disabled.`, { source: instance.name });
  }
  if (instance.fidelity === 'documented' && explain) {
    const answer = await instance.connector.documentedPredict(native, { data: [Object.values(input.data)], explain });
    return { deploymentId: input.deploymentId, result: answer['prediction'] === undefined ? null : JSON.stringify(answer['prediction']), explanation: answer['explanation'] ?? null };
  }
  const response = await instance.connector.deploymentStatus(native);
  if (response === undefined) throw switchyardError('NOT_FOUND', `Source "${instance.name}" has no deployment ${native}.`, { source: instance.name, id: input.deploymentId });
  const status = parseStatusResponse(response);
  const endpoint = endpointOf(status);
  if (status.status !== 'RUNNING' || endpoint === null) {
    throw switchyardError('CONFLICT', `Deployment ${native} is not running (status ${status.state ?? 'unknown'}).`, { source: instance.name, id: input.deploymentId });
  }
  const answer = await instance.connector.predict(endpoint, { data: input.data, explanation: false });
  instance.invalidate();
  return { deploymentId: input.deploymentId, result: typeof answer.inference === 'string' ? answer.inference : null, explanation: null };
}
