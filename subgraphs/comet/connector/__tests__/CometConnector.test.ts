import { afterEach, describe, expect, it } from '@jest/globals';
import { type EmulatorHandle, json, startEmulatorServer } from '../../../../emulators/shared/index.js';
import { CometConnector, Limiter, mapBounded } from '../index.js';

let server: EmulatorHandle | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Echoes what it received, so a test sees what the connector sent. */
async function echo(): Promise<EmulatorHandle> {
  server = await startEmulatorServer({
    name: 'echo',
    handler: (req) =>
      json(req.path.endsWith('/missing') ? 404 : 200, { method: req.method, path: req.path, query: req.query.toString(), headers: req.headers, body: req.body.toString('utf8') }),
  });
  return server;
}

describe('CometConnector', () => {
  it('sends the raw key in Authorization under /api/rest/v2 and returns the parsed JSON', async () => {
    const s = await echo();
    const c = new CometConnector({ instance: 'comet', baseUrl: `${s.url}/`, apiKey: 'k1' });
    const out = await c.get('experiments', { projectId: 'p', archived: true, skip: undefined }, 'read');
    expect(out).toMatchObject({ method: 'GET', path: '/api/rest/v2/experiments', query: 'projectId=p&archived=true', headers: { authorization: 'k1' } });
  });

  it('forwards a caller request with Switchyard’s key instead of the caller’s, byte for byte and without retry', async () => {
    const s = await echo();
    const c = new CometConnector({ instance: 'comet', baseUrl: s.url, apiKey: 'backend-key' });
    const res = await c.forward({
      method: 'POST',
      path: '/api/rest/v2/write/experiment/log-other',
      search: '?x=1',
      headers: { authorization: 'caller-key', 'comet-sdk-api': 'caller-key', 'content-type': 'application/json', 'user-agent': 'Comet API for R cometr/0.4.0', cookie: 'secret' },
      body: Buffer.from('{"key":"a"}'),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const seen = JSON.parse(res.body.toString('utf8')) as { headers: Record<string, string>; body: string; query: string };
    expect(seen.headers['authorization']).toBe('backend-key');
    expect(seen.headers['comet-sdk-api']).toBeUndefined();
    expect(seen.headers['cookie']).toBeUndefined();
    expect(seen.headers['user-agent']).toBe('Comet API for R cometr/0.4.0');
    expect(seen).toMatchObject({ body: '{"key":"a"}', query: 'x=1' });

    s.faults.set([{ status: 503, body: 'down' }]);
    s.clearRequests();
    const down = await c.forward({ method: 'GET', path: '/api/rest/v2/workspaces', search: '', headers: {}, body: Buffer.alloc(0) });
    expect(down.status).toBe(503);
    expect(down.body.toString('utf8')).toBe('down');
    expect(s.requests).toHaveLength(1);
  });

  it('maps a Comet error answer to a registry error naming the source', async () => {
    const s = await echo();
    const c = new CometConnector({ instance: 'comet-eu', baseUrl: s.url, apiKey: 'k' });
    await expect(c.get('missing', {}, 'read')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND', source: 'comet-eu', sourceCode: '404/0' } });
  });
});

describe('bounded concurrency', () => {
  it('Limiter never runs more than its maximum at once', async () => {
    const limiter = new Limiter(3);
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, limiter.active);
          await new Promise((r) => setTimeout(r, 1));
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.active).toBe(0);
  });

  it('mapBounded keeps input order and starts nothing new after a failure', async () => {
    expect(await mapBounded([3, 1, 2], 2, async (n) => n * 10)).toEqual([30, 10, 20]);
    const started: number[] = [];
    await expect(
      mapBounded([0, 1, 2, 3, 4, 5], 1, async (n) => {
        started.push(n);
        if (n === 1) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
