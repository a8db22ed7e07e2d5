/**
 * Decides, once Apollo has an answer, what the full-response cache may do with it: an error-free answer
 * to a query may be stored (the HTTP layer stores it); a mutation — whatever its outcome, since a failed
 * write may still be half-applied at the tracker — orphans every cached answer before it is sent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../graphql/context.js';
import type { ResponseCache } from './responseCache.js';

export function createResponseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, response, contextValue }) {
          const kind = operation?.operation;
          if (kind === 'mutation') {
            // The write is done either way: a cache that cannot be reached must not turn it into an
            // error a client would retry (the TTL bounds what stays cached).
            await cache.invalidateAll().catch(() => undefined);
            return;
          }
          const body = response.body;
          const clean = body.kind === 'single' && body.singleResult.errors === undefined && body.singleResult.data != null;
          const status = response.http.status ?? 200;
          if (contextValue.responseCache && kind === 'query' && clean && status === 200) contextValue.responseCache.cacheable = true;
        },
      };
    },
  };
}
