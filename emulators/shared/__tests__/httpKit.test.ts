import { afterEach, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { type EmulatorHandle, json, startEmulatorServer } from '../index.js';

describe('startEmulatorServer', () => {
  let em: EmulatorHandle | undefined;
  afterEach(async () => {
    await em?.close();
    em = undefined;
  });

  it('hands the request to the handler and records it', async () => {
    em = await startEmulatorServer({
      name: 'echo',
      handler: (req) => json(200, { method: req.method, path: req.path, q: req.query.get('q'), body: req.body.toString() }),
    });
    const res = await got.get(`${em.url}/a/b?q=1`, { body: 'hi', allowGetBody: true }).json<Record<string, unknown>>();
    expect(res).toEqual({ method: 'GET', path: '/a/b', q: '1', body: 'hi' });
    expect(em.requests).toEqual([{ method: 'GET', path: '/a/b', query: '?q=1', bytesIn: 2, bytesOut: 50, status: 200 }]);
  });

  it('answers an injected status for matching paths only, the given number of times', async () => {
    em = await startEmulatorServer({ name: 'f', handler: () => json(200, { ok: true }) });
    em.faults.add({ match: '/down', status: 503, times: 1 });
    const first = await got.get(`${em.url}/down`, { throwHttpErrors: false, retry: { limit: 0 } });
    const second = await got.get(`${em.url}/down`, { throwHttpErrors: false, retry: { limit: 0 } });
    const other = await got.get(`${em.url}/up`, { throwHttpErrors: false, retry: { limit: 0 } });
    expect([first.statusCode, second.statusCode, other.statusCode]).toEqual([503, 200, 200]);
  });

  it('resets the connection when asked to', async () => {
    em = await startEmulatorServer({ name: 'r', handler: () => json(200, {}) });
    em.faults.set([{ reset: true }]);
    await expect(got.get(em.url, { retry: { limit: 0 } })).rejects.toThrow();
  });
});
