/** What the bench parent and its child processes say to each other over IPC (bench/cluster). */
import type { SwitchyardConfig } from '../../gateway/config/index.js';
import type { BackendUsage, TrackerName } from '../../scripts/stack.js';

/** One request from the parent; the child answers with the same `id`. */
export type ChildRequest =
  | { readonly id: number; readonly op: 'faults'; readonly delayMs: number; readonly track: boolean }
  | { readonly id: number; readonly op: 'arrivals' }
  | { readonly id: number; readonly op: 'usage'; readonly clear: boolean }
  | { readonly id: number; readonly op: 'stats' }
  | { readonly id: number; readonly op: 'exit' };

/** When a backend call reached an emulator (epoch ms: the parent and children share the wall clock). */
export interface Arrival {
  readonly tracker: TrackerName;
  readonly t: number;
}

export interface ProcessStats {
  /** process.cpuUsage() of the child, µs. */
  readonly user: number;
  readonly system: number;
  readonly rss: number;
}

export type ChildReply =
  | { readonly id: number; readonly ok: true }
  | { readonly id: number; readonly arrivals: readonly Arrival[] }
  | { readonly id: number; readonly usage: Partial<Record<TrackerName, BackendUsage>> }
  | { readonly id: number; readonly stats: ProcessStats };

/** The first message of a backend child: everything a gateway process needs to reach its subgraphs. */
export interface BackendReady {
  readonly ready: 'backend';
  readonly config: SwitchyardConfig;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly emulatorUrls: Readonly<Partial<Record<TrackerName, string>>>;
}

export interface GatewayReady {
  readonly ready: 'gateway';
  readonly url: string;
}
