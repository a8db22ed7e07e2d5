/**
 * ClearML task JSON → the unified task (every shared field) plus ClearML's own fields. Pure: no I/O,
 * no clock. The project's name comes from the caller, who resolved the id.
 */
import { encodeId } from '../../shared/ids.js';
import type { MetricSummary, Parameter, TaskRow } from '../../shared/model.js';
import { capRaw } from '../../shared/raw.js';
import type { ClearMLTaskWire } from '../connector/wire.js';
import { mapStatus } from './mapStatus.js';
import { mapTime } from './mapTime.js';
import { clearmlOrigin } from './origin.js';

export interface MapTaskContext {
  readonly instance: string;
  /** The task's project name, or null when the task has none (or it could not be resolved). */
  readonly projectName: string | null;
  /** ClearML web UI base URL for deep links; omitted: `origin.url` is null. */
  readonly webUrl?: string | undefined;
}

export interface ClearMLTaskView extends TaskRow {
  readonly parameters: readonly Parameter[] | null;
  readonly metrics: readonly MetricSummary[] | null;
  readonly raw: unknown;
  readonly clearmlStatus: string | null;
  readonly statusReason: string | null;
  readonly statusMessage: string | null;
  readonly comment: string | null;
  readonly projectId: string | null;
  readonly parentTaskId: string | null;
  readonly queueId: string | null;
  readonly systemTags: readonly string[] | null;
  readonly lastIteration: number | null;
  readonly lastUpdate: string | null;
  readonly activeDurationSec: number | null;
  readonly hyperparameterSections: readonly { name: string; parameters: readonly { name: string; value: string | null; type: string | null; description: string | null }[] }[] | null;
  readonly configuration: readonly { name: string; value: string | null; type: string | null; description: string | null }[] | null;
  readonly script: {
    binary: string | null;
    repository: string | null;
    branch: string | null;
    tag: string | null;
    versionNum: string | null;
    entryPoint: string | null;
    workingDir: string | null;
  } | null;
  readonly runtime: unknown;
  readonly container: unknown;
}

/** Statuses after which a task has stopped running: `status_changed` is then its end time when `completed` is unset. */
const ENDED = new Set(['completed', 'failed', 'stopped', 'closed', 'published', 'publishing']);

export function mapTask(task: ClearMLTaskWire, ctx: MapTaskContext): ClearMLTaskView {
  const projectId = task.project ?? null;
  const endedAt = mapTime(task.completed) ?? (task.status && ENDED.has(task.status) ? mapTime(task.status_changed) : null);
  return {
    __typename: 'ClearMLTask',
    id: encodeId({ instance: ctx.instance, kind: 'task', native: [task.id] }),
    origin: clearmlOrigin(ctx.instance, task.id, ctx.webUrl, projectId && `projects/${projectId}/experiments/${task.id}`),
    // ClearML requires names of three characters or more; a projection without `name` still yields a row.
    name: task.name ?? task.id,
    project: ctx.projectName,
    createdAt: mapTime(task.created),
    status: mapStatus(task.status),
    archived: task.system_tags ? task.system_tags.includes('archived') : null,
    type: task.type ?? null,
    user: task.user ?? null,
    tags: task.tags ? [...task.tags] : null,
    startedAt: mapTime(task.started),
    endedAt,
    parameters: task.hyperparams ? mapParameters(task.hyperparams) : null,
    metrics: task.last_metrics ? mapLastMetrics(task.last_metrics) : null,
    raw: capRaw(task),
    clearmlStatus: task.status ?? null,
    statusReason: task.status_reason ?? null,
    statusMessage: task.status_message ?? null,
    comment: task.comment ?? null,
    projectId,
    parentTaskId: task.parent ?? null,
    queueId: task.execution?.queue ?? null,
    systemTags: task.system_tags ? [...task.system_tags] : null,
    lastIteration: typeof task.last_iteration === 'number' ? task.last_iteration : null,
    lastUpdate: mapTime(task.last_update),
    activeDurationSec: typeof task.active_duration === 'number' ? task.active_duration : null,
    hyperparameterSections: task.hyperparams
      ? Object.entries(task.hyperparams)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([section, params]) => ({
            name: section,
            parameters: Object.entries(params)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([name, p]) => ({ name: p.name ?? name, value: p.value ?? null, type: p.type ?? null, description: p.description ?? null })),
          }))
      : null,
    configuration: task.configuration
      ? Object.entries(task.configuration)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, c]) => ({ name: c.name ?? name, value: c.value ?? null, type: c.type ?? null, description: c.description ?? null }))
      : null,
    script: task.script
      ? {
          binary: task.script.binary ?? null,
          repository: task.script.repository ?? null,
          branch: task.script.branch ?? null,
          tag: task.script.tag ?? null,
          versionNum: task.script.version_num ?? null,
          entryPoint: task.script.entry_point ?? null,
          workingDir: task.script.working_dir ?? null,
        }
      : null,
    runtime: task.runtime ?? null,
    container: task.container ?? null,
  };
}

/** hyperparams (section → name → item) flattened, ordered by section then name. */
export function mapParameters(hyperparams: NonNullable<ClearMLTaskWire['hyperparams']>): Parameter[] {
  const out: Parameter[] = [];
  for (const [section, params] of Object.entries(hyperparams)) {
    for (const [name, item] of Object.entries(params)) out.push({ section: item.section ?? section, name: item.name ?? name, value: item.value ?? null });
  }
  return out.sort((a, b) => cmp(a.section ?? '', b.section ?? '') || cmp(a.name, b.name));
}

/**
 * last_metrics is keyed by md5(metric) → md5(variant); the event inside names both, so the hashes are
 * never reversed. ClearML keeps no per-metric step or time for the last value: those stay null.
 */
export function mapLastMetrics(lastMetrics: NonNullable<ClearMLTaskWire['last_metrics']>): MetricSummary[] {
  const out: MetricSummary[] = [];
  for (const variants of Object.values(lastMetrics)) {
    for (const ev of Object.values(variants)) {
      if (typeof ev.metric !== 'string') continue;
      out.push({
        name: ev.metric,
        variant: ev.variant ?? null,
        last: finite(ev.value),
        min: finite(ev.min_value),
        max: finite(ev.max_value),
        step: null,
        updatedAt: null,
      });
    }
  }
  return out.sort((a, b) => cmp(a.name, b.name) || cmp(a.variant ?? '', b.variant ?? ''));
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
