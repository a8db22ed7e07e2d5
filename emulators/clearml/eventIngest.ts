/**
 * `EventBLL.add_events` for the in-memory store: validates each event, normalises it as the server
 * does (type spaces → `_`, `ts` → `timestamp`, defaults for timestamp/worker/metric/variant), stores
 * it (non-log events under the deterministic id md5("task-iter-metric-variant-key"), so re-sending
 * overwrites; log events always appended) and updates the owning task's statistics.
 * Used by `events.add_batch` and by the seed.
 */
import { createHash } from 'node:crypto';
import type { Json, JsonObject } from './json.js';
import { ScalarBatch } from './metrics.js';
import type { ClearMLStore } from './store.js';
import { apiError } from './errors.js';
import { formatDateTime, formatEsTimestamp, storedTime } from './time.js';

export const EVENT_TYPES = ['training_stats_scalar', 'training_stats_vector', 'training_debug_image', 'plot', 'log'] as const;
const LOCKED_STATUSES = ['publishing', 'published'];
const MAX_LONG = 2n ** 63n - 1n;

export interface IngestOptions {
  readonly nowMs: number;
  /** `X-ClearML-Worker` of the call (`<unknown>` when absent). */
  readonly worker: string;
  /** The caller (`last_changed_by` of the updated tasks). */
  readonly user: string;
}

/** The text `errors_info` counts events with an out-of-range iteration under. */
export const INVALID_ITERATION_ERROR = `Iteration number should not exceed ${String(2n ** 63n - 1n)}`;

export interface IngestResult {
  readonly added: number;
  /** Error text → count (`errors_info`). */
  readonly errors: Record<string, number>;
}

/** `EventBLL._get_event_id`: md5 of the present id fields joined with `-`. */
export function eventId(event: JsonObject): string {
  const parts = ['task', 'iter', 'metric', 'variant', 'key'].filter((f) => f in event).map((f) => pyStrScalar(event[f]));
  return createHash('md5').update(parts.join('-'), 'utf8').digest('hex');
}

