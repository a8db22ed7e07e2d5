import { describe, expect, it } from '@jest/globals';
import { testEmulator } from './callHelper.js';

describe('transport and envelope', () => {
  it('wraps every answer in the meta/data envelope with HTTP status = result_code', async () => {
    const em = testEmulator();
    const res = await em.call('/v2.23/projects.get_all', {}, { headers: { 'x-clearml-trx': 'trx-1' } });
    expect(res.status).toBe(200);
    expect(res.headers['server']).toBe('clearml');
    expect(Object.keys(res.meta)).toEqual(['id', 'trx', 'endpoint', 'result_code', 'result_subcode', 'result_msg', 'error_stack', 'error_data']);
    expect(res.meta).toMatchObject({
      trx: 'trx-1',
      endpoint: { name: 'projects.get_all', requested_version: '2.23', actual_version: '2.15' },
      result_code: 200,
      result_subcode: 0,
      result_msg: 'OK',
      error_stack: null,
      error_data: {},
    });
    expect(String(res.meta['id'])).toMatch(/^[0-9a-f]{32}$/);
  });

  it('echoes X-Trains-Trx and otherwise uses the call id as trx', async () => {
    const em = testEmulator();
    expect((await em.call('/projects.get_all', {}, { headers: { 'x-trains-trx': 'legacy' } })).meta['trx']).toBe('legacy');
    const plain = await em.call('/projects.get_all', {});
    expect(plain.meta['trx']).toBe(plain.meta['id']);
    expect(plain.meta['endpoint']).toMatchObject({ requested_version: '2.34', actual_version: '2.15' });
  });

  it('accepts GET with a JSON body, PUT, a trailing slash and query arguments', async () => {
    const em = testEmulator();
    expect((await em.call('/v2.23/projects.get_all/', {}, { method: 'GET' })).status).toBe(200);
    expect((await em.call('/v2.23/projects.get_all', {}, { method: 'PUT' })).status).toBe(200);
    const created = await em.call('/projects.create?name=via-query&tags=a&tags=b', undefined);
    expect(created.status).toBe(200);
    const got = await em.call(`/projects.get_by_id?project=${String(created.data['id'])}`, undefined, { method: 'GET' });
    expect(got.data['project']).toMatchObject({ name: 'via-query', tags: ['a', 'b'] });
  });

  it('converts query values: nesting, numbers, booleans and key[] lists', async () => {
    const em = testEmulator();
    await em.call('/projects.create', { name: 'p1' });
    await em.call('/projects.create', { name: 'p2' });
    const res = await em.call('/projects.get_all?only_fields[]=name&order_by[]=-name&page=0&page_size=1&_any_.pattern=P&_any_.fields=name&_any_.fields=id', undefined);
    expect(res.data['projects']).toEqual([{ id: expect.any(String), name: 'p2' }]);
  });

  it('answers 404 for unknown endpoints and for versions below the first implementation', async () => {
    const em = testEmulator();
    const unknown = await em.call('/v2.23/tasks.no_such_action', {});
    expect([unknown.status, unknown.meta['result_msg']]).toEqual([404, 'Unable to find endpoint for name tasks.no_such_action and version 2.23']);
    expect(unknown.meta['endpoint']).toEqual({ name: 'tasks.no_such_action', requested_version: '2.23', actual_version: null });
    const tooOld = await em.call('/v2.20/tasks.update_tags', {});
    expect([tooOld.status, tooOld.meta['result_msg']]).toEqual([404, 'Unable to find endpoint for name tasks.update_tags and version 2.20']);
  });

  it('picks the highest implementation at or below the requested version', async () => {
    const em = testEmulator();
    expect((await em.call('/v2.14/tasks.get_all', {})).meta['endpoint']).toMatchObject({ actual_version: '2.14' });
    expect((await em.call('/v2.99/tasks.get_all', {})).meta['endpoint']).toMatchObject({ requested_version: '2.99', actual_version: '2.26' });
  });

  it('rejects malformed paths, bad JSON and content encodings like the server', async () => {
    const em = testEmulator();
    const path = await em.call('/tasks/get_all', {});
    expect([path.status, path.meta['result_msg']]).toEqual([400, 'Invalid request path /tasks/get_all']);
    expect(path.text).toContain('"endpoint":{"name":"","requested_version":1.0,"actual_version":null}');
    const json = await em.call('/tasks.get_all', undefined, { raw: '{nope' });
    expect([json.status, json.meta['result_subcode']]).toEqual([400, 0]);
    expect(String(json.meta['result_msg'])).toMatch(/^Failed to decode JSON object: /);
    const gz = await em.call('/tasks.get_all', {}, { headers: { 'content-encoding': 'gzip' } });
    expect([gz.status, gz.text, gz.headers['server']]).toEqual([415, 'Content encoding is not supported (gzip)', 'clearml']);
  });

  it('validates required fields and types per the schema (400/12)', async () => {
    const em = testEmulator();
    const missing = await em.call('/v2.23/tasks.get_by_id', { task: null });
    expect([missing.status, missing.meta['result_subcode'], missing.meta['result_msg']]).toEqual([
      400,
      12,
      "Validation error: message='task' is a required property, path=(), context=(), cause=None, validator=required, validator_value=(task), instance=(), parent=None",
    ]);
    const wrongType = await em.call('/v2.23/tasks.get_by_id', { task: 5 });
    expect(wrongType.meta['error_data']).toMatchObject({ message: "5 is not of type 'string'", path: ['task'], validator: 'type' });
  });

  it('answers 501 in the envelope for catalogued endpoints not emulated yet', async () => {
    const em = testEmulator();
    const res = await em.call('/v2.23/queues.get_all', {});
    expect([res.status, res.meta['result_code'], res.meta['result_subcode'], res.meta['result_msg']]).toEqual([
      501,
      501,
      0,
      'Not implemented by the Switchyard ClearML emulator: queues.get_all',
    ]);
  });

  it('answers OPTIONS with an empty 200', async () => {
    const em = testEmulator();
    expect((await em.call('/anything', undefined, { method: 'OPTIONS' })).status).toBe(200);
  });
});
