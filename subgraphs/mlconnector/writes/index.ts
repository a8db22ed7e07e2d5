import { switchyardError } from '../../shared/errors.js';
import type { WriteRequest, WriteResponse } from '../../shared/sourceContract.js';
import type { MLConnectorSource } from '../source.js';
import { registerModel } from './registerModel.js';

export { createDeployment, deleteDeployment, predict, type CreateDeploymentInput, type CreateDeploymentResult, type PlacementInput, type PredictInput, type PredictResult } from './deployments.js';
export { registerModel, registerModelBody } from './registerModel.js';

/** The contract's write ops MLConnector has (capability `writes` of kind model). */
export const MLCONNECTOR_MODEL_WRITES = ['registerModel'] as const;

export async function applyWrite(source: MLConnectorSource, req: WriteRequest): Promise<WriteResponse> {
  if (req.op === 'registerModel') return registerModel(source, req);
  throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `MLConnector does not support ${req.op}.`, { source: req.instance });
}
