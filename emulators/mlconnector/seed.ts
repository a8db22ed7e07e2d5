/**
 * The demo seed: two models, their files, one deployment in `deployed` state with one inference operation.
 *
 * * `fraud-classifier` (classification) is the MLConnector side of the demo story (emulators/shared/demoStory.ts):
 *   the ClearML task `train-xgb-052`'s model registered here, tagged `fraud` and with link tags naming that ClearML
 *   task and model (`clearml:task:<id>`, `clearml:model:<id>`), so Switchyard stitches lineage to it.
 * * `GradientBoostingRegressor` (Regressor) is upstream's README example (download-time regressor), with the
 *   `drift_detection` key the real server requires.
 *
 * Timestamps are relative to the clock's now at seed time, so a ManualClock gives a deterministic seed.
 */
import { MLCONNECTOR_LIFECYCLE, type DeploymentRec, type FileRec, type MLConnectorStore, type ModelRec, type NorthboundRec, type OperationRec } from './store.js';
import { dataRepr, numpyArray, predictValue } from './inference.js';
import { pydanticDatetime } from './fastapi.js';
import { demoStory } from '../shared/index.js';

export const SEED_FRAUD_MODEL_ID = '5f0c7a3e-1d2b-4c8e-9a6f-3b1e2d4c5a60';
export const SEED_REGRESSOR_MODEL_ID = '8e2d4b6a-3c5f-4e7a-b1d9-0f2a4c6e8b13';
export const SEED_DEPLOYMENT_ID = 'c41f9e2a-6b3d-4a5e-8f70-1d2c3b4a5e69';
export const SEED_OPERATION_ID = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
export const SEED_OWNER_ID = 'agent-1';

export interface MLConnectorSeed {
  readonly models: readonly ModelRec[];
  readonly files: readonly FileRec[];
  readonly deployments: readonly DeploymentRec[];
  readonly northbound: readonly NorthboundRec[];
  readonly operations: readonly OperationRec[];
}

const fraudModel = (): ModelRec => ({
  modelname: 'fraud-classifier',
  modelkind: 'classification',
  hyperparameter: [
    { parameter: 'n_estimators', value: 200 },
    { parameter: 'max_depth', value: 6 },
  ],
  modelperformance: [{ metric: 'F1', order: 1, threshold: 0 }],
  trainingresource: [{ resource_name: 'CPU', value: 4, deploy: 'any' }],
  runresource: [{ resource_name: 'CPU', value: 1, deploy: 'any' }],
  featurelist: [
    { feature_name: 'amount', type: 'cont', kind: 0, units: 0 },
    { feature_name: 'merchant_category', type: 'cat', kind: 0, units: 0 },
    { feature_name: 'hour', type: 'cont', kind: 0, units: 0 },
    { feature_name: 'is_fraud', type: 'cat', kind: 1, units: 0 },
  ],
  inference: [{ type: 'data', value: null }],
  modeltags: ['fraud', demoStory.DEMO_LINK_CLEARML_TASK, demoStory.DEMO_LINK_CLEARML_MODEL],
  drift_detection: [{ is_true: 1, method: 0 }],
  modelid: SEED_FRAUD_MODEL_ID,
});

const regressorModel = (): ModelRec => ({
  modelname: 'GradientBoostingRegressor',
  modelkind: 'Regressor',
  hyperparameter: [{ parameter: 'max_depth', value: 5 }],
  modelperformance: [{ metric: 'F1', order: 1, threshold: 0 }],
  trainingresource: [{ resource_name: 'GPU', value: 16, deploy: 'any' }],
  runresource: [{ resource_name: 'GPU', value: 16, deploy: 'any' }],
  featurelist: [
    { feature_name: 'size', type: 'cont', kind: 0, units: 0 },
    { feature_name: 'time_of_day', type: 'cat', kind: 0, units: 0 },
    { feature_name: 'download_time_ms', type: 'cont', kind: 1, units: 0 },
  ],
  inference: [{ type: 'data', value: null }],
  modeltags: ['regression', 'fast'],
  drift_detection: [{ is_true: 0, method: 0 }],
  modelid: SEED_REGRESSOR_MODEL_ID,
});

/** The seed at `now`: the deployment was queued an hour ago (so it is `deployed`), its operation 10 minutes ago. */
export function buildMLConnectorSeed(now: number = Date.now()): MLConnectorSeed {
  const fraud = fraudModel();
  const createdAt = now - 3_600_000;
  const input = { amount: 129.99, merchant_category: 'electronics', hour: 23 };
  const file = (modelid: string, filekind: FileRec['filekind'], ext: string, contenttype: string, size: number, fileid: string): FileRec => ({ fileid, modelid, filekind, filename: `${modelid}${ext}`, contenttype, size });
  return {
    models: [fraud, regressorModel()],
    files: [
      file(SEED_FRAUD_MODEL_ID, 'model', '.pkl', 'application/octet-stream', 48_213, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
      file(SEED_FRAUD_MODEL_ID, 'data', '.csv', 'text/csv', 1_204_331, '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e'),
      file(SEED_REGRESSOR_MODEL_ID, 'model', '.pkl', 'application/octet-stream', 22_017, '2c3d4e5f-6a7b-4c8d-8e9f-1a2b3c4d5e6f'),
    ],
    deployments: [
      { deployment_id: SEED_DEPLOYMENT_ID, modelid: SEED_FRAUD_MODEL_ID, ownerid: SEED_OWNER_ID, placement: { clusterID: 'UTH-Internal-testbed', node: '*', continuum: 'Edge' }, inference_data: 0, status: 'deployed' },
    ],
    northbound: [
      { deployment_id: SEED_DEPLOYMENT_ID, modelid: SEED_FRAUD_MODEL_ID, ownerid: SEED_OWNER_ID, inferenceData: 0, createdAt, willFail: false, localEndpoint: '10.43.12.7:8000' },
    ],
    operations: [
      {
        ownerid: SEED_OWNER_ID,
        deploymentid: SEED_DEPLOYMENT_ID,
        modelid: SEED_FRAUD_MODEL_ID,
        data: dataRepr(fraud, input),
        result: numpyArray(predictValue(fraud, input)),
        timestamp: pydanticDatetime(createdAt + MLCONNECTOR_LIFECYCLE.deployedAfterMs + 50 * 60_000),
        operationid: SEED_OPERATION_ID,
      },
    ],
  };
}

export function applyMLConnectorSeed(store: MLConnectorStore, seed: MLConnectorSeed): void {
  for (const m of seed.models) store.models.set(m.modelid, structuredClone(m));
  for (const f of seed.files) store.files.set(`${f.modelid}:${f.filekind}`, f);
  for (const d of seed.deployments) store.deployments.set(d.deployment_id, { ...d });
  for (const n of seed.northbound) store.northbound.set(n.deployment_id, n);
  store.operations.push(...seed.operations);
}
