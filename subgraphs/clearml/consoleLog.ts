/**
 * The tail of a task's console output: `events.get_task_log` newest first (`navigate_earlier`),
 * flipped to chronological order (`order: asc`). The SDK batches console output, so one log event may
 * hold several lines: messages are split into lines and the last `lines` of them returned.
 */
import { switchyardError } from '../shared/errors.js';
import { groupIdsByInstance } from '../shared/groupIds.js';
import type { InstanceMap } from '../shared/ids.js';
import { isRecord, listOf } from './connector/index.js';
import { MAX_IN_FLIGHT, mapBounded } from '../shared/limit.js';
import { absentAsNull } from './series.js';
import type { ClearMLSource } from './source.js';

export const MAX_LOG_LINES = 1_000;

export interface LogTailRequest {
  readonly id: string;
  readonly lines: number;
}

export function validLines(lines: number): number {
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_LOG_LINES) {
    throw switchyardError('BAD_USER_INPUT', `"lines" must be between 1 and ${MAX_LOG_LINES}; got ${lines}.`);
  }
  return lines;
}

/** In request order; null for tasks ClearML does not know. */
export async function loadLogTails(source: ClearMLSource, instances: InstanceMap, items: readonly LogTailRequest[]): Promise<(string[] | null)[]> {
  const out: (string[] | null)[] = items.map(() => null);
  await Promise.all(
    [...groupIdsByInstance(items.map((i) => i.id), instances, 'task')].map(async ([name, wanted]) => {
      const inst = source.instance(name);
      await mapBounded(wanted, MAX_IN_FLIGHT, async (w) => {
        const lines = (items[w.index] as LogTailRequest).lines;
        out[w.index] = await absentAsNull(async () => {
          const data = await inst.connector.call('events.get_task_log', { task: w.native, batch_size: lines, navigate_earlier: true, order: 'asc' }, 'read', items[w.index]?.id);
          return tailOf(listOf(data, 'events', isRecord), lines);
        });
      });
    }),
  );
  return out;
}

/** The last `lines` lines of the events' messages, oldest first. */
export function tailOf(events: readonly Record<string, unknown>[], lines: number): string[] {
  const all = events.flatMap((e) => (typeof e['msg'] === 'string' ? e['msg'].replace(/\r?\n$/, '').split(/\r?\n/) : []));
  return all.slice(Math.max(0, all.length - lines));
}
