import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { SEED_DEPLOYMENT_ID, SEED_FRAUD_MODEL_ID, SEED_OPERATION_ID } from '../../../emulators/mlconnector/index.js';
import { errorCodeOf } from '../../shared/errors.js';
import type { MatchRequest } from '../../shared/stitch.js';
import { CTX, type Harness, startHarness } from './harness.js';

const CLEARML_TASK = 'clearml:task:0123456789abcdef0123456789abcdef';
const COMET_EXPERIMENT = 'comet:experiment:abc123def456';
const CMF_EXECUTION = 'cmf:execution:fraud-detection/3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f';
const seedDep = `mlc:deployment:${SEED_DEPLOYMENT_ID}`;
const seedOp = `mlc:operation:${SEED_OPERATION_ID}`;

/** POST /model/add straight to the emulator with what the real server needs; the model's global id. */
async function addModel(h: Harness, name: string, tags: readonly string[], inference: readonly { type: string; value: string | null }[] = []): Promise<string> {
  const res = await fetch(`${h.emulator.url}/model/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelname: name, modelkind: 'classification', hyperparameter: [{ parameter: 'depth', value: 3 }], trainingresource: [], modeltags: tags, inference, drift_detection: null }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { modelid: string };
  return `mlc:model:${body.modelid}`;
}

const matchReq = (parts: Partial<Omit<MatchRequest, 'instance'>>): MatchRequest => ({ instance: 'mlc', hashes: [], uris: [], links: [], ...parts });

async function errorOf(p: Promise<unknown>): Promise<GraphQLError | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof GraphQLError ? err : undefined;
  }
}

describe('MLConnector stitching keys and match over the emulator', () => {
  let h: Harness;
  let tagged: string;
  let alsoTagged: string;
  beforeAll(async () => {
    h = await startHarness();
    tagged = await addModel(h, 'stitch-a', ['plain', 'version:2', CLEARML_TASK, COMET_EXPERIMENT, CLEARML_TASK], [
      { type: 'link', value: CMF_EXECUTION },
      { type: 'data', value: null },
    ]);
    alsoTagged = await addModel(h, 'stitch-b', [CLEARML_TASK]);
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    h.emulator.faults.reset();
    h.source.instance('mlc').invalidate();
  });

  it('returns keys with edges for every requested id the snapshot has, links from tags and inference values', async () => {
    const res = await h.contract.edges({ instance: 'mlc', ids: [tagged, seedDep, seedOp, 'mlc:model:missing', `mlc:file:${SEED_FRAUD_MODEL_ID}/model`, tagged], direction: 'BOTH' }, CTX);
    expect(res.keys).toEqual([
      // No hashes or uris: MLModel has no digest or location field. Non-reference tags are dropped.
      { id: tagged, hashes: [], uris: [], links: [CLEARML_TASK, COMET_EXPERIMENT, CMF_EXECUTION] },
      { id: seedDep, hashes: [], uris: [], links: [] },
      { id: seedOp, hashes: [], uris: [], links: [] },
    ]);
    expect(res.edges).toEqual(expect.arrayContaining([{ from: seedDep, to: seedOp, relation: 'SERVED', evidence: 'native' }]));
  });

  it('reads keys from the snapshot edges already loads: no extra backend call', async () => {
    h.emulator.clearRequests();
    await h.contract.edges({ instance: 'mlc', ids: [seedDep], direction: 'BOTH' }, CTX);
    const built = h.emulator.requests.map((r) => r.path).sort();
    expect(built).toEqual(['/deployment/all', '/deployment/get/opos/agent-1', '/deployment/get/opos/switchyard', '/model/all']);
    h.emulator.clearRequests();
    const again = await h.contract.edges({ instance: 'mlc', ids: [tagged, alsoTagged], direction: 'UPSTREAM' }, CTX);
    expect(again.keys?.map((k) => k.id)).toEqual([tagged, alsoTagged]);
    expect(h.emulator.requests).toEqual([]);
  });

  it('a model registered with producedBy carries that reference as a link', async () => {
    const created = await h.contract.write({ op: 'registerModel', instance: 'mlc', name: 'stitch-c', producedBy: COMET_EXPERIMENT, uri: 's3://models/c.pkl' }, CTX);
    const res = await h.contract.edges({ instance: 'mlc', ids: [created.id], direction: 'BOTH' }, CTX);
    // `uri:` is a Switchyard tag, not an MLConnector location field: it is no uri key.
    expect(res.keys).toEqual([{ id: created.id, hashes: [], uris: [], links: ['uri:s3://models/c.pkl', COMET_EXPERIMENT] }]);
    const hit = await h.contract.match(matchReq({ links: [COMET_EXPERIMENT] }), CTX);
    expect(hit.matches).toEqual([
      { id: tagged, by: 'link', value: COMET_EXPERIMENT },
      { id: created.id, by: 'link', value: COMET_EXPERIMENT },
    ]);
  });

  it('matches by link exactly, every object holding it, from one snapshot read', async () => {
    h.emulator.clearRequests();
    const res = await h.contract.match(matchReq({ links: [CLEARML_TASK] }), CTX);
    expect(res).toEqual({
      matches: [
        { id: tagged, by: 'link', value: CLEARML_TASK },
        { id: alsoTagged, by: 'link', value: CLEARML_TASK },
      ],
    });
    expect(h.emulator.requests.filter((r) => r.path === '/model/all')).toHaveLength(1);
    const near = await h.contract.match(matchReq({ links: [CLEARML_TASK.toUpperCase(), CLEARML_TASK.slice(0, -1), 'cmf:execution:fraud-detection'] }), CTX);
    expect(near.matches).toEqual([]);
  });

  it('answers several keys at once, once per key an object carries, values as asked', async () => {
    const res = await h.contract.match(matchReq({ hashes: ['sha256:' + 'a'.repeat(64)], uris: ['s3://models/c.pkl'], links: [CMF_EXECUTION, CLEARML_TASK, 'mlc:model:nope'] }), CTX);
    expect(res.partial).toBeUndefined();
    expect(res.matches).toEqual([
      { id: tagged, by: 'link', value: CLEARML_TASK },
      { id: tagged, by: 'link', value: CMF_EXECUTION },
      { id: alsoTagged, by: 'link', value: CLEARML_TASK },
    ]);
  });

  it('never matches by hash or uri (no object carries one) and reads nothing for them', async () => {
    h.emulator.clearRequests();
    const res = await h.contract.match(matchReq({ hashes: ['md5:' + '0'.repeat(32)], uris: ['s3://models/c.pkl', 'http://127.0.0.1/inference/x'] }), CTX);
    expect(res).toEqual({ matches: [] });
    expect(h.emulator.requests).toEqual([]);
  });

  it('costs nothing for an empty request', async () => {
    h.emulator.clearRequests();
    expect(await h.contract.match(matchReq({}), CTX)).toEqual({ matches: [] });
    expect(h.emulator.requests).toEqual([]);
  });

  it('surfaces a failing backend as a coded error naming the source; unknown instances are the caller’s mistake', async () => {
    h.emulator.faults.set([{ match: '/model/all', status: 500 }]);
    const err = await errorOf(h.contract.match(matchReq({ links: [CLEARML_TASK] }), CTX));
    expect(errorCodeOf(err)).toBe('SOURCE_ERROR');
    expect(err?.extensions['source']).toBe('mlc');
    expect(errorCodeOf(await errorOf(h.contract.edges({ instance: 'mlc', ids: [tagged], direction: 'BOTH' }, CTX)))).toBe('SOURCE_ERROR');
    h.emulator.faults.reset();
    expect(errorCodeOf(await errorOf(h.contract.match({ instance: 'nope', hashes: [], uris: [], links: [CLEARML_TASK] }, CTX)))).toBe('BAD_USER_INPUT');
  });
});
