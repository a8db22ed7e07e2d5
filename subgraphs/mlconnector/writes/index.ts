import { switchyardError } from '../../shared/errors.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { MLConnectorSource } from '../source.js';
import { createDeployment, deleteDeployment, type PlacementInput, predict } from './deployments.js';
import { registerModel } from './registerModel.js';

export { createDeployment, deleteDeployment, predict, type CreateDeploymentInput, type CreateDeploymentResult, type PlacementInput, type PredictInput, type PredictResult } from './deployments.js';
export { registerModel, registerModelBody } from './registerModel.js';

/** The contract's write ops MLConnector has (capability `writes` of kind model). */
export const MLCONNECTOR_MODEL_WRITES = ['registerModel'] as const;

/** The contract's write ops on deployments (capability `writes` of kind deployment). */
export const MLCONNECTOR_DEPLOYMENT_WRITES = ['createDeployment', 'deleteDeployment', 'predict'] as const;

export async function applyWrite(source: MLConnectorSource, req: WriteRequest): Promise<WriteResponse> {
  switch (req.op) {
    case 'registerModel':
      return registerModel(source, req);
    case 'createDeployment': {
      const placement = isPlacement(req.placement) ? req.placement : undefined;
      const res = await createDeployment(source, {
        modelId: req.modelId,
        ...(req.name !== undefined ? { name: req.name } : {}),
        ...(placement ? { placement } : {}),
        ...(req.idempotencyKey !== undefined ? { idempotencyKey: req.idempotencyKey } : {}),
      });
      return { id: res.id };
    }
    case 'deleteDeployment':
      return { id: (await deleteDeployment(source, { id: req.id })).id };
    case 'predict': {
      if (typeof req.data !== 'object' || req.data === null || Array.isArray(req.data)) {
        throw switchyardError('BAD_USER_INPUT', '"data" must be one row: an object of feature name → value.', { source: req.instance, id: req.deploymentId });
      }
      const res = await predict(source, { deploymentId: req.deploymentId, data: req.data as Record<string, unknown>, explain: req.explain });
      return { id: req.deploymentId, prediction: res.result, explanation: res.explanation };
    }
    default:
      throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `MLConnector does not support ${req.op}.`, { source: req.instance });
  }
}

/** Placement as the unified mutation passes it (JSON): `{clusterId?, node?, continuum?}` with string values. */
function isPlacement(v: unknown): v is PlacementInput {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v as Record<string, unknown>).every((x) => x === null || typeof x === 'string');
}
