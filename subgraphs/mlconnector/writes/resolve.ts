/** Decoding the ids a write names: global ids of this subgraph's instances, of one kind. */
import { decodeId, type InstanceMap } from '../../shared/ids.js';
import { switchyardError } from '../../shared/errors.js';
import type { MLConnectorInstance, MLConnectorSource } from '../source.js';

export function instanceMap(source: MLConnectorSource): InstanceMap {
  return new Map(source.instances.map((i) => [i.name, 'MLCONNECTOR'] as const));
}

/** The instance and native id of a global id of `kind`; BAD_USER_INPUT for anything else. */
export function resolveId(source: MLConnectorSource, id: string, kind: 'model' | 'deployment'): { readonly instance: MLConnectorInstance; readonly native: string } {
  const decoded = decodeId(id, instanceMap(source));
  const native = decoded.native[0];
  if (decoded.kind !== kind || native === undefined) throw switchyardError('BAD_USER_INPUT', `Expected an MLConnector ${kind} id, got a ${decoded.kind} id.`, { id });
  return { instance: source.instance(decoded.instance), native };
}
