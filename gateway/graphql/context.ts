import type { Principal } from '../../subgraphs/shared/sourceContract.js';

/** What every GraphQL request carries through the gateway. */
export interface GatewayContext {
  readonly principal: Principal;
  readonly requestId: string;
}
