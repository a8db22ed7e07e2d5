/**
 * Access rules on the REST mounts (issue 8 item 1): a principal refused a source, a read-only principal
 * writing, and a project-limited principal passing through raw get the tracker's own 403; what they may
 * do still works, and the union view serves the project-limited one (the catalog filters it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { embeddedConfig } from '../../gateway/config/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const basic = (accessKey: string) => `Basic ${Buffer.from(`${accessKey}:any-secret`).toString('base64')}`;

let stack: Stack;
beforeAll(async () => {
  const base = embeddedConfig();
  stack = await startStack({
    config: {
      ...base,
      // Demo REST identities: ClearML key pairs act as clearml-key:<access key>; the CMF and MLConnector mounts as `demo`.
      principals: [
        { id: 'clearml-key:READER', access: { write: false }, credentials: {} },
        { id: 'clearml-key:COMETONLY', access: { sources: ['comet'], write: true }, credentials: {} },
        { id: 'clearml-key:FRAUDONLY', access: { projects: ['fraud-detection'], write: false }, credentials: {} },
        { id: 'clearml-key:WRITER', access: { write: true }, credentials: {} },
      ],
      defaultAccess: { write: false },
    },
  });
});
afterAll(async () => {
  await stack.close();
});

async function clearml(path: string, key: string, body: unknown = {}): Promise<{ status: number; json: { meta?: { result_code?: number; result_subcode?: number; result_msg?: string } } }> {
  const res = await fetch(`${stack.gateway.url}/clearml${path}`, { method: 'POST', headers: { authorization: basic(key), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { meta?: { result_code?: number; result_subcode?: number; result_msg?: string } } };
}

describe('REST access rules', () => {
  it('let a reader read and refuse its writes with ClearML\'s 403/21, while a writer writes', async () => {
    expect((await clearml('/tasks.get_all', 'READER', { page: 0, page_size: 2 })).status).toBe(200);
    const write = await clearml('/tasks.create', 'READER', { name: 'nope', type: 'training', project: 'fraud-detection' });
    expect([write.status, write.json.meta?.result_code, write.json.meta?.result_subcode]).toEqual([403, 403, 21]);
    expect(write.json.meta?.result_msg).toContain('may only read');
    expect((await clearml('/v2.23/tasks.create', 'WRITER', { name: 'ok-by-writer', type: 'training' })).status).toBe(200);
  });

  it('refuse a source the principal may not use, in the tracker\'s shape', async () => {
    const res = await clearml('/tasks.get_all', 'COMETONLY', { page: 0, page_size: 2 });
    expect([res.status, res.json.meta?.result_code, res.json.meta?.result_subcode]).toEqual([403, 403, 20]);
  });

  it('refuse raw passthrough to a project-limited principal but serve it the union view', async () => {
    expect((await clearml('/tasks.get_all', 'FRAUDONLY', { page: 0, page_size: 2 })).status).toBe(403);
    const union = await fetch(`${stack.gateway.url}/clearml/tasks.get_all?switchyard.sources=all`, { method: 'POST', headers: { authorization: basic('FRAUDONLY'), 'content-type': 'application/json' }, body: JSON.stringify({ page: 0, page_size: 50 }) });
    expect(union.status).toBe(200);
    const rows = ((await union.json()) as { data: { tasks: { project?: { name?: string } | string; id: string }[] } }).data.tasks;
    expect(rows.length).toBeGreaterThan(0);
  });

  it('apply the default rule to the other mounts\' principals: CMF pushes and MLConnector writes get FastAPI\'s 403', async () => {
    const push = await fetch(`${stack.gateway.url}/cmf/api/mlmd_push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exec_uuid: null, json_payload: '{}', pipeline_name: 'x' }) });
    expect([push.status, ((await push.json()) as { detail?: string }).detail]).toEqual([403, 'Forbidden: this principal may only read.']);
    expect((await fetch(`${stack.gateway.url}/cmf/api/pipelines`)).status).toBe(200);
    const add = await fetch(`${stack.gateway.url}/mlconnector/model/add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(add.status).toBe(403);
    expect((await fetch(`${stack.gateway.url}/mlconnector/model/all`)).status).toBe(200);
    const comet = await fetch(`${stack.gateway.url}/comet/api/rest/v2/write/project/create`, { method: 'POST', headers: { authorization: 'AnyKey', 'content-type': 'application/json' }, body: JSON.stringify({ workspaceName: 'switchyard', projectName: 'x' }) });
    expect([comet.status, ((await comet.json()) as { code?: number }).code]).toEqual([403, 403]);
  });
});
