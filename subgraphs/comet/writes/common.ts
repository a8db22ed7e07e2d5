/** What every Comet write needs: the target's native parts, the workspace to create in, fresh reads. */
import { errorCodeOf, switchyardError } from '../../shared/errors.js';
import { decodeId, type InstanceMap } from '../../shared/ids.js';
import { isExperimentWire, isRecord } from '../connector/index.js';
import type { CometInstance } from '../source.js';

/** The log-other key a created experiment carries its idempotency key under (DESIGN §7). */
export const IDEMPOTENCY_OTHER = 'switchyard.idempotencyKey';

/** The native parts of `id`, which must name an object of one of `kinds` on this instance. */
export function nativeOf(inst: CometInstance, instances: InstanceMap, id: string, kinds: readonly string[]): { kind: string; parts: readonly string[] } {
  const decoded = decodeId(id, instances);
  if (decoded.instance !== inst.config.name || !kinds.includes(decoded.kind)) {
    throw switchyardError('BAD_USER_INPUT', `"${id}" is not a Comet ${kinds.join(' or ')} of source "${inst.config.name}".`, { source: inst.config.name, id });
  }
  return { kind: decoded.kind, parts: decoded.native };
}

/** The experiment key of an experiment id of this instance. */
export function experimentKeyOf(inst: CometInstance, instances: InstanceMap, id: string): string {
  return nativeOf(inst, instances, id, ['experiment']).parts[0] ?? '';
}

/** Where Switchyard creates experiments: the first configured workspace, else the first the key sees, else the account's default. */
export async function writeWorkspace(inst: CometInstance): Promise<string> {
  const first = (await inst.workspaces())[0];
  if (first !== undefined) return first;
  const account = await inst.connector.get('account-details', {}, 'read');
  const name = isRecord(account) ? account['defaultWorkspaceName'] : undefined;
  if (typeof name === 'string' && name !== '') return name;
  throw switchyardError('SOURCE_ERROR', `Source "${inst.config.name}" names no workspace to create experiments in.`, { source: inst.config.name });
}

/** The experiment's metadata as Comet has it now (not from the cache: a write is about to depend on it). */
export async function freshExperiment(inst: CometInstance, key: string, id: string): Promise<Record<string, unknown>> {
  const body = await inst.readOrAbsent('experiment/metadata', key);
  if (!isExperimentWire(body)) throw switchyardError('NOT_FOUND', `Comet experiment ${key} does not exist.`, { source: inst.config.name, id });
  return body as unknown as Record<string, unknown>;
}

/**
 * Run a write that follows the one creating `id`: a failure names the object that exists by now, so the
 * caller knows what was written.
 */
export async function afterCreate<T>(inst: CometInstance, id: string, what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const code = errorCodeOf(err) ?? 'SOURCE_ERROR';
    throw switchyardError(code, `${id} was created, but Comet did not store its ${what}: ${err instanceof Error ? err.message : 'failed'}`, { source: inst.config.name, id });
  }
}