function pyStrScalar(v: Json | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Add a batch of events; the caller decides what "nothing added" means (400/131). */
export function ingestEvents(store: ClearMLStore, raw: readonly JsonObject[], opts: IngestOptions): IngestResult {
  const errors: Record<string, number> = {};
  const fail = (msg: string): void => {
    errors[msg] = (errors[msg] ?? 0) + 1;
  };
  const events = raw.map((e) => structuredClone(e));
  const allowLocked = new Map<string, boolean>();
  const taskIds = new Set<string>();
  const modelIds = new Set<string>();
  for (const e of events) {
    const isModel = Boolean(e['model_event']);
    if (isModel) {
      const model = e['model'];
      delete e['model'];
      if (model !== undefined && model !== null) e['task'] = model;
    } else {
      e['model_event'] = false;
    }
    const id = e['task'];
    const allowed = Boolean(e['allow_locked']);
    delete e['allow_locked'];
    if (id === undefined || id === null || id === '' || id === 0 || id === false) continue;
    const key = String(id);
    (isModel ? modelIds : taskIds).add(key);
    const known = allowLocked.get(key);
    if (known === undefined) allowLocked.set(key, allowed);
    else if (known !== allowed) throw apiError(400, 12, `Inconsistent allow_locked setting in the passed events for ${key}`);
  }
  const inBoth = [...taskIds].filter((id) => modelIds.has(id));
  if (inBoth.length > 0) throw apiError(400, 12, 'Inconsistent model_event setting in the passed events', { tasks: inBoth });
  const isValidEntity = (id: string, model: boolean): boolean => {
    if (model) {
      const m = store.models.get(id);
      return m !== undefined && (allowLocked.get(id) === true || m['ready'] !== true);
    }
    const t = store.tasks.get(id);
    return t !== undefined && (allowLocked.get(id) === true || !LOCKED_STATUSES.includes(String(t['status'])));
  };
  const batches = new Map<string, { model: boolean; scalars: ScalarBatch; iterMax: number | undefined }>();
  let added = 0;
  for (const event of events) {
    const xAxisLabel = typeof event['x_axis_label'] === 'string' ? event['x_axis_label'] : undefined;
    delete event['x_axis_label'];
    const rawType = event['type'];
    if (rawType === undefined || rawType === null) {
      fail("Event must have a 'type' field");
      continue;
    }
    const type = String(rawType).replace(/ /g, '_');
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      fail(`Invalid event type ${type}`);
      continue;
    }
    const model = Boolean(event['model_event']);
    if (model && type === 'log') {
      fail('Task log events are not supported for models');
      continue;
    }
    const id = event['task'];
    if (id === undefined || id === null) {
      fail("Event must have a 'task' field");
      continue;
    }
    if (typeof id !== 'string' || !isValidEntity(id, model)) {
      fail(`Invalid ${model ? 'model' : 'task'} id ${String(id)}`);
      continue;
    }
    event['type'] = type;
    event['@timestamp'] = formatEsTimestamp(opts.nowMs);
    if ('ts' in event) {
      event['timestamp'] = event['ts'] ?? null;
      delete event['ts'];
    }
    if (!('timestamp' in event)) event['timestamp'] = opts.nowMs;
    if (!('worker' in event)) event['worker'] = opts.worker;
    const iterRaw = event['iter'];
    let iter: number | undefined;
    if (iterRaw !== undefined && iterRaw !== null) {
      iter = Math.trunc(Number(iterRaw));
      if (!Number.isFinite(iter) || BigInt(iter) > MAX_LONG || BigInt(iter) < -MAX_LONG - 1n) {
        fail(INVALID_ITERATION_ERROR);
        continue;
      }
      event['iter'] = iter;
    }
    if ('values' in event) {
      event['value'] = event['values'] ?? null;
      delete event['values'];
    }
    event['metric'] = typeof event['metric'] === 'string' ? event['metric'] : '';
    event['variant'] = typeof event['variant'] === 'string' ? event['variant'] : '';
    const bucket = store.eventsOf(id);
    if (type === 'log') bucket.logs.push(event);
    else bucket.keyed.set(eventId(event), event);
    added += 1;
    const batch = batches.get(id) ?? { model, scalars: new ScalarBatch(), iterMax: undefined };
    // `task_iteration` is a defaultdict(lambda: 0): the reported maximum is never below 0.
    if (iter !== undefined) batch.iterMax = Math.max(iter, batch.iterMax ?? 0);
    if (type === 'training_stats_scalar') batch.scalars.add(event, xAxisLabel);
    batches.set(id, batch);
  }
  const now = formatDateTime(opts.nowMs);
  for (const [id, batch] of batches) {
    const doc = batch.model ? store.models.get(id) : store.tasks.get(id);
    if (!doc) continue;
    doc['last_update'] = now;
    if (!batch.model) {
      // `TaskBLL.set_last_update`: the change is the caller's; a running task's active time moves on.
      const started = doc['started'];
      if (doc['status'] === 'in_progress' && typeof started === 'string') {
        doc['active_duration'] = Math.max(0, Math.floor((opts.nowMs - storedTime(started)) / 1000));
      }
      doc['last_change'] = now;
      doc['last_changed_by'] = opts.user;
    }
    if (batch.iterMax !== undefined) {
      const prev = doc['last_iteration'];
      doc['last_iteration'] = Math.max(typeof prev === 'number' ? prev : batch.iterMax, batch.iterMax);
    }
    if (batch.scalars.size > 0) batch.scalars.applyTo(doc);
  }
  return { added, errors };
}

/** Scalar events of a task (or model) in storage order. */
export function scalarEvents(store: ClearMLStore, id: string): JsonObject[] {
  const bucket = store.events.get(id);
  return bucket ? [...bucket.keyed.values()].filter((e) => e['type'] === 'training_stats_scalar') : [];
}

