/**
 * The baseline of gateway-vs-plain (DESIGN §10): @apollo/gateway + Apollo Server's standalone server over
 * the same supergraph and subgraphs, with none of Switchyard's plugins (no limits, error masking, request
 * ids, REST mounts or logging). It does only what the subgraphs require to answer at all: a signed
 * principal header (subgraphs refuse unsigned calls), here a fixed system principal signed per request
 * as Switchyard does.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readSupergraphSdl } from '../../gateway/graphql/createGraphQLServer.js';
import { systemClock } from '../../subgraphs/shared/clock.js';
import { PRINCIPAL_HEADER, signPrincipalToken } from '../../subgraphs/shared/principalToken.js';

export interface PlainGatewayOptions {
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly principalSecret: string;
}

export async function startPlainGateway(options: PlainGatewayOptions): Promise<{ url: string; close(): Promise<void> }> {
  const system = { id: 'system', roles: ['system'] };
  const gateway = new ApolloGateway({
    supergraphSdl: readSupergraphSdl(),
    buildService: ({ name }) =>
      new RemoteGraphQLDataSource({
        url: `${(options.subgraphUrls[name] ?? '').replace(/\/+$/, '')}/graphql`,
        willSendRequest: ({ request }) => request.http?.headers.set(PRINCIPAL_HEADER, signPrincipalToken(system, options.principalSecret, systemClock)),
      }),
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url: url.replace(/\/$/, ''), close: () => server.stop() };
}
