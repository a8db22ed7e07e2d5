/**
 * Connectors against a bare HTTP server that holds every answer until told: per-object fan-outs keep
 * at most eight calls in flight (DESIGN §5.1: CMF's per-pipeline pulls, MLConnector's reads), a
 * configured per-operation timeout reaches the wire, and a connector's breaker opens on 5xx answers
 * and then answers without calling the tracker.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../emulators/shared/index.js';
import { CmfConnector } from '../../subgraphs/cmf/connector/index.js';
import { MLConnectorConnector } from '../../subgraphs/mlconnector/connector/index.js';

interface Held {
  readonly path: string;
  readonly res: ServerResponse;
}

/** Answers `/pipelines` at once; holds everything else until `release`, counting what is in flight. */
class HoldingServer {
  readonly held: Held[] = [];
  maxInFlight = 0;
  calls = 0;
  status = 200;
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        this.calls += 1;
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path.endsWith('/pipelines')) return void this.#send(res, '["p"]');
        this.held.push({ path, res });
        this.maxInFlight = Math.max(this.maxInFlight, this.held.length);
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.#server?.address() as AddressInfo).port}`;
  }

  /** Answer every held request with `body`. */
  release(body: string): void {
    for (const h of this.held.splice(0)) this.#send(h.res, body);
  }

  async until(n: number): Promise<void> {
    for (let i = 0; i < 200 && this.held.length < n; i += 1) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #send(res: ServerResponse, body: string): void {
    res.writeHead(this.status, { 'content-type': 'application/json' });
    res.end(body);
  }
}

const server = new HoldingServer();
beforeAll(async () => {
  await server.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.release('{}');
  server.maxInFlight = 0;
  server.calls = 0;
  server.status = 200;
});

/** Release held answers in rounds until `done` settles, so queued calls can start. */
async function drain(done: Promise<unknown>, body: string): Promise<void> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  for (let i = 0; i < 50 && !finished; i += 1) {
    await server.until(1);
    server.release(body);
    await new Promise((r) => setTimeout(r, 5));
  }
  await done;
}

describe('bounded concurrency towards trackers that need one call per object', () => {
  it('CMF: twenty pipeline pulls keep at most eight in flight', async () => {
    const cmf = new CmfConnector({ instance: 'cmf-bound', baseUrl: `${server.url}/api`, clock: new ManualClock(0), generation: 'A' });
    await cmf.layout();
    const pulls = Promise.all(Array.from({ length: 20 }, (_, i) => cmf.pull(`p${i}`)));
    await server.until(8);
    // Give a ninth call every chance to start before checking none did.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.held.length).toBe(8);
    await drain(pulls, '{"Pipeline": []}');
    expect(server.maxInFlight).toBe(8);
    expect(server.calls).toBe(21);
  });

  it('MLConnector: deployment status reads for twenty ids keep at most eight in flight', async () => {
    const mlc = new MLConnectorConnector({ instance: 'mlc-bound', baseUrl: server.url, clock: new ManualClock(0) });
    const reads = Promise.all(Array.from({ length: 20 }, (_, i) => mlc.deploymentStatus(`d${i}`)));
    await server.until(8);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.held.length).toBe(8);
    await drain(reads, '{"response": "ok"}');
    expect(server.maxInFlight).toBe(8);
  });
});

describe('connector resilience settings', () => {
  it('applies a configured per-operation timeout over the source timeout (MLConnector GET /model/all)', async () => {
    const mlc = new MLConnectorConnector({ instance: 'mlc-timeout', baseUrl: server.url, timeoutMs: 60_000, timeouts: { 'GET /model/all': 150 }, clock: new ManualClock(0) });
    const started = Date.now();
    await expect(mlc.models()).rejects.toMatchObject({ extensions: { code: 'SOURCE_TIMEOUT', source: 'mlc-timeout' } });
    expect(Date.now() - started).toBeLessThan(5_000);
    // A timeout is not retried: one call.
    expect(server.calls).toBe(1);
  });

  it('opens the breaker after the configured 5xx answers and then answers without calling', async () => {
    server.status = 500;
    const clock = new ManualClock(0);
    const cmf = new CmfConnector({ instance: 'cmf-breaker', baseUrl: `${server.url}/api`, clock, generation: 'A', breaker: { failures: 2, coolDownMs: 1_000 } });
    await expect(cmf.pipelines()).rejects.toMatchObject({ extensions: { code: 'SOURCE_ERROR' } });
    await expect(cmf.pipelines()).rejects.toMatchObject({ extensions: { code: 'SOURCE_ERROR' } });
    const before = server.calls;
    await expect(cmf.pipelines()).rejects.toMatchObject({ extensions: { code: 'SOURCE_UNAVAILABLE', source: 'cmf-breaker', reason: 'circuit-open' } });
    expect(server.calls).toBe(before);
    server.status = 200;
    clock.advance(1_000);
    expect(await cmf.pipelines()).toEqual(['p']);
    expect(cmf.guard.breaker.state).toBe('closed');
  });
});
