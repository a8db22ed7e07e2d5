/**
 * Idempotent creates through the gateway (issue 9 item 1, DESIGN §7, docs/adr/0014): a retry with the
 * same `idempotencyKey` after a lost answer, a 500 after the tracker saved, or while the first attempt is
 * still running ends with exactly one object at the tracker; a key reused for another request is a
 * CONFLICT. Faults are injected at the emulators (`statusAfterHandling`: the write happens, the answer is
 * a 500; `delayMs`: a slow create).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEED_FRAUD_MODEL_ID } from '../../emulators/mlconnector/seed.js';
import { encodeId } from '../../subgraphs/shared/ids.js';
import { emulatorOf, expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'mlconnector'] });
});
afterAll(async () => {
  await stack.close();
});

const CREATE_TASK = 'mutation($name: String!, $key: String) { createTask(input: { source: "clearml", project: "idempotency", name: $name, idempotencyKey: $key }) { id } }';
const REGISTER = 'mutation($name: String!, $key: String) { registerModel(input: { source: "mlconnector", name: $name, idempotencyKey: $key }) { id } }';
const DEPLOY = 'mutation($m: ID!, $key: String) { createDeployment(input: { source: "mlconnector", modelId: $m, idempotencyKey: $key }) { id } }';
const FRAUD_MODEL = encodeId({ instance: 'mlconnector', kind: 'model', native: [SEED_FRAUD_MODEL_ID] });

/** How many requests the tracker got on a path since the test began. */
const calls = (tracker: 'clearml' | 'mlconnector', path: RegExp, since: number) => emulatorOf(stack, tracker).requests.slice(since).filter((r) => path.test(r.path)).length;

/** ClearML tasks of the demo project with this name, read at the tracker itself. */
async function clearmlTasksNamed(name: string): Promise<number> {
  const res = await gql<{ tasks: { edges: { node: { name: string } }[] } }>(stack, '{ tasks(first: 500, filter: { sources: ["clearml"], projects: ["idempotency"] }) { edges { node { name } } } }');
  return (res.data?.tasks.edges ?? []).filter((e) => e.node.name === name).length;
}

