/**
 * events.add_batch (json-lines, or a JSON array) and events.add for routed tasks: `training_stats_scalar`
 * events become logMetrics points (metric → name, variant, iter → step, value, timestamp). Everything the
 * Comet target cannot represent through the supergraph (console `log` lines, plots, vectors, debug images,
 * model events) and events of tasks that are not its experiments are counted in ClearML's own partial
 * answer `{added, errors, errors_info}`, `errors_info` mapping the reason to a count — never dropped
 * silently. Deliberate deviation: when nothing was added the answer stays 200 (ClearML says 400/131),
 * because the SDK sends console lines in batches of their own and would log an error for every flush.
 */
import type { RestResponse } from '../shared/types.js';
import { clearmlError, clearmlOk } from './envelope.js';
import { experimentId, failed, isTargetExperiment, type RoutedInput, run } from './routedTarget.js';

const LOG_METRICS = `mutation SwitchyardClearMLRoutedMetrics($taskId: ID!, $points: [MetricPointInput!]!) { logMetrics(taskId: $taskId, points: $points) { accepted rejected { index reason } } }`;

type Event = Record<string, unknown>;

interface Point {
  readonly name: string;
  readonly variant: string | null;
  readonly value: number;
  readonly step: number | null;
  readonly timestamp: string | null;
}

export async function routedEvents(endpoint: 'events.add' | 'events.add_batch', input: RoutedInput): Promise<RestResponse> {
  const events = endpoint === 'events.add' ? [input.params as Event] : parseBatch(input.req.body.toString('utf8'));
  if (typeof events === 'string') return clearmlError(400, 0, events, input.envelope);
  if (events.length === 0) return clearmlError(400, 17, 'Batch request contains no items', input.envelope);

  const errorsInfo: Record<string, number> = {};
  const reject = (reason: string, n = 1) => {
    errorsInfo[reason] = (errorsInfo[reason] ?? 0) + n;
  };
  const perTask = new Map<string, Point[]>();
  for (const e of events) {
    const task = typeof e['task'] === 'string' ? e['task'] : '';
    const type = typeof e['type'] === 'string' ? e['type'].replace(/ /g, '_') : '';
    if (e['model_event'] === true) reject(`model events cannot be carried to Comet source "${input.target}"`);
    else if (type !== 'training_stats_scalar') reject(`${type || 'untyped'} events cannot be carried to Comet source "${input.target}"`);
    else {
      const point = toPoint(e);
      if (typeof point === 'string') reject(point);
      else perTask.set(task, [...(perTask.get(task) ?? []), point]);
    }
  }

  let added = 0;
  for (const [task, points] of perTask) {
    const id = experimentId(input.target, task);
    const exists = id === undefined ? false : await isTargetExperiment(input, id);
    if (exists !== true) {
      if (exists !== false) return exists;
      reject(`Invalid task id ${task}`, points.length);
      continue;
    }
    const result = await run(input, LOG_METRICS, { taskId: id, points });
    const out = result.data?.['logMetrics'] as { accepted: number; rejected: { index: number; reason: string }[] } | null | undefined;
    if (!out) {
      if (added === 0 && perTask.size === 1) return failed(input, result);
      reject(result.errors[0]?.message ?? 'Comet did not store the points', points.length);
      continue;
    }
    added += out.accepted;
    // index -1 names no point (Comet throttled the experiment): reported, not counted as a lost event.
    for (const r of out.rejected) errorsInfo[r.reason] = (errorsInfo[r.reason] ?? 0) + (r.index >= 0 ? 1 : 0);
  }
  const errors = events.length - added;
  const response = clearmlOk({ added, errors, errors_info: errorsInfo }, { ...input.envelope, actualVersion: '2.1' });
  return errors > 0 ? { ...response, headers: { ...response.headers, 'x-switchyard-routed': `${errors} event(s) not carried to Comet source "${input.target}": see errors_info` } } : response;
}

/** json-lines (one object per line) or a JSON array of objects; a string names what is malformed. */
function parseBatch(text: string): Event[] | string {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const values: unknown[] = trimmed.startsWith('[') ? (JSON.parse(trimmed) as unknown[]) : trimmed.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) return 'json lines must contain objects';
    return values as Event[];
  } catch {
    return 'Invalid request body: malformed json lines';
  }
}

function toPoint(e: Event): Point | string {
  const metric = e['metric'];
  const value = e['value'];
  if (typeof metric !== 'string' || metric === '') return 'scalar events need a metric';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'scalar value is not a finite number';
  const iter = e['iter'];
  const ts = typeof e['timestamp'] === 'number' ? e['timestamp'] : typeof e['ts'] === 'number' ? e['ts'] : undefined;
  const variant = typeof e['variant'] === 'string' && e['variant'] !== '' ? e['variant'] : null;
  return {
    name: metric,
    variant,
    value,
    step: typeof iter === 'number' && Number.isSafeInteger(iter) ? iter : null,
    timestamp: ts !== undefined && Number.isFinite(ts) ? new Date(ts).toISOString() : null,
  };
}
