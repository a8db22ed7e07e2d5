/**
 * The emulator's state: MLConnector's own tables (mlmodels, mlmodelfiles, mldeployments, mldeploymentsops) and,
 * separately, what the Northbound API / agents know about each deployment (Redis `endpoint_hash`), whose status
 * advances on the injected clock. DELETE /deployment only removes the MLConnector row, as upstream.
 */
import type { Clock } from '../shared/index.js';
import type { JsonObject } from './fastapi.js';
import type { FileKind } from './schemas.js';

/** An `MLModel` as stored (all MLModelCreate fields, in order, then `modelid`). */
export type ModelRec = JsonObject & { modelid: string; modelname: string; modelkind: string };

export interface FileRec {
  readonly fileid: string;
  readonly modelid: string;
  readonly filekind: FileKind;
  /** `<modelid><original extension>`, also the S3 key. */
  readonly filename: string;
  readonly contenttype: string;
  readonly size: number;
}

export interface PlacementRec {
  readonly clusterID: string | null;
  readonly node: string | null;
  readonly continuum: string | null;
}

/** An `mldeployments` row. `status` is "waiting" until a GET status copies Northbound's value in. */
export interface DeploymentRec {
  readonly deployment_id: string;
  readonly modelid: string;
  readonly ownerid: string;
  readonly placement: PlacementRec;
  readonly inference_data: number;
  status: string;
}

/** What Northbound knows: when the deployment was queued and whether it will fail. */
export interface NorthboundRec {
  readonly deployment_id: string;
  readonly modelid: string;
  readonly ownerid: string;
  readonly inferenceData: number;
  readonly createdAt: number;
  readonly willFail: boolean;
  /** `<clusterIP>:8000`, illustrative. */
  readonly localEndpoint: string;
}

export interface OperationRec {
  readonly ownerid: string;
  readonly deploymentid: string;
  readonly modelid: string;
  readonly data: string;
  readonly result: string;
  /** pydantic JSON of the UTC timestamp. */
  readonly timestamp: string;
  readonly operationid: string;
}

/** An `mltraining` row: status stays "waiting" (upstream never updates it). */
export interface TrainingRec {
  readonly modelid: string;
  readonly placement: { readonly clusterID: string | null; readonly node: string | null; readonly continuum: boolean };
  readonly deployment_id: string;
  readonly status: string;
}

/** Lifecycle timings on the injected clock (ms after POST /deployment/add). */
export const MLCONNECTOR_LIFECYCLE = {
  /** `pending` → `under_deployment`. */
  underDeploymentAfterMs: 5_000,
  /** `under_deployment` → `deployed` (or `Deployment_Failed`). */
  deployedAfterMs: 30_000,
} as const;

/** Clusters the emulated continuum has; a placement naming another cluster ends in `Deployment_Failed`. */
export const MLCONNECTOR_CLUSTERS = ['UTH-Internal-testbed', 'UTH-Prod-testbed'] as const;

export type NorthboundState =
  | { readonly status: 'pending' | 'under_deployment'; readonly since: number }
  | { readonly status: 'deployed'; readonly since: number; readonly localEndpoint: string }
  | { readonly status: 'Deployment_Failed' };

export class MLConnectorStore {
  readonly models = new Map<string, ModelRec>();
  /** Keyed `<modelid>:<filekind>` (one row per kind; a re-upload replaces it). */
  readonly files = new Map<string, FileRec>();
  readonly deployments = new Map<string, DeploymentRec>();
  readonly northbound = new Map<string, NorthboundRec>();
  readonly operations: OperationRec[] = [];
  /** `mltraining` rows (documented fidelity only). */
  readonly trainings = new Map<string, TrainingRec>();

  constructor(readonly clock: Clock) {}

  filesOf(modelid: string): FileRec[] {
    return [...this.files.values()].filter((f) => f.modelid === modelid);
  }

  /** Northbound's state of a deployment at the clock's now. */
  stateOf(id: string): NorthboundState | undefined {
    const nb = this.northbound.get(id);
    if (!nb) return undefined;
    const age = this.clock.now() - nb.createdAt;
    if (age < MLCONNECTOR_LIFECYCLE.underDeploymentAfterMs) return { status: 'pending', since: nb.createdAt };
    if (age < MLCONNECTOR_LIFECYCLE.deployedAfterMs) return { status: 'under_deployment', since: nb.createdAt + MLCONNECTOR_LIFECYCLE.underDeploymentAfterMs };
    if (nb.willFail) return { status: 'Deployment_Failed' };
    return { status: 'deployed', since: nb.createdAt + MLCONNECTOR_LIFECYCLE.deployedAfterMs, localEndpoint: nb.localEndpoint };
  }
}

/** Read-only view for tests. */
export interface MLConnectorStoreView {
  readonly models: ReadonlyMap<string, Readonly<ModelRec>>;
  readonly files: ReadonlyMap<string, FileRec>;
  readonly deployments: ReadonlyMap<string, Readonly<DeploymentRec>>;
  readonly northbound: ReadonlyMap<string, NorthboundRec>;
  readonly operations: readonly OperationRec[];
  readonly trainings: ReadonlyMap<string, TrainingRec>;
  stateOf(id: string): NorthboundState | undefined;
}
