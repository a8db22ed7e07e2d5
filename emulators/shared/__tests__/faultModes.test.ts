import { afterEach, describe, expect, it } from '@jest/globals';
import { Agent } from 'node:http';
import { got, RequestError } from 'got';
import { type EmulatorHandle, json, malformedJson, startEmulatorServer } from '../index.js';

describe('fault modes of the emulator kit', () => {
  let em: EmulatorHandle | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  it('refuses connections while down and answers on the same address once up again', async () => {
    em = await startEmulatorServer({ name: 'd', handler: () => json(200, { ok: true }) });
    // A kept-alive socket would see the close as a reset; a new connection shows the refusal.
    const fresh = { retry: { limit: 0 }, agent: { http: new Agent({ keepAlive: false }) } };
    expect((await got.get(em.url, fresh).json<{ ok: boolean }>()).ok).toBe(true);
    await em.faults.down();
    expect(em.faults.isDown).toBe(true);
    const err = await got.get(em.url, fresh).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).code).toBe('ECONNREFUSED');
    await em.faults.up();
    expect((await got.get(em.url, fresh).json<{ ok: boolean }>()).ok).toBe(true);
    expect(em.requests).toHaveLength(2);
  });

  it('closes cleanly while down', async () => {
    const down = await startEmulatorServer({ name: 'c', handler: () => json(200, {}) });
    await down.faults.down();
    await expect(down.close()).resolves.toBeUndefined();
  });

  it('answers a 200 whose JSON body is cut short for malformedJson()', async () => {
    em = await startEmulatorServer({ name: 'm', handler: () => json(200, { ok: true }) });
    em.faults.set([malformedJson('/broken')]);
    const broken = await got.get(`${em.url}/broken`, { retry: { limit: 0 } });
    expect(broken.statusCode).toBe(200);
    expect(broken.headers['content-type']).toBe('application/json');
    expect(() => JSON.parse(broken.body) as unknown).toThrow(SyntaxError);
    expect(JSON.parse((await got.get(`${em.url}/fine`, { retry: { limit: 0 } })).body)).toEqual({ ok: true });
  });

  it('lets a rule rewrite the request body before the handler answers it', async () => {
    em = await startEmulatorServer({ name: 'r', handler: (req) => json(200, { lines: req.body.toString().split('\n').length }) });
    em.faults.set([{ match: '/batch', mapRequestBody: (body) => body.toString().split('\n').slice(0, 1).join('\n') }]);
    const res = await got.post(`${em.url}/batch`, { body: 'a\nb\nc', retry: { limit: 0 } }).json<{ lines: number }>();
    expect(res.lines).toBe(1);
    expect(em.requests[0]?.bytesIn).toBe(5);
  });

  it('runs the handler and then answers the injected status (saved, then failed), once', async () => {
    const saved: string[] = [];
    em = await startEmulatorServer({
      name: 's',
      handler: (req) => {
        saved.push(req.body.toString());
        return json(201, { saved: saved.length });
      },
    });
    em.faults.set([{ match: '/add', statusAfterHandling: 500, body: 'Internal Server Error', times: 1 }]);
    const first = await got.post(`${em.url}/add`, { body: 'x', throwHttpErrors: false, retry: { limit: 0 } });
    expect([first.statusCode, first.body]).toEqual([500, 'Internal Server Error']);
    const second = await got.post(`${em.url}/add`, { body: 'y', throwHttpErrors: false, retry: { limit: 0 } });
    expect(second.statusCode).toBe(201);
    expect(saved).toEqual(['x', 'y']);
  });
});
