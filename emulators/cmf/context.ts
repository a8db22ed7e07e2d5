/** Types shared by the router and the handlers (kept apart to avoid import cycles). */
import type { Clock, EmulatorRequest, EmulatorResponse, Fidelity } from '../shared/index.js';
import type { CmfStore } from './store.js';
import type { CmfGeneration } from './types.js';

export interface CmfContext {
  readonly store: CmfStore;
  readonly clock: Clock;
  readonly fidelity: Fidelity;
  readonly generation: CmfGeneration;
  /** Request bodies above this many bytes get nginx's 413. */
  readonly maxPushBytes: number;
}

export interface CmfRequest {
  readonly req: EmulatorRequest;
  readonly ctx: CmfContext;
  /** Path parameters by their FastAPI names (`pipeline_name`, `uuid`, …), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export type CmfHandler = (r: CmfRequest) => EmulatorResponse | Promise<EmulatorResponse>;
