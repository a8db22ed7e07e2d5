/**
 * Comet as a first-class source through the gateway: registry versions and experiment models as
 * models, artifact versions and assets as artifacts, the lineage the catalog builds from Comet's edges,
 * and the writes Comet takes, read back through GraphQL.
 */
import { demoStory } from '../../emulators/shared/index.js';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectCleanErrors, expectGraphQLError, gql, type Stack, startStack } from '../helpers/stack.js';

const key = (j: number) => createHash('md5').update(`comet-seed-experiment:${j}`).digest('hex');
const run = (j: number) => `comet:experiment:${key(j)}`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ trackers: ['clearml', 'comet'] });
});
afterAll(async () => {
  await stack.close();
});

interface ModelNode {
  id: string;
  name: string;
  version: string | null;
  stages: string[] | null;
  producedBy: { id: string } | null;
}

describe('Comet models and artifacts', () => {
  it('lists registry versions and experiment models, with stages and semver versions', async () => {
    const res = await gql<{ models: { edges: { node: ModelNode & { __typename: string } }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      `{ models(first: 50, filter: { sources: ["comet"] }) { edges { node { __typename id name version stages } } sources { source outcome } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.models.sources).toEqual([{ source: 'comet', outcome: 'OK' }]);
    const versions = res.data?.models.edges.map((e) => e.node).filter((n) => n.__typename === 'CometModelVersion') ?? [];
    expect(versions.map((v) => `${v.name}@${v.version ?? ''}:${(v.stages ?? []).join(',')}`).sort()).toEqual(['churn-predictor@1.0.0:staging', 'fraud-classifier@1.0.0:production', 'fraud-classifier@1.1.0:staging']);
    expect(res.data?.models.edges.some((e) => e.node.__typename === 'CometExperimentModel')).toBe(true);
    const produced = await gql<{ models: { edges: { node: { version: string; producedBy: { id: string } | null } }[] } }>(
      stack,
      `{ models(first: 10, filter: { sources: ["comet"], nameContains: "fraud-classifier" }) { edges { node { version producedBy { id } } } } }`,
    );
    const byVersion = Object.fromEntries((produced.data?.models.edges ?? []).filter((e) => e.node.version).map((e) => [e.node.version, e.node.producedBy?.id]));
    expect(byVersion).toEqual({ '1.0.0': run(10), '1.1.0': run(15) });
  });

  it('filters models by stage across trackers', async () => {
    const res = await gql<{ models: { edges: { node: { id: string; stages: string[] } }[] } }>(stack, `{ models(first: 50, filter: { stages: ["production"] }) { edges { node { id stages } } } }`);
    expect(res.errors).toBeUndefined();
    const ids = res.data?.models.edges.map((e) => e.node.id) ?? [];
    expect(ids.some((i) => i.startsWith('comet:model-version:'))).toBe(true);
    expect(res.data?.models.edges.every((e) => e.node.stages.includes('production'))).toBe(true);
  });

  it('gives artifact versions their producer and consumers', async () => {
    const res = await gql<{ artifacts: { edges: { node: { id: string; name: string; producedBy: { id: string }[]; consumedBy: { id: string }[]; version?: string } }[] } }>(
      stack,
      `{ artifacts(first: 100, filter: { sources: ["comet"], nameContains: "fraud-transactions" }) { edges { node { id name producedBy { id } consumedBy { id } ... on CometArtifactVersion { version } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const v1 = res.data?.artifacts.edges.find((e) => e.node.version === '1.0.0')?.node;
    expect(v1?.producedBy.map((t) => t.id)).toEqual([run(3)]);
    expect(v1?.consumedBy.map((t) => t.id).sort()).toEqual([run(6), run(10)].sort());
  });
});

describe('Comet lineage', () => {
  it('walks from a registry version back through the experiment model to the run and its input data', async () => {
    const versions = await gql<{ models: { edges: { node: { id: string; name: string; version: string } }[] } }>(
      stack,
      `{ models(first: 50, filter: { sources: ["comet"], nameContains: "fraud-classifier" }) { edges { node { id name version } } } }`,
    );
    const v110 = versions.data?.models.edges.find((e) => e.node.version === '1.1.0')?.node.id ?? '';
    const res = await gql<{ lineage: { nodes: ({ id: string } | null)[]; edges: { from: string; to: string; relation: string }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      `query($id: ID!) { lineage(of: $id, direction: UPSTREAM, depth: 5) { nodes { id } edges { from to relation } sources { source outcome } } }`,
      { id: v110 },
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data?.lineage.nodes.map((n) => n?.id) ?? [];
    // version ← experiment model ← run 15 ← fraud-transactions 2.0.0 ← run 9
    expect(ids).toContain(run(15));
    expect(ids).toContain(run(9));
    expect(res.data?.lineage.edges.some((e) => e.relation === 'VERSION_OF' && e.to === v110)).toBe(true);
    // Run 15's tag names the demo story's ClearML task, so the walk crosses into ClearML (docs/stitching.md).
    expect(ids).toContain(demoStory.DEMO_LINK_CLEARML_TASK);
    expect(res.data?.lineage.edges).toContainEqual({ from: demoStory.DEMO_LINK_CLEARML_TASK, to: run(15), relation: 'REFERENCES' });
    expect(res.data?.lineage.sources).toEqual([
      { source: 'clearml', outcome: 'OK' },
      { source: 'comet', outcome: 'OK' },
    ]);
  });

  it('lists a run\'s models and artifacts through the cross fields', async () => {
    const res = await gql<{ task: { models: { id: string }[]; inputs: { id: string }[] } }>(stack, `query($id: ID!) { task(id: $id) { models(role: OUTPUT) { id } inputs: artifacts(role: INPUT) { id } } }`, { id: run(15) });
    expect(res.errors).toBeUndefined();
    expect(res.data?.task.models.some((m) => m.id.startsWith('comet:experiment-model:'))).toBe(true);
    expect(res.data?.task.inputs.some((a) => a.id.startsWith('comet:artifact-version:'))).toBe(true);
  });
});

describe('Comet writes through GraphQL', () => {
  it('creates a run once per idempotency key, logs to it, tags and stops it, and reads it back', async () => {
    const create = `mutation { createTask(input: { source: "comet", project: "gql-comet", name: "gql-run", idempotencyKey: "c-1" }) { id task { name project } } }`;
    const first = await gql<{ createTask: { id: string; task: { name: string; project: string } | null } }>(stack, create);
    expect(first.errors).toBeUndefined();
    const again = await gql<{ createTask: { id: string } }>(stack, create);
    expect(again.data?.createTask.id).toBe(first.data?.createTask.id);
    const id = first.data?.createTask.id ?? '';

    const logged = await gql<{ logMetrics: { accepted: number } }>(stack, `mutation($id: ID!) { logMetrics(taskId: $id, points: [{ name: "acc", value: 0.5, step: 1 }, { name: "acc", value: 0.7, step: 2 }]) { accepted } }`, { id });
    expect(logged.data?.logMetrics.accepted).toBe(2);
    await gql(stack, `mutation($id: ID!) { logParameters(taskId: $id, parameters: [{ name: "lr", value: "0.1" }]) { id } }`, { id });
    await gql(stack, `mutation($id: ID!) { addTags(id: $id, tags: ["gql"]) { id } }`, { id });
    const stopped = await gql(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: STOPPED) { id } }`, { id });
    expect(stopped.errors).toBeUndefined();
    const read = await gql<{ task: { tags: string[]; parameters: { name: string; value: string }[]; metricSeries: { points: { step: number; value: number }[] } } }>(
      stack,
      `query($id: ID!) { task(id: $id) { tags parameters { name value } metricSeries(name: "acc") { points { step value } } } }`,
      { id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.task.tags).toContain('gql');
    expect(read.data?.task.parameters).toContainEqual({ name: 'lr', value: '0.1' });
    expect(read.data?.task.metricSeries.points).toEqual([{ step: 1, value: 0.5 }, { step: 2, value: 0.7 }]);
    const archived = await gql<{ setTaskArchived: { task: { archived: boolean } } }>(stack, `mutation($id: ID!) { setTaskArchived(taskId: $id, archived: true) { task { archived } } }`, { id });
    expect(archived.data?.setTaskArchived.task.archived).toBe(true);
  });

  it('answers NOT_SUPPORTED_BY_SOURCE for what Comet cannot do', async () => {
    const res = await gql(stack, `mutation($id: ID!) { setTaskStatus(taskId: $id, status: QUEUED) { id } }`, { id: run(1) });
    expectGraphQLError(res, 'NOT_SUPPORTED_BY_SOURCE', 'comet');
    expectCleanErrors(res);
  });
});
