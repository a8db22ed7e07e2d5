/** Times one cheap authenticated call to a tracker and turns its outcome into a SourceHealth. */
import type { Clock } from './clock.js';
import { errorCodeOf, reasonOf } from './errors.js';
import type { SourceHealth } from './sourceContract.js';

export async function probe<T>(clock: Clock, call: () => Promise<T>): Promise<{ health: SourceHealth; value: T | undefined }> {
  const started = clock.now();
  try {
    const value = await call();
    return { health: { outcome: 'OK', message: null, latencyMs: clock.now() - started }, value };
  } catch (err) {
    const code = errorCodeOf(err);
    // An open breaker answers without calling the tracker: say so, as lists do (`sources { status }`).
    const outcome = reasonOf(err) === 'circuit-open' ? 'CIRCUIT_OPEN' : code === 'SOURCE_TIMEOUT' ? 'TIMEOUT' : code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 'UNAUTHORIZED' : 'ERROR';
    return { health: { outcome, message: err instanceof Error ? err.message : 'failed', latencyMs: clock.now() - started }, value: undefined };
  }
}
