/** Types shared by the router and the handlers (kept apart to avoid import cycles). */
import type { Clock, EmulatorRequest, EmulatorResponse, Fidelity } from '../shared/index.js';
import { json } from '../shared/index.js';
import type { Input } from './input.js';
import type { CometStore } from './store.js';

/** Everything a handler may use besides the request. */
export interface CometContext {
  readonly store: CometStore;
  readonly clock: Clock;
  readonly fidelity: Fidelity;
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
