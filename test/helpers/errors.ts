/** The registry code a call throws with, or undefined when it does not throw one. */
import { errorCodeOf } from '../../subgraphs/shared/errors.js';

export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return errorCodeOf(err);
  }
  return undefined;
}
