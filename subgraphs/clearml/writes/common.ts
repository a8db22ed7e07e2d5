/** What every ClearML write needs: the target's native id, projects by name, idempotency look-ups. */
import { errorCodeOf, switchyardError } from '../../shared/errors.js';
import { decodeId, type InstanceMap } from '../../shared/ids.js';
import { clearmlError, isModelWire, isRecord, isTaskWire, listOf } from '../connector/index.js';
import { idempotencyTag } from '../mapper/index.js';
import type { ClearMLInstance } from '../source.js';

/** The native id of `id`, which must name an object of `kind` on this instance. */
export function nativeOf(inst: ClearMLInstance, instances: InstanceMap, id: string, kind: string): string {
  const decoded = decodeId(id, instances);
  if (decoded.instance !== inst.config.name || decoded.kind !== kind) {
    throw switchyardError('BAD_USER_INPUT', `"${id}" is not a ClearML ${kind} of source "${inst.config.name}".`, { source: inst.config.name, id });
  }
  return decoded.native[0] ?? '';
}

/** The project's id by exact name, created when missing (a concurrent create is found on re-read). */
export async function ensureProject(inst: ClearMLInstance, name: string): Promise<string> {
  if (name.trim() === '') throw switchyardError('BAD_USER_INPUT', 'A project name must not be empty.', { source: inst.config.name });
  const known = (await inst.projectIndex()).byName.get(name) ?? (await inst.projectIndex(true)).byName.get(name);
  if (known) return known;
  try {
    return idOf(await inst.connector.call('projects.create', { name }, 'write'), inst, 'projects.create');
  } catch (err) {
    const raced = errorCodeOf(err) === 'CONFLICT' ? (await inst.projectIndex(true)).byName.get(name) : undefined;
    if (raced) return raced;
    throw err;
  }
}

/** The object an earlier write with this idempotency key created (stored as a system tag), if any. */
export async function findByIdempotencyKey(inst: ClearMLInstance, endpoint: 'tasks.get_all' | 'models.get_all', key: string | undefined): Promise<string | undefined> {
  if (key === undefined) return undefined;
  if (key === '') throw switchyardError('BAD_USER_INPUT', 'An idempotencyKey must not be empty.', { source: inst.config.name });
  const tasks = endpoint === 'tasks.get_all';
  const query = { system_tags: [idempotencyTag(key)], only_fields: ['id'], page: 0, page_size: 1, ...(tasks ? { search_hidden: true } : {}) };
  const data = await inst.connector.call(endpoint, query, 'read');
  return (tasks ? listOf(data, 'tasks', isTaskWire) : listOf(data, 'models', isModelWire))[0]?.id;
}

/** `data.id` of a create. */
export function idOf(data: unknown, inst: ClearMLInstance, endpoint: string): string {
  const id = isRecord(data) ? data['id'] : undefined;
  if (typeof id !== 'string') throw switchyardError('SOURCE_ERROR', `Source "${inst.config.name}" answered ${endpoint} without an id.`, { source: inst.config.name });
  return id;
}

/**
 * A `*_many` answer (`{succeeded, failed: [{id, error: {codes: [code, subcode]}}]}`): the first failure
 * becomes the registry error its code pair maps to, as a single call's envelope would.
 */
export function throwIfFailed(data: unknown, inst: ClearMLInstance, endpoint: string, id: string): void {
  const failed = isRecord(data) && Array.isArray(data['failed']) ? data['failed'].filter(isRecord) : [];
  const error = failed[0]?.['error'];
  if (failed.length === 0) return;
  const codes = isRecord(error) && Array.isArray(error['codes']) ? error['codes'] : [];
  const [code, subcode] = [Number(codes[0] ?? 500), Number(codes[1] ?? 0)];
  throw clearmlError(inst.config.name, { meta: { result_code: code, result_subcode: subcode }, data: null }, endpoint, id);
}
