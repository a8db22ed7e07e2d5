/**
 * The tiny HTTP kit every emulator is built on: it listens, reads the whole body, applies faults,
 * records requests (so tests can count backend calls) and hands a plain request object to the
 * tracker's handler. Trackers' wire formats live in their own folders, never here.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultController } from './faults.js';

export interface EmulatorRequest {
  readonly method: string;
  /** Decoded pathname without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export type EmulatorHandler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Bytes of the request body. */
  readonly bytesIn: number;
  /** Bytes of the response body once answered (0 while pending or when the socket was reset). */
  readonly bytesOut: number;
  /** The status answered (0 while pending or when the socket was reset or the listener was down). */
  readonly status: number;
}

export interface EmulatorHandle {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly faults: FaultController;
  /** Requests received since start or the last `clearRequests()`, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

export interface StartEmulatorOptions {
  readonly name: string;
  readonly handler: EmulatorHandler;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly faults?: FaultController;
}

export async function startEmulatorServer(options: StartEmulatorOptions): Promise<EmulatorHandle> {
  const faults = options.faults ?? new FaultController();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://emulator.local');
      const method = req.method ?? 'GET';
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        path = url.pathname;
      }
      const received = Buffer.concat(chunks);
      const record = { method, path, query: url.search, bytesIn: received.length, bytesOut: 0, status: 0 };
      requests.push(record);
      const answer = (out: EmulatorResponse): void => {
        record.bytesOut = Buffer.byteLength(out.body ?? '');
        record.status = out.status;
        send(res, out);
      };
      const fault = faults.take(path);
      const mapped = fault?.mapRequestBody?.(received);
      const body = mapped === undefined ? received : Buffer.from(mapped);
      const emReq: EmulatorRequest = { method, path, query: url.searchParams, headers: req.headers, body };
      const run = (): void => {
        if (fault?.reset) {
          req.socket.destroy();
          return;
        }
        if (fault?.status !== undefined) {
          answer({
            status: fault.status,
            headers: { 'content-type': fault.contentType ?? 'text/plain' },
            body: fault.body ?? `injected fault ${fault.status}`,
          });
          return;
        }
        Promise.resolve()
          .then(() => options.handler(emReq))
          .then(
            (out) =>
              answer(
                fault?.statusAfterHandling === undefined
                  ? out
                  : { status: fault.statusAfterHandling, headers: { 'content-type': fault.contentType ?? 'text/plain' }, body: fault.body ?? `injected fault ${fault.statusAfterHandling} after handling` },
              ),
            (err: unknown) => {
              // An emulator bug must look like a server crash, not hang the client.
              answer({ status: 500, headers: { 'content-type': 'text/plain' }, body: `emulator error: ${String(err)}` });
            },
          );
      };
      if (fault?.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          run();
        }, fault.delayMs);
        timers.add(t);
      } else {
        run();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const listenOn = (port: number, host: string) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listenOn(options.port ?? 0, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  // `faults.down()`: close the listener and every connection, so clients get ECONNREFUSED; `up()`: the same port again.
  const detach = faults.onAvailability(async (up) => {
    if (up) {
      if (!server.listening) await listenOn(port, host);
      return;
    }
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await closed;
  });
  if (faults.isDown) await faults.down();

  return {
    name: options.name,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    faults,
    get requests() {
      return requests;
    },
    clearRequests: () => {
      requests.length = 0;
    },
    close: async () => {
      detach();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      // A server taken down is already closed (close() then calls back with ERR_SERVER_NOT_RUNNING).
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, out: EmulatorResponse): void {
  if (res.writableEnded || res.destroyed) return;
  const body = out.body ?? '';
  res.writeHead(out.status, { 'content-length': String(Buffer.byteLength(body)), ...out.headers });
  res.end(body);
}

/** A JSON response with the given status. */
export function json(status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): EmulatorResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}
