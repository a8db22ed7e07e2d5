/**
 * Experiment reads beyond metadata and summaries (reference/comet.md §4): system details, git metadata
 * and the stdout/stderr output. Pure.
 */
import { capRaw } from '../../shared/raw.js';
import { isRecord } from '../connector/wire.js';
import { text } from './values.js';

export interface CometGitMetadata {
  readonly user: string | null;
  readonly root: string | null;
  readonly branch: string | null;
  readonly parent: string | null;
  readonly origin: string | null;
}

/** `/experiment/system-details` as logged (the key itself left out), size-capped; null when it is not an object. */
export function mapSystemDetails(body: unknown): unknown {
  if (!isRecord(body)) return null;
  const { experimentKey: _key, ...details } = body;
  return capRaw(details);
}

/** `/experiment/git/metadata` → its five fields; null when none is set (no git metadata was logged). */
export function mapGitMetadata(body: unknown): CometGitMetadata | null {
  if (!isRecord(body)) return null;
  const git = { user: text(body['user']), root: text(body['root']), branch: text(body['branch']), parent: text(body['parent']), origin: text(body['origin']) };
  return Object.values(git).some((v) => v !== null) ? git : null;
}

/** The last `lines` lines of `/experiment/output` (`{"output": "<all lines concatenated>"}`), oldest first. */
export function outputTail(body: unknown, lines: number): string[] {
  const output = isRecord(body) && typeof body['output'] === 'string' ? body['output'] : '';
  const all = output.split(/\r?\n/);
  // The text ends with a newline: the empty piece after it is not a line.
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines);
}
