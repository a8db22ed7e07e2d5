/**
 * The demo story across all four trackers (emulators/shared/demoStory.ts, docs/stitching.md): one
 * lineage query walks from a dataset versioned in CMF to the MLConnector deployment serving a model
 * trained on it, crossing every tracker boundary through stitched edges; the cross-tracker fields
 * answer from the same edges.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CMF_SEED_FRAUD_DATASET_MD5 } from '../../emulators/cmf/seed.js';
import { md5Hex } from '../../emulators/comet/ids.js';
import { SEED_DEPLOYMENT_ID, SEED_FRAUD_MODEL_ID, SEED_OPERATION_ID } from '../../emulators/mlconnector/seed.js';
import { demoStory } from '../../emulators/shared/index.js';
import { encodeId } from '../../subgraphs/shared/ids.js';
import { gql, type Stack, startStack } from '../helpers/stack.js';

const DATASET = encodeId({ instance: 'cmf', kind: 'artifact', native: ['fraud-detection', `data/transactions-2026-01.parquet:${CMF_SEED_FRAUD_DATASET_MD5}`] });
const CLEARML_INPUT = encodeId({ instance: 'clearml', kind: 'artifact', native: [demoStory.DEMO_CLEARML_TRAIN_TASK_ID, 'training-data', 'input'] });
const CLEARML_TASK = demoStory.DEMO_LINK_CLEARML_TASK;
const CLEARML_MODEL = demoStory.DEMO_LINK_CLEARML_MODEL;
const COMET_RUN = encodeId({ instance: 'comet', kind: 'experiment', native: [md5Hex(`comet-seed-experiment:${demoStory.DEMO_COMET_RUN_INDEX}`)] });
const COMET_VERSION = encodeId({ instance: 'comet', kind: 'model-version', native: ['switchyard', 'fraud-classifier', '1.1.0'] });
const ML_MODEL = encodeId({ instance: 'mlconnector', kind: 'model', native: [SEED_FRAUD_MODEL_ID] });
const ML_DEPLOYMENT = encodeId({ instance: 'mlconnector', kind: 'deployment', native: [SEED_DEPLOYMENT_ID] });
const ML_OPERATION = encodeId({ instance: 'mlconnector', kind: 'operation', native: [SEED_OPERATION_ID] });

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly relation: string;
  readonly evidence: string | null;
}
interface LineageAnswer {
  readonly root: string;
  readonly nodes: readonly ({ readonly id: string; readonly __typename: string } | null)[];
  readonly edges: readonly Edge[];
  readonly truncated: boolean;
  readonly sources: readonly { readonly source: string; readonly outcome: string }[];
}

const LINEAGE = `query($of: ID!, $direction: LineageDirection!, $depth: Int!) {
  lineage(of: $of, direction: $direction, depth: $depth) {
    root nodes { id __typename } edges { from to relation evidence } truncated sources { source outcome message }
  }
}`;

/** The shortest chain of edges from `from` to `to`, following edges downstream (SAME_AS either way). */
function pathOf(edges: readonly Edge[], from: string, to: string): Edge[] | undefined {
  const via = new Map<string, Edge>();
  const seen = new Set([from]);
  let frontier = [from];
  while (frontier.length > 0 && !seen.has(to)) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of edges) {
        const other = e.from === id ? e.to : e.relation === 'SAME_AS' && e.to === id ? e.from : undefined;
        if (other === undefined || seen.has(other)) continue;
        seen.add(other);
        via.set(other, e);
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!seen.has(to)) return undefined;
  const path: Edge[] = [];
  for (let at = to; at !== from; ) {
    const e = via.get(at) as Edge;
    path.unshift(e);
    at = e.to === at ? e.from : e.to;
  }
  return path;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.close();
});

