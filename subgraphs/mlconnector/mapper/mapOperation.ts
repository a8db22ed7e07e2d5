/** An inference operation (`MLDeploymentOposReturn`) → MLConnectorOperation (a Node), pure. */
import { capRaw } from '../../shared/raw.js';
import { isRecord } from '../connector/wire.js';
import { deploymentId, modelId, operationId } from './ids.js';

export interface MLConnectorOperationView {
  readonly __typename: 'MLConnectorOperation';
  readonly id: string;
  readonly operationId: string;
  /** Python `str()` of the input row, as upstream stores it. */
  readonly data: string | null;
  /** Python `str()` of the prediction array. */
  readonly result: string | null;
  /** ISO-8601 UTC with milliseconds. */
  readonly timestamp: string | null;
  readonly owner: string | null;
  readonly deploymentNativeId: string | null;
  readonly deploymentGlobalId: string | null;
  readonly modelNativeId: string | null;
  readonly modelGlobalId: string | null;
  readonly raw: unknown;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function isoTimestamp(value: unknown): string | null {
  const t = text(value);
  if (!t) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t);
  const date = new Date(hasZone ? t : `${t}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function mapOperation(op: unknown, instance: string): MLConnectorOperationView | null {
  if (!isRecord(op)) return null;
  const id = text(op['operationid']);
  if (!id) return null;
  const dep = text(op['deploymentid']);
  const model = text(op['modelid']);
  return {
    __typename: 'MLConnectorOperation',
    id: operationId(instance, id),
    operationId: id,
    data: text(op['data']),
    result: text(op['result']),
    timestamp: isoTimestamp(op['timestamp']),
    owner: text(op['ownerid']),
    deploymentNativeId: dep,
    deploymentGlobalId: dep ? deploymentId(instance, dep) : null,
    modelNativeId: model,
    modelGlobalId: model ? modelId(instance, model) : null,
    raw: capRaw(op),
  };
}
