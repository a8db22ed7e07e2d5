/**
 * Experiment writes. `createTask` creates the experiment in the write workspace (Comet creates the
 * project with it), stores the idempotency key as the log-other `switchyard.idempotencyKey` and finds
 * it again with `POST /project/query` (archived and not) before creating. Metrics and parameters are
 * one call per value (Comet has no batch write in REST v2); a metric's points go in order, so Comet's
 * "current" value is the last one sent.
 */
import { errorCodeOf, switchyardError } from '../../shared/errors.js';
import type { Parameter, TaskStatus } from '../../shared/model.js';
import type { WriteMetricPoint, WriteResponse } from '../../shared/sourceContract.js';
import { isRecord } from '../connector/index.js';
import { groupBy } from '../decodeIds.js';
import type { CometInstance } from '../source.js';
import { afterCreate, freshExperiment, IDEMPOTENCY_OTHER, writeWorkspace } from './common.js';

export interface CreateTaskInput {
  readonly project: string;
  readonly name: string;
  readonly tags?: readonly string[] | undefined;
  readonly idempotencyKey?: string | undefined;
}

/** The new (or, for a repeated idempotency key, the earlier) experiment's key. */
export async function createTask(inst: CometInstance, input: CreateTaskInput, idOf: (key: string) => string): Promise<string> {
  const source = inst.config.name;
  if (input.name.trim() === '') throw switchyardError('BAD_USER_INPUT', 'A task name must not be empty.', { source });
  if (input.project.trim() === '') throw switchyardError('BAD_USER_INPUT', 'A project name must not be empty.', { source });
  if (input.idempotencyKey === '') throw switchyardError('BAD_USER_INPUT', 'An idempotencyKey must not be empty.', { source });
  const workspaceName = await writeWorkspace(inst);
  if (input.idempotencyKey !== undefined) {
    const earlier = await findByIdempotencyKey(inst, workspaceName, input.project, input.idempotencyKey);
    if (earlier) return earlier;
  }
  const created = await inst.connector.post('write/experiment/create', { workspaceName, projectName: input.project, experimentName: input.name }, 'write');
  const key = isRecord(created) ? created['experimentKey'] : undefined;
  if (typeof key !== 'string' || key === '') throw switchyardError('SOURCE_ERROR', `Source "${source}" answered write/experiment/create without an experimentKey.`, { source });
  const id = idOf(key);
  const { idempotencyKey, tags } = input;
  if (idempotencyKey !== undefined) {
    await afterCreate(inst, id, 'idempotency key', () => inst.connector.post('write/experiment/log-other', { experimentKey: key, key: IDEMPOTENCY_OTHER, value: idempotencyKey }, 'write', id));
  }
  if (tags && tags.length > 0) await afterCreate(inst, id, 'tags', () => inst.connector.post('write/experiment/tags', { experimentKey: key, addedTags: [...tags] }, 'write', id));
  return key;
}

/** The experiment of the project carrying the key as its log-other (archived ones included), if any. */
async function findByIdempotencyKey(inst: CometInstance, workspaceName: string, projectName: string, key: string): Promise<string | undefined> {
  const rule = { id: IDEMPOTENCY_OTHER, field: IDEMPOTENCY_OTHER, type: 'string', operator: 'equal', value: key };
  const predicates = [{ source: 'log_other', query: { condition: 'AND', rules: [rule], valid: true } }];
  for (const archived of [false, true]) {
    let body: unknown;
    try {
      body = await inst.connector.post('project/query', { workspaceName, projectName, predicates, archived }, 'read');
    } catch (err) {
      // No such project (yet): nothing was created with this key.
      if (errorCodeOf(err) === 'NOT_FOUND') return undefined;
      throw err;
    }
    const keys = isRecord(body) && Array.isArray(body['experimentKeys']) ? body['experimentKeys'] : [];
    const found = keys.find((k): k is string => typeof k === 'string' && k !== '');
    if (found) return found;
  }
  return undefined;
}

function pointProblem(p: WriteMetricPoint): string | undefined {
  if (p.name === '') return 'metric name is empty';
  if (!Number.isFinite(p.value)) return 'value is not a finite number';
  if (p.step !== null && !Number.isSafeInteger(p.step)) return 'step is not a safe integer';
  return undefined;
}

