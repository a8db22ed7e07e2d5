/** Settings of the MLConnector subgraph: one entry per MLConnector it serves. */
import type { BreakerSettings } from '../shared/resilience/index.js';

export type MLConnectorFidelity = 'real' | 'documented';

export interface MLConnectorInstanceConfig {
  /** Instance name: the first part of ids (`<name>:model:<modelid>`). */
  readonly name: string;
  /** MLConnector's root, e.g. `http://mlconnector:8090`. */
  readonly url: string;
  /** Per call. @default 10_000 */
  readonly timeoutMs?: number | undefined;
  /** POST /deployment/add builds and pushes an image inside the request. @default 600_000 */
  readonly deployTimeoutMs?: number | undefined;
  /** Calls to a deployment's inference container. @default 30_000 */
  readonly predictTimeoutMs?: number | undefined;
  /** The instance's circuit breaker (`sources[].breaker`). @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Per-operation timeouts in ms (`sources[].timeouts`), over `timeoutMs`. */
  readonly timeouts?: Readonly<Record<string, number>> | undefined;
  /**
   * What the server implements: `real` (default) is the shipped code; `documented` also has what the
   * documentation promises (`POST /deployment/{id}/predict` with `explain`, trainings).
   */
  readonly fidelity?: MLConnectorFidelity | undefined;
  /** The `ownerid` Switchyard deploys as. @default 'switchyard' */
  readonly ownerId?: string | undefined;
  /** Further owners whose inference operations are read (operations are only listable by owner). */
  readonly owners?: readonly string[] | undefined;
  /** How long a listing snapshot is served. @default 5_000 */
  readonly snapshotTtlMs?: number | undefined;
  /** True for the embedded emulator. */
  readonly emulated?: boolean | undefined;
}
