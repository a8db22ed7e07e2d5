import { switchyardError } from '../../shared/errors.js';

/** Most lines `outputTail` returns. */
export const MAX_OUTPUT_LINES = 1_000;

export function validLines(lines: number): number {
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_OUTPUT_LINES) {
    throw switchyardError('BAD_USER_INPUT', `"lines" must be between 1 and ${MAX_OUTPUT_LINES}; got ${lines}.`);
  }
  return lines;
}
