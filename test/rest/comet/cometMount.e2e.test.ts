/**
 * The /comet mount, judged by cometr 0.4.0's recorded requests (only the base URL changes), and its
 * own answers for missing credentials and paths outside REST v2.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { got } from 'got';
import { COMETR_CREATE_PATH, replayCometrFlow } from '../../helpers/cometrReplay.js';
import { gql, type Stack, startStack } from '../../helpers/stack.js';

let stack: Stack;
let base: string;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
  base = `${stack.gateway.url}/comet`;
});
afterAll(async () => {
  await stack.close();
});

describe('/comet with cometr 0.4.0', () => {
  it('replays the recorded flow with 200 everywhere, and the experiment is readable through GraphQL', async () => {
    // Any non-empty key is accepted in the embedded demo; the emulator only knows Switchyard's own key.
    const { answers, key } = await replayCometrFlow(base, { auth: 'my-personal-key' });
    expect(answers.map((a) => `${a.call.path} ${a.status}`)).toEqual(answers.map((a) => `${a.call.path} 200`));
    const create = answers.find((a) => a.call.path === COMETR_CREATE_PATH);
    expect(create?.body['experimentKey']).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof create?.body['link']).toBe('string');

    const id = `comet:experiment:${key}`;
    const read = await gql<{ task: { name: string; project: string; tags: string[]; parameters: { name: string; value: string }[]; metrics: { name: string; last: number }[]; workspace: string } }>(
      stack,
      `query($id: ID!) { task(id: $id) { name project tags parameters { name value } metrics { name last } ... on CometExperiment { workspace } } }`,
      { id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.task).toMatchObject({ name: 't', project: 'proj', workspace: 'ws' });
    expect([...(read.data?.task.tags ?? [])].sort()).toEqual(['a', 'b']);
    expect(read.data?.task.parameters).toContainEqual({ name: 'lr', value: '0.1' });
    expect(read.data?.task.metrics).toContainEqual(expect.objectContaining({ name: 'loss', last: 0.5 }));

    // The write went around the source's snapshot, and invalidated it: the next list shows the experiment.
    const list = await gql<{ tasks: { edges: { node: { id: string } }[] } }>(stack, `{ tasks(first: 10, filter: { sources: ["comet"], projects: ["proj"] }) { edges { node { id } } } }`);
    expect(list.data?.tasks.edges.map((e) => e.node.id)).toEqual([id]);
  });
});

describe('/comet errors', () => {
  it('answers 401 in Comet\'s error shape without a key', async () => {
    const res = await got(`${base}/api/rest/v2/workspaces`, { throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ code: 401, msg: expect.any(String), sdk_error_code: 90212 });
  });

  it('accepts the Java SDK\'s Comet-Sdk-Api header', async () => {
    const res = await got(`${base}/api/rest/v2/workspaces`, { headers: { 'comet-sdk-api': 'k' }, throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ workspaceNames: expect.arrayContaining(['switchyard']) });
  });

  it('answers 404 in Comet\'s error shape outside /api/rest/v2', async () => {
    const res = await got(`${base}/clientlib/logger/add/run`, { method: 'POST', headers: { authorization: 'k' }, throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toMatchObject({ code: 404, sdk_error_code: 0 });
  });

  it('passes Comet\'s own errors through (400 with sdk_error_code 90998 without experimentKey)', async () => {
    const res = await got(`${base}/api/rest/v2/experiment/metadata`, { headers: { authorization: 'k' }, throwHttpErrors: false, retry: { limit: 0 } });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 400, sdk_error_code: 90998 });
  });
});