describe('lineage from dataset to deployment', () => {
  it('walks from the CMF dataset to the MLConnector deployment and its operation in one query', async () => {
    const res = await gql<{ lineage: LineageAnswer }>(stack, LINEAGE, { of: DATASET, direction: 'DOWNSTREAM', depth: 8 });
    expect(res.errors).toBeUndefined();
    const lineage = res.data?.lineage as LineageAnswer;
    const ids = lineage.nodes.map((n) => n?.id);
    for (const id of [DATASET, CLEARML_INPUT, CLEARML_TASK, CLEARML_MODEL, COMET_RUN, COMET_VERSION, ML_MODEL, ML_DEPLOYMENT, ML_OPERATION]) expect(ids).toContain(id);
    expect(lineage.nodes.every((n) => n !== null)).toBe(true);
    expect(lineage.sources).toEqual(['clearml', 'cmf', 'comet', 'mlconnector'].map((source) => expect.objectContaining({ source, outcome: 'OK' })));

    // The chain crosses CMF → ClearML by URI, ClearML → MLConnector by a link tag, then MLConnector's own edges.
    const toOperation = pathOf(lineage.edges, DATASET, ML_OPERATION);
    expect(toOperation?.map((e) => `${e.relation}/${e.evidence}`)).toEqual(['SAME_AS/uri', 'INPUT_OF/native', 'REFERENCES/tag', 'DEPLOYED_AS/native', 'SERVED/native']);
    expect(toOperation?.[0]).toEqual({ from: CLEARML_INPUT, to: DATASET, relation: 'SAME_AS', evidence: 'uri' });
    expect(toOperation?.[2]).toEqual({ from: CLEARML_TASK, to: ML_MODEL, relation: 'REFERENCES', evidence: 'tag' });
    // … and into Comet through the run's tag, then Comet's own run → registry version edge.
    expect(pathOf(lineage.edges, CLEARML_TASK, COMET_VERSION)?.map((e) => e.relation)).toEqual(['REFERENCES', 'OUTPUT_OF']);
  });

  it('walks back upstream from the deployment to the dataset', async () => {
    const res = await gql<{ lineage: LineageAnswer }>(stack, LINEAGE, { of: ML_DEPLOYMENT, direction: 'UPSTREAM', depth: 6 });
    expect(res.errors).toBeUndefined();
    const ids = res.data?.lineage.nodes.map((n) => n?.id);
    for (const id of [ML_MODEL, CLEARML_TASK, CLEARML_INPUT, DATASET]) expect(ids).toContain(id);
    // Downstream-only objects stay out of an upstream walk.
    expect(ids).not.toContain(ML_OPERATION);
    expect(ids).not.toContain(COMET_RUN);
  });
});

describe('cross-tracker fields', () => {
  it("answers an artifact's copies in other trackers and who read them", async () => {
    const res = await gql<{ artifact: { sameAs: ({ id: string } | null)[]; consumedBy: ({ id: string; name: string } | null)[] } }>(
      stack,
      `query($id: ID!) { artifact(id: $id) { sameAs { id } consumedBy { id name } } }`,
      { id: DATASET },
    );
    expect(res.errors).toBeUndefined();
    const sameAs = res.data?.artifact.sameAs.map((a) => a?.id) ?? [];
    expect(sameAs).toContain(CLEARML_INPUT);
    expect(sameAs.every((id) => id?.startsWith('clearml:artifact:'))).toBe(true);
    const readers = res.data?.artifact.consumedBy.map((t) => t?.id) ?? [];
    // CMF's own Prepare execution and, through the copy, ClearML's training task.
    expect(readers).toContain(CLEARML_TASK);
    expect(readers.some((id) => id?.startsWith('cmf:execution:fraud-detection/'))).toBe(true);
  });

  it("lists a model's deployments wherever they live, and a registered copy's producer", async () => {
    const res = await gql<{ model: { deployments: ({ id: string } | null)[] }; copy: { producedBy: { id: string } | null } }>(
      stack,
      `query($id: ID!, $copy: ID!) { model(id: $id) { deployments { id } } copy: model(id: $copy) { producedBy { id } } }`,
      { id: CLEARML_MODEL, copy: ML_MODEL },
    );
    expect(res.errors).toBeUndefined();
    const deployments = res.data?.model.deployments.map((d) => d?.id) ?? [];
    // ClearML's own serving endpoint and the MLConnector deployment of the copy that names this model.
    expect(deployments).toEqual(expect.arrayContaining(['clearml:serving:fraud-detector', ML_DEPLOYMENT]));
    expect(res.data?.copy.producedBy?.id).toBe(CLEARML_TASK);
  });

  it('gives the deployment its model', async () => {
    const res = await gql<{ deployment: { model: { id: string } | null } }>(stack, `query($id: ID!) { deployment(id: $id) { model { id } } }`, { id: ML_DEPLOYMENT });
    expect(res.errors).toBeUndefined();
    expect(res.data?.deployment.model?.id).toBe(ML_MODEL);
  });
});
