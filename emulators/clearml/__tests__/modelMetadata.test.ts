import { describe, expect, it } from '@jest/globals';
import { CLEARML_DEMO_CREDENTIALS, createClearMLHandlerBundle } from '../index.js';
import { ManualClock } from '../../shared/index.js';

const auth = `Basic ${Buffer.from(`${CLEARML_DEMO_CREDENTIALS.accessKey}:${CLEARML_DEMO_CREDENTIALS.secretKey}`).toString('base64')}`;

describe('models metadata', () => {
  const { handler } = createClearMLHandlerBundle({ seed: false, clock: new ManualClock(Date.parse('2026-02-01T00:00:00Z')) });
  const call = async (endpoint: string, body: unknown) => {
    const res = await handler({ method: 'POST', path: `/v2.23/${endpoint}`, query: new URLSearchParams(), headers: { authorization: auth, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
    return { status: res.status, body: JSON.parse(String(res.body)) as { meta: { result_code: number; result_subcode: number }; data: Record<string, unknown> } };
  };

  it('adds, merges, replaces and deletes items by key', async () => {
    const created = await call('models.create', { name: 'model-a', uri: 's3://b/m.pkl' });
    const model = String(created.body.data['id']);
    expect((await call('models.add_or_update_metadata', { model, metadata: [{ key: 'version', type: 'str', value: '1.0.0' }, { key: 'owner', value: 'me' }] })).body.data).toEqual({ updated: 1 });
    await call('models.add_or_update_metadata', { model, metadata: [{ key: 'version', type: 'str', value: '1.1.0' }] });
    let read = await call('models.get_by_id', { model });
    expect((read.body.data['model'] as Record<string, unknown>)['metadata']).toEqual({ version: { key: 'version', type: 'str', value: '1.1.0' }, owner: { key: 'owner', type: '', value: 'me' } });
    await call('models.add_or_update_metadata', { model, metadata: [{ key: 'stage', value: 'x' }], replace_metadata: true });
    expect((await call('models.delete_metadata', { model, keys: ['nope'] })).body.data).toEqual({ updated: 0 });
    expect((await call('models.delete_metadata', { model, keys: ['stage'] })).body.data).toEqual({ updated: 1 });
    read = await call('models.get_by_id', { model });
    expect((read.body.data['model'] as Record<string, unknown>)['metadata']).toEqual({});
  });

  it('answers 400/201 for an unknown model and 400/12 without the required fields', async () => {
    expect((await call('models.add_or_update_metadata', { model: 'f'.repeat(32), metadata: [] })).body.meta).toMatchObject({ result_code: 400, result_subcode: 201 });
    expect((await call('models.add_or_update_metadata', { metadata: [] })).body.meta).toMatchObject({ result_code: 400, result_subcode: 12 });
  });
});
