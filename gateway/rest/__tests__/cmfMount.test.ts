import { describe, expect, it } from '@jest/globals';
import type { RawRequest } from '../../../subgraphs/shared/passthrough.js';
import { createCmfMount } from '../cmf/cmfMount.js';

const req = (method: string, path: string, body = '') => ({ method, path, search: '', headers: { 'content-type': 'application/json' }, body: Buffer.from(body), requestId: 'r' });

describe('/cmf mount', () => {
  const seen: RawRequest[] = [];
  let invalidated = 0;
  const answers: Record<string, { status: number; body: unknown }> = {
    '/mlmd_push': { status: 422, body: { detail: 'version_update' } },
    '/pipelines': { status: 200, body: ['Test-env'] },
    '/mlmd_pull': { status: 200, body: { Pipeline: [] } },
    '/bad': { status: 422, body: { detail: [{ loc: ['body', 'pipeline_name'], msg: 'field required', type: 'value_error.missing' }] } },
  };
  const mount = createCmfMount({
    source: 'cmf',
    invalidate: () => {
      invalidated += 1;
      return Promise.resolve();
    },
    forward: (r) => {
      seen.push(r);
      const a = answers[r.path] ?? { status: 404, body: { detail: 'Not Found' } };
      return Promise.resolve({ status: a.status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(a.body)) });
    },
  });

  it('strips the /api prefix cmflib sends and passes everything else through', async () => {
    const res = await mount.handle(req('GET', '/api/pipelines'));
    expect(res.status).toBe(200);
    expect(JSON.parse(String(res.body))).toEqual(['Test-env']);
    expect((await mount.handle(req('GET', '/pipelines'))).status).toBe(200);
    expect(seen.map((s) => s.path)).toEqual(['/pipelines', '/pipelines']);
  });

  it('adds status beside detail on a 422, so cmflib can read it', async () => {
    const res = await mount.handle(req('POST', '/api/mlmd_push', '{}'));
    expect(res.status).toBe(422);
    expect(JSON.parse(String(res.body))).toEqual({ detail: 'version_update', status: 'version_update' });
    const validation = JSON.parse(String((await mount.handle(req('POST', '/bad', '{}'))).body)) as { status: string; detail: unknown[] };
    expect(validation.status).toBe('invalid');
    expect(validation.detail).toHaveLength(1);
  });

  it('drops the source cache after a push, not after a read', async () => {
    const before = invalidated;
    await mount.handle(req('POST', '/api/mlmd_pull', '{}'));
    expect(invalidated).toBe(before);
    await mount.handle(req('POST', '/api/mlmd_push', '{}'));
    expect(invalidated).toBe(before + 1);
  });
});