/**
 * One `write/experiment/metric` per point, in order per metric and context (contexts in parallel,
 * eight calls in flight). A point Comet refuses (400, 429) is reported by position; any other failure
 * stops the rest (reported as not sent), and is thrown when nothing was stored. Comet throttles
 * silently (200, data dropped, `throttle: true`): when the experiment became throttled during the call,
 * one rejection at index -1 says so, as Comet does not say which points it dropped.
 */
export async function logMetrics(inst: CometInstance, key: string, id: string, points: readonly WriteMetricPoint[], nowMs: number): Promise<WriteResponse> {
  const throttledBefore = (await freshExperiment(inst, key, id))['throttle'] === true;
  const rejected: { index: number; reason: string }[] = [];
  const valid: { index: number; p: WriteMetricPoint }[] = [];
  points.forEach((p, index) => {
    const problem = pointProblem(p);
    if (problem) rejected.push({ index, reason: problem });
    else valid.push({ index, p });
  });
  let accepted = 0;
  let fatal: unknown;
  await inst.connector.each([...groupBy(valid, (v) => JSON.stringify([v.p.name, v.p.variant])).values()], async (group) => {
    for (const { index, p } of group) {
      if (fatal !== undefined) {
        rejected.push({ index, reason: 'not sent: an earlier point failed' });
        continue;
      }
      const body = { experimentKey: key, metricName: p.name, metricValue: p.value, timestamp: p.timestamp ?? nowMs, ...(p.step !== null ? { step: p.step } : {}), ...(p.variant !== null ? { context: p.variant } : {}) };
      try {
        await inst.connector.post('write/experiment/metric', body, 'write', id);
        accepted += 1;
      } catch (err) {
        const code = errorCodeOf(err);
        if (code !== 'BAD_USER_INPUT' && code !== 'RATE_LIMITED') fatal = err;
        rejected.push({ index, reason: err instanceof Error ? err.message : 'Comet refused the point' });
      }
    }
  });
  if (fatal !== undefined && accepted === 0) throw fatal;
  if (!throttledBefore && accepted > 0 && (await freshExperiment(inst, key, id))['throttle'] === true) {
    rejected.push({ index: -1, reason: 'Comet throttled the experiment: points beyond its per-minute budget were dropped (Comet does not say which)' });
  }
  return { id, accepted, rejected: rejected.sort((a, b) => a.index - b.index) };
}

/** Comet parameters have no sections: a sectioned parameter is written as `<section>/<name>`. */
export async function logParameters(inst: CometInstance, key: string, id: string, parameters: readonly Parameter[], nowMs: number): Promise<void> {
  for (const p of parameters) {
    if (p.name === '') throw switchyardError('BAD_USER_INPUT', 'A parameter name must not be empty.', { source: inst.config.name, id });
  }
  for (const p of parameters) {
    const parameterName = p.section ? `${p.section}/${p.name}` : p.name;
    await inst.connector.post('write/experiment/parameter', { experimentKey: key, parameterName, parameterValue: p.value ?? '', timestamp: nowMs }, 'write', id);
  }
}

/** Comet can only stop an experiment; its other states follow from what the run reports. */
export async function setTaskStatus(inst: CometInstance, key: string, id: string, status: TaskStatus): Promise<void> {
  if (status === 'UNKNOWN') throw switchyardError('BAD_USER_INPUT', 'A task cannot be set to UNKNOWN.', { source: inst.config.name, id });
  if (status !== 'STOPPED') {
    throw switchyardError('NOT_SUPPORTED_BY_SOURCE', `Comet cannot set an experiment to ${status}: it can only stop one (STOPPED).`, { source: inst.config.name, id });
  }
  await inst.connector.get('write/experiment/stop', { experimentKey: key }, 'write', id);
}

export async function setTaskArchived(inst: CometInstance, key: string, id: string, archived: boolean): Promise<void> {
  await inst.connector.get(archived ? 'write/experiment/archive' : 'write/experiment/restore', { experimentKey: key }, 'write', id);
}

export async function addExperimentTags(inst: CometInstance, key: string, id: string, tags: readonly string[]): Promise<void> {
  await inst.connector.post('write/experiment/tags', { experimentKey: key, addedTags: [...tags] }, 'write', id);
}
