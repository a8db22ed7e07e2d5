/**
 * ClearML as a first-class source through the gateway: models, artifacts, serving endpoints as
 * deployments, the cross fields and lineage the catalog builds from ClearML's native edges, and every
 * write, read back through GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildClearMLSeed } from '../../emulators/clearml/index.js';
import { expectCleanErrors, expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

const seed = buildClearMLSeed();
const taskNamed = (name: string) => {
  const t = seed.tasks.find((x) => x['name'] === name);
  if (!t) throw new Error(`seed has no task ${name}`);
  return t;
};
const outputModel = (task: Record<string, unknown>) => String(((task['models'] as { output: { model: string }[] }).output[0] as { model: string }).model);
const t032 = taskNamed('train-xgb-032');
const t044 = taskNamed('train-xgb-044');
const t056 = taskNamed('train-xgb-056');
const id = (kind: string, native: unknown) => `clearml:${kind}:${String(native)}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
});
afterAll(async () => {
  await stack.close();
});

describe('ClearML models, artifacts and deployments', () => {
  it('lists ClearML models with who produced them', async () => {
    const res = await gql<{ models: { edges: { node: { id: string; name: string; framework: string; stages: string[]; producedBy: { id: string } | null } }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      `{ models(first: 50, filter: { sources: ["clearml"] }) { edges { node { id name framework stages producedBy { id } } } sources { source outcome } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.models.edges).toHaveLength(seed.models.length);
    expect(res.data?.models.sources).toEqual([{ source: 'clearml', outcome: 'OK' }]);
    const m032 = res.data?.models.edges.find((e) => e.node.id === id('model', outputModel(t032)));
    expect(m032?.node.producedBy?.id).toBe(id('task', t032['id']));
    expect(res.data?.models.edges.every((e) => e.node.stages.includes('published') || e.node.stages.includes('draft'))).toBe(true);
  });

  it('serves deployments with the model they serve, and the model with its deployments', async () => {
    const res = await gql<{ deployments: { edges: { node: { id: string; name: string; status: string; endpoint: string; model: { id: string; name: string } | null } }[] } }>(
      stack,
      `{ deployments(first: 10) { edges { node { id name status endpoint model { id name } } } sources { source outcome } } }`,
    );
    expect(res.errors).toBeUndefined();
    // Comet has no deployments: it is skipped, with no error.
    expect((res.data?.deployments as unknown as { sources: unknown[] }).sources).toEqual([
      { source: 'clearml', outcome: 'OK' },
      { source: 'comet', outcome: 'SKIPPED' },
    ]);
    const byName = Object.fromEntries((res.data?.deployments.edges ?? []).map((e) => [e.node.name, e.node]));
    expect(Object.keys(byName).sort()).toEqual(['churn-scorer', 'fraud-detector']);
    expect(byName['churn-scorer']?.model?.name).toBe('train-xgb-044-model');
    expect(byName['fraud-detector']?.status).toBe('RUNNING');
    const model = await gql<{ model: { deployments: { name: string }[] } }>(stack, `query($id: ID!) { model(id: $id) { deployments { name } } }`, { id: id('model', outputModel(t044)) });
    expect(model.data?.model.deployments.map((d) => d.name)).toEqual(['churn-scorer']);
  });

  it('reads an artifact and a deployment by id, and answers NOT_FOUND for absent ones', async () => {
    const list = await gql<{ artifacts: { edges: { node: { id: string; name: string } }[] }; deployments: { edges: { node: { id: string; name: string } }[] } }>(
      stack,
      `{ artifacts(first: 1) { edges { node { id name } } } deployments(first: 1) { edges { node { id name } } } }`,
    );
    const artifact = list.data?.artifacts.edges[0]?.node;
    const deployment = list.data?.deployments.edges[0]?.node;
    const byId = await gql<{ artifact: { id: string; name: string }; deployment: { id: string; name: string } }>(
      stack,
      `query($a: ID!, $d: ID!) { artifact(id: $a) { id name } deployment(id: $d) { id name } }`,
      { a: artifact?.id, d: deployment?.id },
    );
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual({ artifact, deployment });
    const missing = await gql<{ deployment: unknown }>(stack, `{ deployment(id: "clearml:serving:no-such-endpoint") { id } }`);
    expect(missing.data?.deployment).toBeNull();
    expectGraphQLError(missing, 'NOT_FOUND', 'clearml');
    expectGraphQLError(await gql(stack, `query($id: ID!) { model(id: $id) { id } }`, { id: id('task', t032['id']) }), 'BAD_USER_INPUT');
  });

  it('lists artifacts with content hashes, and who produced and consumed them', async () => {
    const res = await gql<{ artifacts: { edges: { node: { id: string; name: string; hash: string | null; size: number; producedBy: { id: string }[]; consumedBy: { id: string }[] } }[] } }>(
      stack,
      `{ artifacts(first: 20) { edges { node { id name hash size producedBy { id } consumedBy { id } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.artifacts.edges.map((e) => e.node) ?? [];
    expect(nodes.length).toBe(20);
    expect(nodes.every((n) => n.hash === null || /^sha256:[0-9a-f]{64}$/.test(n.hash))).toBe(true);
    expect(nodes.some((n) => n.producedBy.length > 0)).toBe(true);
    expect(nodes.some((n) => n.consumedBy.length > 0)).toBe(true);
  });
});

describe('ClearML lineage', () => {
  it('follows input and output models and the parent task on a task', async () => {
    const res = await gql<{ task: { inputs: { id: string }[]; outputs: { id: string }[]; parent: { id: string } | null } }>(
      stack,
      `query($id: ID!) { task(id: $id) { inputs: models(role: INPUT) { id } outputs: models(role: OUTPUT) { id } parent { id } } }`,
      { id: id('task', t044['id']) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.task.inputs.map((m) => m.id)).toEqual([id('model', outputModel(t032))]);
    expect(res.data?.task.outputs.map((m) => m.id)).toEqual([id('model', outputModel(t044))]);
  });

  it('walks the model chain upstream, depth-capped, and says when it was cut short', async () => {
    const q = `query($of: ID!, $depth: Int) { lineage(of: $of, direction: UPSTREAM, depth: $depth) { root nodes { id } edges { from to relation evidence } truncated sources { source outcome } } }`;
    const deep = await gql<{ lineage: { nodes: { id: string }[]; edges: { from: string; to: string; relation: string }[]; truncated: boolean; sources: { source: string; outcome: string }[] } }>(stack, q, { of: id('task', t056['id']), depth: 10 });
    expect(deep.errors).toBeUndefined();
    const ids = deep.data?.lineage.nodes.map((n) => n.id) ?? [];
    for (const expected of [id('model', outputModel(t044)), id('task', t044['id']), id('model', outputModel(t032)), id('task', t032['id'])]) expect(ids).toContain(expected);
    expect(deep.data?.lineage.edges).toContainEqual({ from: id('model', outputModel(t044)), to: id('task', t056['id']), relation: 'INPUT_OF', evidence: 'native' });
    expect(deep.data?.lineage.edges).toContainEqual({ from: id('task', t044['id']), to: id('model', outputModel(t044)), relation: 'OUTPUT_OF', evidence: 'native' });
    expect(deep.data?.lineage.sources).toEqual([{ source: 'clearml', outcome: 'OK' }]);
    const shallow = await gql<{ lineage: { nodes: unknown[]; truncated: boolean } }>(stack, q, { of: id('task', t056['id']), depth: 1 });
    expect(shallow.data?.lineage.nodes).toHaveLength(2);
    expect(shallow.data?.lineage.truncated).toBe(true);
    expect(deep.data?.lineage.truncated).toBe(false);
    expectGraphQLError(await gql(stack, q, { of: id('task', t056['id']), depth: 0 }), 'BAD_USER_INPUT');
  });
});

describe('ClearML writes through GraphQL', () => {
  it('creates a task once per idempotency key, logs to it, moves it through its states and reads it back', async () => {
    const create = `mutation($key: String) { createTask(input: { source: "clearml", project: "graphql-writes", name: "gql-task", tags: ["gql"], idempotencyKey: $key }) { id task { name project status tags } } }`;
    const first = await gql<{ createTask: { id: string; task: { name: string; project: string; status: string } } }>(stack, create, { key: 'k-1' });
    expect(first.errors).toBeUndefined();
    expect(first.data?.createTask.task).toMatchObject({ name: 'gql-task', project: 'graphql-writes', status: 'CREATED' });
    const again = await gql<{ createTask: { id: string } }>(stack, create, { key: 'k-1' });
    expect(again.data?.createTask.id).toBe(first.data?.createTask.id);
    const taskId = first.data?.createTask.id ?? '';

    const logged = await gql<{ logMetrics: { accepted: number; rejected: unknown[] } }>(
      stack,
      `mutation($id: ID!) { logMetrics(taskId: $id, points: [{ name: "loss", variant: "train", value: 0.9, step: 0 }, { name: "loss", variant: "train", value: 0.4, step: 1 }]) { accepted rejected { index reason } } }`,
      { id: taskId },
    );
    expect(logged.data?.logMetrics).toEqual({ accepted: 2, rejected: [] });
    await gql(stack, `mutation($id: ID!) { logParameters(taskId: $id, parameters: [{ section: "General", name: "lr", value: "0.01" }]) { id } }`, { id: taskId });
    const running = await gql<{ setTaskStatus: { task: { status: string } } }>(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: RUNNING) { task { status } } }`, { id: taskId });
    expect(running.data?.setTaskStatus.task.status).toBe('RUNNING');
    const read = await gql<{ task: { parameters: unknown[]; metrics: { last: number }[]; metricSeries: { points: { step: number; value: number }[] } } }>(
      stack,
      `query($id: ID!) { task(id: $id) { parameters { section name value } metrics { name variant last } metricSeries(name: "loss", variant: "train") { points { step value } } } }`,
      { id: taskId },
    );
    expect(read.data?.task.parameters).toEqual([{ section: 'General', name: 'lr', value: '0.01' }]);
    expect(read.data?.task.metricSeries.points).toEqual([{ step: 0, value: 0.9 }, { step: 1, value: 0.4 }]);

    const completed = await gql(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: COMPLETED) { id } }`, { id: taskId });
    expect(completed.errors).toBeUndefined();
    const illegal = await gql<{ setTaskStatus: unknown }>(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: QUEUED) { id } }`, { id: taskId });
    expectGraphQLError(illegal, 'CONFLICT', 'clearml');
    expectCleanErrors(illegal);
    const archived = await gql<{ setTaskArchived: { task: { archived: boolean } } }>(stack, `mutation($id: ID!) { setTaskArchived(taskId: $id, archived: true) { task { archived } } }`, { id: taskId });
    expect(archived.data?.setTaskArchived.task.archived).toBe(true);
  });

  it('registers a model produced by a task, tags it, publishes it', async () => {
    const reg = await gql<{ registerModel: { id: string; model: { name: string; version: string; producedBy: { id: string } } } }>(
      stack,
      `mutation($task: ID!) { registerModel(input: { source: "clearml", name: "gql-model", version: "2.0.0", framework: "XGBoost", uri: "s3://b/gql.json", producedBy: $task }) { id model { name version producedBy { id } } } }`,
      { task: id('task', t032['id']) },
    );
    expect(reg.errors).toBeUndefined();
    expect(reg.data?.registerModel.model).toEqual({ name: 'gql-model', version: '2.0.0', producedBy: { id: id('task', t032['id']) } });
    const modelId = reg.data?.registerModel.id ?? '';
    const tagged = await gql<{ addTags: { node: { tags: string[] } } }>(stack, `mutation($id: ID!) { addTags(id: $id, tags: ["candidate"]) { node { ... on Model { tags } } } }`, { id: modelId });
    expect(tagged.data?.addTags.node.tags).toContain('candidate');
    const staged = await gql<{ setModelStages: { model: { stages: string[] } } }>(stack, `mutation($id: ID!) { setModelStages(modelId: $id, stages: ["published"]) { model { stages } } }`, { id: modelId });
    expect(staged.data?.setModelStages.model.stages).toContain('published');
  });

  it('refuses writes it cannot route: unknown sources, wrong kinds, and sources without the write', async () => {
    expectGraphQLError(await gql(stack, `mutation { createTask(input: { source: "nope", project: "p", name: "n" }) { id } }`), 'BAD_USER_INPUT');
    expectGraphQLError(await gql(stack, `mutation($id: ID!) { setModelStages(modelId: $id, stages: ["x"]) { id } }`, { id: id('task', t032['id']) }), 'BAD_USER_INPUT');
    // Comet can only stop a run: other status changes are not supported there.
    const cometRun = await gql<{ tasks: { edges: { node: { id: string } }[] } }>(stack, `{ tasks(first: 1, filter: { sources: ["comet"] }) { edges { node { id } } } }`);
    const running = await gql(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: RUNNING) { id } }`, { id: cometRun.data?.tasks.edges[0]?.node.id });
    expectGraphQLError(running, 'NOT_SUPPORTED_BY_SOURCE', 'comet');
  });
});

describe('deployments through GraphQL', () => {
  it('answers NOT_SUPPORTED_BY_SOURCE where the tracker cannot deploy, predict or delete', async () => {
    const model = id('model', outputModel(t032));
    expectGraphQLError(await gql(stack, `mutation($m: ID!) { createDeployment(input: { source: "clearml", modelId: $m }) { id } }`, { m: model }), 'NOT_SUPPORTED_BY_SOURCE', 'clearml');
    expectGraphQLError(await gql(stack, `mutation { predict(deploymentId: "clearml:serving:fraud-detector", data: { x: 1 }) { prediction } }`), 'NOT_SUPPORTED_BY_SOURCE', 'clearml');
    expectGraphQLError(await gql(stack, `mutation($m: ID!) { createDeployment(input: { source: "comet", modelId: $m }) { id } }`, { m: model }), 'BAD_USER_INPUT');
    expectGraphQLError(await gql(stack, `mutation($m: ID!) { deleteDeployment(id: $m) { id } }`, { m: model }), 'BAD_USER_INPUT');
  });
});
