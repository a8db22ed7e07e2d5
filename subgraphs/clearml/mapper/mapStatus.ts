import type { TaskStatus } from '../../shared/model.js';

/**
 * ClearML's task statuses (reference/clearml.md §6.1) → the unified enum. `published`, `publishing`
 * and `closed` are states after a successful run, so they count as COMPLETED; the native value stays
 * readable as `ClearMLTask.clearmlStatus`.
 */
const TO_UNIFIED: Readonly<Record<string, TaskStatus>> = {
  created: 'CREATED',
  queued: 'QUEUED',
  in_progress: 'RUNNING',
  stopped: 'STOPPED',
  failed: 'FAILED',
  completed: 'COMPLETED',
  published: 'COMPLETED',
  publishing: 'COMPLETED',
  closed: 'COMPLETED',
  unknown: 'UNKNOWN',
};

export function mapStatus(status: unknown): TaskStatus | null {
  if (typeof status !== 'string') return null;
  return TO_UNIFIED[status] ?? 'UNKNOWN';
}

/** The ClearML statuses a unified status filter stands for (for pushing the filter down). */
export function clearmlStatusesFor(statuses: readonly TaskStatus[]): string[] {
  return Object.entries(TO_UNIFIED)
    .filter(([, unified]) => statuses.includes(unified))
    .map(([native]) => native);
}
