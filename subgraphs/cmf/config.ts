/** Settings of the CMF subgraph: one entry per CMF Server it serves. */
import type { CmfGeneration } from './connector/index.js';
import type { BreakerSettings } from '../shared/resilience/index.js';

export interface CmfInstanceConfig {
  /** Instance name: the first part of ids (`<name>:execution:<pipeline>/<uuid>`). */
  readonly name: string;
  /**
   * The server's root (`http://cmf:8080`, the FastAPI app) or its API behind CMF's nginx
   * (`http://cmf/api`); without `/api`, the connector finds out whether the API sits under it.
   */
  readonly url: string;
  /** Per call; pulls and pushes carry whole pipelines. @default 120_000 */
  readonly timeoutMs?: number | undefined;
  /** The instance's circuit breaker (`sources[].breaker`). @default DEFAULT_BREAKER */
  readonly breaker?: Partial<BreakerSettings> | undefined;
  /** Per-operation timeouts in ms (`sources[].timeouts`), over `timeoutMs`. */
  readonly timeouts?: Readonly<Record<string, number>> | undefined;
  /** True for the embedded emulator. */
  readonly emulated?: boolean | undefined;
  /** Skip the generation probe (connector/layout.ts) when the operator knows the server's generation. */
  readonly generation?: CmfGeneration | undefined;
}
