import type { Principal } from '../../subgraphs/shared/sourceContract.js';

/** What every GraphQL request carries through the gateway. */
export interface GatewayContext {
  readonly principal: Principal;
  readonly requestId: string;
  /**
   * Set by the response-cache plugin when the full-response cache is on: whether this request's answer
   * may be stored (an error-free query). Written once, in `willSendResponse`.
   */
  readonly responseCache?: { cacheable: boolean };
}
