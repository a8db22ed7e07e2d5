/**
 * An MLConnector `MLModel` → the unified Model, pure (DESIGN §4). No timestamps, versions or stages
 * exist upstream; `modelperformance` are thresholds, not metrics; the tags are `modeltags`.
 */
import type { ModelRow, Parameter } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import { isRecord } from '../connector/wire.js';
import { modelId } from './ids.js';

export interface ThresholdValue { readonly metric: string | null; readonly order: number | null; readonly threshold: number | null }
export interface ResourceValue { readonly name: string | null; readonly value: number | null; readonly deploy: string | null }
export interface FeatureValue { readonly name: string | null; readonly type: string | null; readonly role: 'INPUT' | 'TARGET' | null; readonly kind: number | null; readonly units: number | null }
export interface InferenceSpecValue { readonly type: string | null; readonly value: string | null }
export interface DriftDetectionValue { readonly enabled: boolean; readonly method: string | null; readonly methodCode: number | null }

export interface MLConnectorModelView extends ModelRow {
  readonly __typename: 'MLConnectorModel';
  readonly raw: unknown;
  readonly modelId: string;
  readonly kind: string | null;
  readonly hyperparameters: readonly Parameter[];
  readonly thresholds: readonly ThresholdValue[];
  readonly trainingResources: readonly ResourceValue[] | null;
  readonly runResources: readonly ResourceValue[] | null;
  readonly features: readonly FeatureValue[];
  readonly inference: readonly InferenceSpecValue[];
  readonly driftDetection: readonly DriftDetectionValue[] | null;
}

const DRIFT_METHODS: Readonly<Record<number, string>> = { 0: 'mean-shift', 1: 'FourierMMD', 2: 'Kolmogorov-Smirnov' };

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function items(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
function itemsOrNull(value: unknown): Record<string, unknown>[] | null {
  return Array.isArray(value) ? value.filter(isRecord) : null;
}

const resource = (r: Record<string, unknown>): ResourceValue => ({ name: text(r['resource_name']), value: int(r['value']), deploy: text(r['deploy']) });

/** null when the object carries no `modelid` (not an MLModel). */
export function mapModel(model: unknown, instance: string): MLConnectorModelView | null {
  if (!isRecord(model)) return null;
  const id = text(model['modelid']);
  if (!id) return null;
  const tags = Array.isArray(model['modeltags']) ? model['modeltags'].filter((t): t is string => typeof t === 'string') : null;
  return {
    __typename: 'MLConnectorModel',
    id: modelId(instance, id),
    origin: { source: instance, kind: 'MLCONNECTOR', nativeId: id, url: null },
    name: text(model['modelname']) ?? id,
    project: null,
    createdAt: null,
    version: null,
    framework: null,
    stages: null,
    tags,
    uri: null,
    metrics: null,
    raw: capRaw(model),
    modelId: id,
    kind: text(model['modelkind']),
    hyperparameters: items(model['hyperparameter']).flatMap((h) => {
      const name = text(h['parameter']);
      return name === null ? [] : [{ section: null, name, value: h['value'] === null || h['value'] === undefined ? null : String(h['value']) }];
    }),
    thresholds: items(model['modelperformance']).map((p) => ({ metric: text(p['metric']), order: int(p['order']), threshold: int(p['threshold']) })),
    trainingResources: itemsOrNull(model['trainingresource'])?.map(resource) ?? null,
    runResources: itemsOrNull(model['runresource'])?.map(resource) ?? null,
    features: items(model['featurelist']).map((f) => {
      const kind = int(f['kind']);
      return { name: text(f['feature_name']), type: text(f['type']), role: kind === 0 ? 'INPUT' : kind === 1 ? 'TARGET' : null, kind, units: int(f['units']) };
    }),
    inference: items(model['inference']).map((i) => ({ type: text(i['type']), value: text(i['value']) })),
    driftDetection:
      itemsOrNull(model['drift_detection'])?.map((d) => {
        const method = int(d['method']);
        return { enabled: d['is_true'] === 1, methodCode: method, method: method === null ? null : (DRIFT_METHODS[method] ?? null) };
      }) ?? null,
  };
}
