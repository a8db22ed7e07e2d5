/**
 * A tracker whose credentials see different data, for isolation tests: one URL in front of several
 * emulators, each request routed by the credential it carries (a ClearML key pair or a token one of
 * them issued; a Comet API key). From Switchyard's side it is one multi-tenant tracker, as a real
 * ClearML server with companies, or Comet with per-user workspaces, is.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CredentialRouter {
  readonly url: string;
  close(): Promise<void>;
}

/** @param route backend base URL for a credential (the Authorization value as sent), undefined: the default */
async function start(defaultUrl: string, route: (authorization: string) => string | undefined, learn?: (backend: string, path: string, body: Buffer) => void): Promise<CredentialRouter> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const backend = route(String(req.headers['authorization'] ?? req.headers['comet-sdk-api'] ?? '')) ?? defaultUrl;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      const upstream = await fetch(`${backend}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body: new Uint8Array(body) } : {}) });
      const out = Buffer.from(await upstream.arrayBuffer());
      learn?.(backend, req.url ?? '/', out);
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json', 'content-length': String(out.length) });
      res.end(out);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** ClearML: `Basic key:secret` routes by access key; `Bearer <token>` by the backend whose auth.login issued it. */
export function clearmlRouter(defaultUrl: string, byAccessKey: ReadonlyMap<string, string>): Promise<CredentialRouter> {
  const tokens = new Map<string, string>();
  return start(
    defaultUrl,
    (auth) => {
      const [scheme, value = ''] = auth.split(/\s+/);
      if (scheme?.toLowerCase() === 'basic') return byAccessKey.get(Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '');
      return tokens.get(value);
    },
    (backend, path, body) => {
      if (!/auth\.login/.test(path)) return;
      try {
        const token = (JSON.parse(body.toString('utf8')) as { data?: { token?: unknown } }).data?.token;
        if (typeof token === 'string') tokens.set(token, backend);
      } catch {
        // Not an envelope: nothing to learn.
      }
    },
  );
}

/** Comet: the raw API key in `Authorization` (or `Comet-Sdk-Api`) picks the backend. */
export function cometRouter(defaultUrl: string, byApiKey: ReadonlyMap<string, string>): Promise<CredentialRouter> {
  return start(defaultUrl, (key) => byApiKey.get(key.trim()));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
