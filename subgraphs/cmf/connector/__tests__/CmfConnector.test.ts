import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../../emulators/shared/index.js';
import { type FakeCmf, fixture, startFakeCmf } from '../../__tests__/fakeCmf.js';
import { CmfConnector } from '../index.js';

const clock = new ManualClock(Date.UTC(2024, 0, 1));
let fake: FakeCmf;
let c: CmfConnector;

beforeAll(async () => {
  fake = await startFakeCmf({ generation: 'B', clock, apiOnly: true });
  c = new CmfConnector({ instance: 'cmf', baseUrl: fake.url, clock });
});

afterAll(async () => {
  await fake.close();
});

const request = fixture<{ exec_uuid: null; json_payload: string; pipeline_name: string }>('mlmd_push-request.synthetic.json');

describe('CmfConnector', () => {
  it('pushes as cmflib does and reads CMF’s statuses', async () => {
    fake.store.delete('Test-env');
    expect(await c.push('Test-env', request.json_payload)).toBe('success');
    expect(await c.push('Test-env', request.json_payload)).toBe('exists');
    expect(await c.push('Other', request.json_payload)).toBe('pipeline_not_exist');
    await expect(c.push('Test-env', JSON.stringify({ Pipeline: [] }))).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('forwards a push byte for byte, /api or not, and returns CMF’s answer as sent', async () => {
    const body = Buffer.from(JSON.stringify(request));
    for (const path of ['/api/mlmd_push', '/mlmd_push']) {
      const res = await c.forward({ method: 'POST', path, search: '', headers: { 'content-type': 'application/json', 'x-other': 'dropped' }, body });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(JSON.parse(res.body.toString('utf8'))).toEqual({ status: 'exists' });
    }
    expect(fake.requests.filter((r) => r.path === '/api/mlmd_push').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the pull’s text/html content type on the passthrough', async () => {
    const res = await c.forward({ method: 'POST', path: '/mlmd_pull', search: '', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"pipeline_name":"Test-env","exec_uuid":null}') });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(JSON.parse(res.body.toString('utf8'))).toHaveProperty('Pipeline');
  });

  it('forwards errors as CMF answered them', async () => {
    const res = await c.forward({ method: 'POST', path: '/api/mlmd_pull', search: '', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"pipeline_name":"nope"}') });
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString('utf8'))).toEqual({ detail: 'Pipeline nope not found.' });
  });
});
