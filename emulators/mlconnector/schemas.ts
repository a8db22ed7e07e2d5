/** The request schemas of mlconnector/src/schema/*.py as validator specs (reference §4). */
import type { FieldSpec, Spec } from './fastapi.js';

const str: Spec = { kind: 'str' };
const int: Spec = { kind: 'int' };
const list = (item: Spec): Spec => ({ kind: 'list', item });
const obj = (name: string, fields: readonly FieldSpec[]): Extract<Spec, { kind: 'obj' }> => ({ kind: 'obj', name, fields });
/** `x: T = None` (non-Optional with a None default): may be omitted, explicit null rejected. */
const optStrict = (name: string, spec: Spec): FieldSpec => ({ name, spec, presence: 'opt', nullable: false });
/** `x: Optional[T] = None`. */
const opt = (name: string, spec: Spec, fallback: FieldSpec['fallback'] = null): FieldSpec => ({ name, spec, presence: 'opt', nullable: true, fallback });
/** `x: T = Field(...)`. */
const req = (name: string, spec: Spec): FieldSpec => ({ name, spec, presence: 'req', nullable: false });
/** `x: Optional[T] = Field(...)`: key required, null allowed. */
const reqNullable = (name: string, spec: Spec): FieldSpec => ({ name, spec, presence: 'reqNullable', nullable: true });

export const Hyperparameter = obj('Hyperparameter', [optStrict('parameter', str), optStrict('value', int)]);
export const ModelPerformance = obj('ModelPerformance', [opt('metric', str), opt('order', int), opt('threshold', int)]);
const resource = (name: string) => obj(name, [opt('resource_name', str), opt('value', int), opt('deploy', str)]);
export const FeatureList = obj('FeatureList', [opt('feature_name', str), opt('type', str), opt('kind', int), opt('units', int)]);
export const Inference = obj('Inference', [opt('type', str), reqNullable('value', str)]);
export const DriftDetection = obj('DriftDetection', [
  { name: 'is_true', spec: int, presence: 'opt', nullable: false, fallback: 0 },
  { name: 'method', spec: int, presence: 'opt', nullable: false, fallback: 0 },
]);

export const MLModelCreate = obj('MLModelCreate', [
  req('modelname', str),
  req('modelkind', str),
  opt('hyperparameter', list(Hyperparameter)),
  opt('modelperformance', list(ModelPerformance)),
  optStrict('trainingresource', list(resource('TrainingResource'))),
  opt('runresource', list(resource('RunResource'))),
  opt('featurelist', list(FeatureList)),
  opt('inference', list(Inference)),
  opt('modeltags', list(str)),
  reqNullable('drift_detection', list(DriftDetection)),
]);

export const Placement = obj('Placement', [opt('clusterID', str), opt('node', str), opt('continuum', str)]);
export const MLDeploymentCreate = obj('MLDeploymentCreate', [
  req('modelid', str),
  req('ownerid', str),
  req('placement', Placement),
  reqNullable('deployment_id', str),
  req('inference_data', int),
]);

export const MLDeploymentOposCreate = obj('MLDeploymentOposCreate', [
  req('ownerid', str),
  req('deploymentid', str),
  req('modelid', str),
  req('data', str),
  req('result', str),
  opt('timestamp', { kind: 'datetime' }),
]);

/** `documented` fidelity: the API reference's boolean continuum and float thresholds are accepted too. */
export const FILE_KINDS = ['model', 'data', 'code', 'env'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
