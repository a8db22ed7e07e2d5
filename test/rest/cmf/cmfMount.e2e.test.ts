/**
 * The /cmf mount, judged by cmflib's recorded push → uploads → push → pull and the mcp reads (only the
 * base URL changes), then what was pushed read back through GraphQL: executions, artifacts, models and
 * the lineage between them; and the pushMetadata mutation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mlmdDocument } from '../../../bench/mlmdDocument.js';
import { recorded, replay } from '../../helpers/cmflibReplay.js';
import { expectGraphQLError, gql, type Stack, startStack } from '../../helpers/stack.js';
import type { Answer } from '../../contract/cmf/helpers.js';

let stack: Stack;
let answers: Answer[] = [];
beforeAll(async () => {
  // An empty CMF, so the recorded first push is new (the demo seed already holds Test-env).
  stack = await startStack({ trackers: ['cmf'], seedEmulators: false });
  answers = await replay(stack.gateway.url, recorded('cmflib-push-pull-and-mcp-reads.jsonl'), (p) => p);
});
afterAll(async () => {
  await stack.close();
});

interface Task {
  id: string;
  name: string;
  project: string;
  status: string;
  parameters: { name: string; value: string }[];
}

describe('/cmf with cmflib', () => {
  it('answers the recorded sequence as CMF does, through /cmf/api', () => {
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200]);
    expect([answers[0]?.json, answers[3]?.json]).toEqual([{ status: 'success' }, { status: 'exists' }]);
    expect(answers[6]?.contentType).toBe('text/html; charset=utf-8');
    expect(answers[7]?.json).toEqual(['Test-env']);
  });

  it('shows what was pushed through GraphQL: executions, their parameters, artifacts, models and lineage', async () => {
    const tasks = await gql<{ tasks: { edges: { node: Task }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      `{ tasks(first: 20, filter: { sources: ["cmf"] }) { edges { node { id name project status parameters { name value } } } sources { source outcome } } }`,
    );
    expect(tasks.errors).toBeUndefined();
    const nodes = tasks.data?.tasks.edges.map((e) => e.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((t) => t.project === 'Test-env' && t.status === 'UNKNOWN' && t.id.startsWith('cmf:execution:Test-env/'))).toBe(true);
    expect(nodes.map((t) => t.name)).toContain(nodes.find((t) => /^Prepare_/.test(t.name))?.name);

    const models = await gql<{ models: { edges: { node: { id: string; name: string; framework: string | null; producedBy: { id: string } | null } }[] } }>(
      stack,
      `{ models(first: 10, filter: { sources: ["cmf"] }) { edges { node { id name framework producedBy { id } } } } }`,
    );
    expect(models.errors).toBeUndefined();
    const model = models.data?.models.edges[0]?.node;
    expect(model?.id).toMatch(/^cmf:model:Test-env\//);
    expect(model?.producedBy?.id).toMatch(/^cmf:execution:Test-env\//);

    const lineage = await gql<{ lineage: { nodes: ({ id: string } | null)[]; edges: { relation: string }[]; sources: { source: string; outcome: string }[] } }>(
      stack,
      `query($id: ID!) { lineage(of: $id, direction: UPSTREAM, depth: 10) { nodes { id } edges { relation } sources { source outcome } } }`,
      { id: model?.id },
    );
    expect(lineage.errors).toBeUndefined();
    const ids = lineage.data?.lineage.nodes.map((n) => n?.id) ?? [];
    expect(ids.some((i) => i?.startsWith('cmf:artifact:Test-env/'))).toBe(true);
    expect(ids.filter((i) => i?.startsWith('cmf:execution:')).length).toBeGreaterThan(1);
    expect(new Set(lineage.data?.lineage.edges.map((e) => e.relation))).toEqual(new Set(['INPUT_OF', 'OUTPUT_OF']));
    expect(lineage.data?.lineage.sources).toEqual([{ source: 'cmf', outcome: 'OK' }]);
  });

  it('gives artifacts md5 hashes and who produced and consumed them', async () => {
    const res = await gql<{ artifacts: { edges: { node: { id: string; hash: string | null; type: string; producedBy: unknown[]; consumedBy: unknown[] } }[] } }>(
      stack,
      `{ artifacts(first: 50, filter: { sources: ["cmf"], types: ["Dataset"] }) { edges { node { id hash type producedBy { id } consumedBy { id } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data?.artifacts.edges.map((e) => e.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.type === 'Dataset' && /^md5:[0-9a-f]{32}$/.test(n.hash ?? ''))).toBe(true);
    expect(nodes.some((n) => n.consumedBy.length > 0)).toBe(true);
  });
});

describe('pushMetadata', () => {
  it('pushes a pipeline through GraphQL, answers success then exists, and the executions read back', async () => {
    const mlmd = mlmdDocument('gql-pipeline', 20_000);
    const q = `mutation($mlmd: JSON!) { pushMetadata(source: "cmf", pipeline: "gql-pipeline", mlmd: $mlmd) { status pipeline tasks { id name project } } }`;
    const first = await gql<{ pushMetadata: { status: string; pipeline: string; tasks: { id: string; project: string }[] } }>(stack, q, { mlmd });
    expect(first.errors).toBeUndefined();
    expect(first.data?.pushMetadata.status).toBe('success');
    expect(first.data?.pushMetadata.tasks.length).toBeGreaterThan(0);
    expect(first.data?.pushMetadata.tasks.every((t) => t.project === 'gql-pipeline')).toBe(true);
    const again = await gql<{ pushMetadata: { status: string } }>(stack, q, { mlmd });
    expect(again.data?.pushMetadata.status).toBe('exists');
  });

  it('refuses a malformed document, and writes CMF does not have', async () => {
    expectGraphQLError(await gql(stack, `mutation { pushMetadata(source: "cmf", pipeline: "p", mlmd: [1]) { status } }`), 'BAD_USER_INPUT');
    expectGraphQLError(await gql(stack, `mutation { pushMetadata(source: "cmf", pipeline: "p", mlmd: { Pipeline: [] }) { status } }`), 'BAD_USER_INPUT', 'cmf');
    expectGraphQLError(await gql(stack, `mutation { createTask(input: { source: "cmf", project: "p", name: "n" }) { id } }`), 'NOT_SUPPORTED_BY_SOURCE', 'cmf');
  });
});
