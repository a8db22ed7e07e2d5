import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { switchyardError } from '../../../shared/errors.js';
import { circuitOpenError } from '../../../shared/resilience/index.js';
import { SourceClient } from '../../../shared/SourceClient.js';
import { outcomeOf } from '../listEntities.js';

describe('outcomeOf', () => {
  it('maps an open breaker to CIRCUIT_OPEN and other failures by code', () => {
    expect(outcomeOf(circuitOpenError('comet'))).toBe('CIRCUIT_OPEN');
    expect(outcomeOf(switchyardError('SOURCE_UNAVAILABLE', 'Source "comet" is unreachable (ECONNREFUSED).', { source: 'comet' }))).toBe('ERROR');
    expect(outcomeOf(switchyardError('SOURCE_TIMEOUT', 'slow', { source: 'comet' }))).toBe('TIMEOUT');
    expect(outcomeOf(switchyardError('UNAUTHENTICATED', 'no', { source: 'comet' }))).toBe('UNAUTHORIZED');
  });

  it('keeps the circuit-open reason across the source contract wire (SourceClient)', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'SOURCE_UNAVAILABLE', message: 'Source "cmf" was not called: circuit open after repeated failures.', source: 'cmf', reason: 'circuit-open' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const client = new SourceClient({ name: 'cmf', subgraphUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const err = await client.capabilities({ principalToken: 't', requestId: 'r' }).then(() => undefined, (e: unknown) => e);
      expect(outcomeOf(err)).toBe('CIRCUIT_OPEN');
      expect((err as { extensions: unknown }).extensions).toEqual({ code: 'SOURCE_UNAVAILABLE', source: 'cmf', reason: 'circuit-open' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
