/** Settings of the ClearML subgraph: one entry per ClearML server instance it serves. */
import type { ClearMLCredentials } from './connector/index.js';
import type { BreakerSettings } from '../shared/resilience/index.js';

export interface ClearMLInstanceConfig {
  /** Instance name: the first part of ids (`<name>:task:<id>`). */
  readonly name: string;
  /** API server base URL (e.g. http://clearml:8008). */
  readonly url: string;
  /** Switchyard's backend credential on that server (for principals without one of their own). */
  readonly credentials: ClearMLCredentials;
  /** Principal id → that principal's own backend credential on this server (config `principals[].credentials`). */
  readonly principalCredentials?: Readonly<Record<string, ClearMLCredentials>> | undefined;
  /** Web UI base URL, for `origin.url` deep links. */
  readonly webUrl?: string | undefined;
  /** @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** The instance's circuit breaker (`sources[].breaker`). @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Per-operation timeouts in ms (`sources[].timeouts`), over `timeoutMs`. */
  readonly timeouts?: Readonly<Record<string, number>> | undefined;
  /** True for the embedded emulator. */
  readonly emulated?: boolean | undefined;
}
