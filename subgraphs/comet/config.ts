/** Settings of the Comet subgraph: one entry per Comet server (or workspace set) it serves. */
import type { BreakerSettings } from '../shared/resilience/index.js';

export interface CometInstanceConfig {
  /** Instance name: the first part of ids (`<name>:experiment:<key>`). */
  readonly name: string;
  /** Server base URL without the API prefix (e.g. http://comet:8080); the connector appends `/api/rest/v2`. */
  readonly url: string;
  /** Switchyard's backend API key on that server, sent raw in `Authorization` (reference/comet.md §2). */
  readonly apiKey: string;
  /** Principal id → that principal's own API key on this server (config `principals[].credentials`). */
  readonly principalApiKeys?: Readonly<Record<string, string>> | undefined;
  /** Workspaces to list; omitted: every workspace `GET /workspaces` names for the key. */
  readonly workspaces?: readonly string[] | undefined;
  /** Web UI base URL (e.g. https://www.comet.com), for `origin.url` deep links; omitted: `origin.url` is null. */
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
