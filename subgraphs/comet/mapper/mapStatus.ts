import type { TaskStatus } from '../../shared/model.js';
import { epochMs } from './mapTime.js';

/**
 * Comet has no status field and no failure state (reference/comet.md §5.3, §5.9, §8): metadata carries
 * `running` (newer backends) and the start/end times. The rule, in order:
 *
 * - `running: true` → RUNNING. It wins over an end time, because real backends keep moving
 *   `endTimeMillis` along with the last message while a run is alive.
 * - an end time (non-zero `endTimeMillis`) → COMPLETED. Comet records no crash or stop in what the read
 *   API returns (`hasCrashed` is write-only), so a run that died also reads as COMPLETED: never FAILED.
 *   Old listings without `running` land here too once they have an end time.
 * - anything else → UNKNOWN (no end time and no running flag: a run that never reported).
 *
 * The native facts stay readable as `CometExperiment.running` and `durationMillis`.
 */
export function mapStatus(running: unknown, endTimeMillis: unknown): TaskStatus {
  if (running === true) return 'RUNNING';
  if (epochMs(endTimeMillis) !== null) return 'COMPLETED';
  return 'UNKNOWN';
}
