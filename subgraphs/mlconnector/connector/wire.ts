/**
 * MLConnector's wire shapes (reference/mlconnector.md §4, fixtures openapi.json), as the real server
 * (FastAPI 0.110.3 + pydantic 2.11) sends and accepts them. Field names are upstream's, unchanged.
 */

export interface HyperparameterWire { readonly parameter?: string | null; readonly value?: number | null }
/** `threshold` is an int upstream (a float is a 422); these are thresholds, not metrics (DESIGN §4). */
export interface ModelPerformanceWire { readonly metric?: string | null; readonly order?: number | null; readonly threshold?: number | null }
export interface ResourceWire { readonly resource_name?: string | null; readonly value?: number | null; readonly deploy?: string | null }
/** `kind` 0 = input feature, 1 = target. `type` is `cont` or `cat`. */
export interface FeatureWire { readonly feature_name?: string | null; readonly type?: string | null; readonly kind?: number | null; readonly units?: number | null }
export interface InferenceWire { readonly type?: string | null; readonly value: string | null }
/** `is_true` 1 = on; `method` 0 mean-shift, 1 FourierMMD, 2 Kolmogorov-Smirnov. */
export interface DriftDetectionWire { readonly is_true?: number; readonly method?: number }

/** `MLModelCreate`: `drift_detection` must be present (may be null); `trainingresource` may not be null. */
export interface MLModelCreateWire {
  readonly modelname: string;
  readonly modelkind: string;
  readonly hyperparameter?: readonly HyperparameterWire[] | null;
  readonly modelperformance?: readonly ModelPerformanceWire[] | null;
  readonly trainingresource?: readonly ResourceWire[];
  readonly runresource?: readonly ResourceWire[] | null;
  readonly featurelist?: readonly FeatureWire[] | null;
  readonly inference?: readonly InferenceWire[] | null;
  readonly modeltags?: readonly string[] | null;
  readonly drift_detection: readonly DriftDetectionWire[] | null;
}

/** `MLModel`: the create fields plus the uuid4 `modelid`. No timestamps exist upstream. */
export interface MLModelWire extends MLModelCreateWire {
  readonly modelid: string;
}

export type FileKind = 'model' | 'data' | 'code' | 'env';
export const FILE_KINDS: readonly FileKind[] = ['model', 'data', 'code', 'env'];

/** The upload's answer; `filename` is rewritten to `<modelid><ext>`. */
export interface FileSchemaWire { readonly modelid: string; readonly filekind: string; readonly filename: string; readonly contenttype: string }

/** `continuum` is a string in `real` (a boolean is a 422); `"*"` means any. */
export interface PlacementWire { readonly clusterID?: string | null; readonly node?: string | null; readonly continuum?: string | null }

/** `deployment_id` must be present: `""` asks the server for a uuid4, null is a 500. */
export interface MLDeploymentCreateWire {
  readonly modelid: string;
  readonly ownerid: string;
  readonly placement: PlacementWire;
  readonly deployment_id: string;
  /** 0: feature values in the predict body; 1: a link to a CSV. */
  readonly inference_data: number;
}

export interface MLDeploymentReturnWire {
  readonly modelid: string;
  readonly ownerid: string;
  readonly placement: PlacementWire;
  readonly deployment_id: string;
  /** `waiting` on create. */
  readonly status: string;
}

/** One inference operation; `data` and `result` are Python `str()` texts, not JSON. */
export interface MLDeploymentOposWire {
  readonly ownerid: string;
  readonly deploymentid: string;
  readonly modelid: string;
  readonly data: string;
  readonly result: string;
  /** ISO-8601 with `Z`. */
  readonly timestamp: string;
  readonly operationid: string;
}

/** GET /deployment/get/status/{id}: `str()` of Northbound's `{"Model ": id, "status": "<repr>"}`. */
export interface DeploymentStatusWire { readonly response: string }

/** GET /deployment/all: Northbound's list, each value a Python-repr status (or a plain state string). */
export type DeploymentAllWire = { readonly System_status: Readonly<Record<string, string>> } | { readonly status: string };

/** The inference container's POST /prediction answer (errors come back as 200 `{error}`). */
export interface PredictionWire { readonly inference?: string; readonly url?: string; readonly error?: string; readonly explanation?: unknown }

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