describe('createTask with an idempotencyKey (ClearML)', () => {
  it('answers two concurrent retries with one task: the second waits for the first, then finds it', async () => {
    const since = emulatorOf(stack, 'clearml').requests.length;
    stack.emulators.clearml?.faults.set([{ match: 'tasks.create', delayMs: 400, times: 1 }]);
    const [a, b] = await Promise.all([gql<{ createTask: { id: string } }>(stack, CREATE_TASK, { name: 'concurrent', key: 'ct-1' }), gql<{ createTask: { id: string } }>(stack, CREATE_TASK, { name: 'concurrent', key: 'ct-1' })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data?.createTask.id).toBe(a.data?.createTask.id);
    expect(calls('clearml', /tasks\.create$/, since)).toBe(1);
    expect(await clearmlTasksNamed('concurrent')).toBe(1);
  });

  it('finds the task a 500-after-save created when the client retries', async () => {
    const since = emulatorOf(stack, 'clearml').requests.length;
    stack.emulators.clearml?.faults.set([{ match: 'tasks.create', statusAfterHandling: 500, times: 1 }]);
    const first = await gql(stack, CREATE_TASK, { name: 'saved-then-500', key: 'ct-2' });
    expect(first.errors?.length).toBeGreaterThan(0);
    const retry = await gql<{ createTask: { id: string } }>(stack, CREATE_TASK, { name: 'saved-then-500', key: 'ct-2' });
    expect(retry.errors).toBeUndefined();
    expect(calls('clearml', /tasks\.create$/, since)).toBe(1);
    expect(await clearmlTasksNamed('saved-then-500')).toBe(1);
  });

  it('refuses a key reused for a different task with CONFLICT, and creates nothing', async () => {
    expect((await gql(stack, CREATE_TASK, { name: 'first-use', key: 'ct-3' })).errors).toBeUndefined();
    const since = emulatorOf(stack, 'clearml').requests.length;
    expectGraphQLError(await gql(stack, CREATE_TASK, { name: 'another-task', key: 'ct-3' }), 'CONFLICT', 'clearml');
    expect(calls('clearml', /tasks\.create$/, since)).toBe(0);
    expect(await clearmlTasksNamed('another-task')).toBe(0);
  });

  it('without a key, a retry creates again (the caller asked for no deduplication)', async () => {
    await gql(stack, CREATE_TASK, { name: 'unkeyed' });
    await gql(stack, CREATE_TASK, { name: 'unkeyed' });
    expect(await clearmlTasksNamed('unkeyed')).toBe(2);
  });
});

describe('a create that timed out at Switchyard but landed at the tracker', () => {
  let slow: Stack;
  beforeAll(async () => {
    // ClearML calls time out after 300 ms here; the emulator finishes the create after 1 s.
    slow = await startStack({ trackers: ['clearml'], sourceTimeoutMs: { clearml: 300 } });
  });
  afterAll(async () => {
    await slow.close();
  });

  it('is found by the retry, which waits out the settling time instead of creating a second task', async () => {
    const em = emulatorOf(slow, 'clearml');
    const since = em.requests.length;
    em.faults.set([{ match: 'tasks.create', delayMs: 1_000, times: 1 }]);
    const first = await gql(slow, CREATE_TASK, { name: 'timed-out-but-saved', key: 'ct-timeout' });
    expectGraphQLError(first, 'SOURCE_TIMEOUT', 'clearml');
    const retry = await gql<{ createTask: { id: string } }>(slow, CREATE_TASK, { name: 'timed-out-but-saved', key: 'ct-timeout' });
    expect(retry.errors).toBeUndefined();
    expect(em.requests.slice(since).filter((r) => /tasks\.create$/.test(r.path))).toHaveLength(1);
    const listed = await gql<{ tasks: { edges: { node: { id: string; name: string } }[] } }>(slow, '{ tasks(first: 500, filter: { sources: ["clearml"], projects: ["idempotency"] }) { edges { node { id name } } } }');
    const named = (listed.data?.tasks.edges ?? []).filter((e) => e.node.name === 'timed-out-but-saved');
    expect(named.map((e) => e.node.id)).toEqual([retry.data?.createTask.id]);
  }, 20_000);
});

describe('registerModel and createDeployment with an idempotencyKey (MLConnector)', () => {
  async function modelsNamed(name: string): Promise<number> {
    const res = await fetch(`${emulatorOf(stack, 'mlconnector').url}/model/all?skip=0&limit=1000`);
    const rows = (await res.json()) as { modelname: string }[];
    return rows.filter((m) => m.modelname === name).length;
  }

  it('finds the model MLConnector saved before answering 500, when the client retries', async () => {
    stack.emulators.mlconnector?.faults.set([{ match: '/model/add', statusAfterHandling: 500, body: 'Internal Server Error', times: 1 }]);
    const first = await gql(stack, REGISTER, { name: 'saved-then-500-model', key: 'rm-1' });
    expect(first.errors?.length).toBeGreaterThan(0);
    const retry = await gql<{ registerModel: { id: string } }>(stack, REGISTER, { name: 'saved-then-500-model', key: 'rm-1' });
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.registerModel.id).toMatch(/^mlconnector:model:/);
    expect(await modelsNamed('saved-then-500-model')).toBe(1);
  });

  it('answers a retry sent while a slow deployment is still being created with the same deployment', async () => {
    const since = emulatorOf(stack, 'mlconnector').requests.length;
    stack.emulators.mlconnector?.faults.set([{ match: /^\/deployment\/add$/, delayMs: 1_500, times: 1 }]);
    // The first client gives up after 300 ms (its own timeout); the gateway's write goes on.
    const abandoned = fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DEPLOY, variables: { m: FRAUD_MODEL, key: 'dep-1' } }),
      signal: AbortSignal.timeout(300),
    }).catch((err: unknown) => err);
    expect(String(await abandoned)).toMatch(/timeout|abort/i);
    const retry = await gql<{ createDeployment: { id: string } }>(stack, DEPLOY, { m: FRAUD_MODEL, key: 'dep-1' });
    expect(retry.errors).toBeUndefined();
    expect(calls('mlconnector', /^\/deployment\/add$/, since)).toBe(1);
    const again = await gql<{ createDeployment: { id: string } }>(stack, DEPLOY, { m: FRAUD_MODEL, key: 'dep-1' });
    expect(again.data?.createDeployment.id).toBe(retry.data?.createDeployment.id);
    expect(calls('mlconnector', /^\/deployment\/add$/, since)).toBe(1);
  }, 15_000);
});
