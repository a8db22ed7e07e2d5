/** Types shared by the router and the handlers (kept apart to avoid import cycles). */
import type { Clock, EmulatorRequest, EmulatorResponse, Fidelity } from '../shared/index.js';
import { json } from '../shared/index.js';
import type { Input } from './input.js';
import type { CometStore } from './store.js';

/** Size limits the emulator enforces (Comet does not document them; README "Limits"). */
export interface CometLimits {
  /** The HTML of one experiment, after appending (UTF-8 bytes). @default 10 MiB */
  readonly maxHtmlBytes: number;
  /** The `output` text of one `write/experiment/output` request (UTF-8 bytes). @default 10 MiB */
  readonly maxOutputBytes: number;
}

export const COMET_DEFAULT_LIMITS: CometLimits = { maxHtmlBytes: 10 * 1024 * 1024, maxOutputBytes: 10 * 1024 * 1024 };

/** Everything a handler may use besides the request. */
export interface CometContext {
  readonly store: CometStore;
  readonly clock: Clock;
  readonly fidelity: Fidelity;
  readonly limits: CometLimits;
}

/** One request as handlers see it. */
export interface RouteRequest {
  readonly req: EmulatorRequest;
  readonly ctx: CometContext;
  /** Parameters: query string for GET, query overlaid by the JSON body otherwise. Parsed on first use. */
  input(): Input;
  /** `http://<Host header>`: links in responses point back at whatever address the client used. */
  readonly origin: string;
}

export type RouteHandler = (r: RouteRequest) => EmulatorResponse;

/** The small success body of writes whose answer no client reads (Java maps it onto `RestApiResponse`). */
export function ok(msg = 'ok'): EmulatorResponse {
  return json(200, { msg, code: 200, sdk_error_code: 0 });
}
