/**
 * Stitching keys with `edges` and the contract's `match`, against the emulator: the seed's datasets
 * (every fraud-detection task reads the same parquet file, same uri and digest) plus tasks, a model and
 * an artifact written here with link tags and oddly spelled locations.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCodeOf } from '../../shared/errors.js';
import type { WriteRequest } from '../../shared/sourceContract.js';
import type { MatchHit, MatchRequest, MatchResponse, StitchKeys } from '../../shared/stitch.js';
import { ARTIFACT_TASK_BUDGET } from '../artifactListing.js';
import { isRecord } from '../connector/index.js';
import { uriPattern } from '../stitch.js';
import { artifactId, ctx, type Harness, modelId, startHarness } from './harness.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DATASET = 's3://switchyard-demo/datasets/fraud-detection/transactions-2026-01.parquet';
const DATASET_HASH = `sha256:${sha256(`switchyard-demo:dataset:${DATASET}`)}`;
const COMET = 'comet:experiment:0123456789abcdef';
const MLC = 'mlconnector:model:42';
const WEIGHTS_HEX = sha256('weights');

type Op = WriteRequest extends infer W ? (W extends WriteRequest ? Omit<W, 'instance'> : never) : never;

let h: Harness;
/** Global ids of what beforeAll wrote. */
const made = { task: '', hidden: '', model: '', weights: '' };

beforeAll(async () => {
  h = await startHarness();
  const conn = h.source.instance('clearml').connector;
  const write = (req: Op) => h.contract.write({ ...req, instance: 'clearml' } as WriteRequest, ctx);
  made.task = (await write({ op: 'createTask', project: 'stitching', name: 'consumer', tags: [COMET, 'demo', MLC, '-not-a-link'] })).id;
  made.model = (await write({ op: 'registerModel', project: 'stitching', name: 'stitched', uri: 'S3://Switchyard-Demo//models/churn/model.pkl/?versionId=7', tags: [COMET, 'cmf:execution:demo/9f1c'] })).id;
  const hidden = await conn.call('tasks.create', { name: 'hidden-consumer', type: 'training', tags: [COMET], system_tags: ['hidden'] }, 'write');
  made.hidden = `clearml:task:${isRecord(hidden) ? String(hidden['id']) : ''}`;
  const native = made.task.slice('clearml:task:'.length);
  // The SDK's file digest in upper case, and a location with an escape, a doubled slash and a signature.
  const weights = { key: 'weights', type: 'custom', mode: 'output', uri: 'https://Files.Example.com/a%20b//weights.bin?sig=xyz', hash: WEIGHTS_HEX.toUpperCase() };
  await conn.call('tasks.add_or_update_artifacts', { task: native, artifacts: [weights] }, 'write');
  made.weights = `clearml:artifact:${native}/weights/output`;
  await h.contract.invalidate({ instance: 'clearml' }, ctx);
});
afterAll(async () => {
  await h.close();
});

const match = (req: Partial<Omit<MatchRequest, 'instance'>>): Promise<MatchResponse> => h.contract.match({ instance: 'clearml', hashes: [], uris: [], links: [], ...req }, ctx);
const hit = (id: string, by: MatchHit['by'], value: string): MatchHit => ({ id, by, value });
const sorted = (hits: readonly MatchHit[]) => [...hits].map((x) => `${x.by} ${x.value} ${x.id}`).sort();
/** The backend calls since the last clearRequests, login and project index left out. */
const calls = () => h.em.requests.map((r) => r.path.replace(/^.*\//, '')).filter((c) => c !== 'auth.login' && c !== 'projects.get_all').sort();

/** Ids of the seed's artifacts reading this dataset, from the emulator's own store (archived tasks left out). */
function datasetReaders(uri: string): string[] {
  return h.em.store
    .listTasks()
    .filter((t) => !(Array.isArray(t['system_tags']) && t['system_tags'].includes('archived')))
    .filter((t) => {
      const execution = t['execution'];
      const artifacts = isRecord(execution) && Array.isArray(execution['artifacts']) ? execution['artifacts'] : [];
      return artifacts.some((a) => isRecord(a) && a['uri'] === uri);
    })
    .map((t) => `clearml:artifact:${String(t['id'])}/training-data/input`);
}

describe('ClearML stitching keys with edges', () => {
  it('returns keys for each kind the source has, in request order, absent ids left out', async () => {
    const input = artifactId('prep-features-003', 'training-data', 'input');
    const ids = [made.model, made.task, 'clearml:serving:churn-scorer', made.weights, input, 'clearml:serving:gone', 'clearml:task:ffffffffffffffffffffffffffffffff', 'comet:experiment:x', artifactId('train-xgb-032', 'nope', 'output')];
    const { keys } = await h.contract.edges({ instance: 'clearml', ids, direction: 'UPSTREAM' }, ctx);
    const expected: StitchKeys[] = [
      { id: made.model, hashes: [], uris: ['s3://switchyard-demo/models/churn/model.pkl'], links: ['cmf:execution:demo/9f1c', COMET] },
      // User tags only, and only those shaped like an object reference.
      { id: made.task, hashes: [], uris: [], links: [COMET, MLC] },
      { id: 'clearml:serving:churn-scorer', hashes: [], uris: [], links: [] },
      { id: made.weights, hashes: [`sha256:${WEIGHTS_HEX}`], uris: ['https://files.example.com/a b/weights.bin'], links: [] },
      { id: input, hashes: [DATASET_HASH], uris: [DATASET], links: [] },
    ];
    expect(keys).toEqual(expected);
  });

  it('reads nothing more than edges does, or the cached endpoint list once', async () => {
    await h.contract.invalidate({ instance: 'clearml' }, ctx);
    h.em.clearRequests();
    const up = await h.contract.edges({ instance: 'clearml', ids: [made.task, made.model, made.weights, 'clearml:serving:churn-scorer'], direction: 'UPSTREAM' }, ctx);
    expect(up.keys?.map((k) => k.id)).toEqual([made.task, made.model, made.weights, 'clearml:serving:churn-scorer']);
    // tasks and models by id, the endpoint list and its served model's name: what edges reads anyway.
    expect(calls()).toEqual(['models.get_all', 'models.get_all', 'serving.get_endpoints', 'tasks.get_all']);
    await h.contract.invalidate({ instance: 'clearml' }, ctx);
    h.em.clearRequests();
    const down = await h.contract.edges({ instance: 'clearml', ids: ['clearml:serving:fraud-detector'], direction: 'DOWNSTREAM' }, ctx);
    expect(down).toEqual({ edges: [], keys: [{ id: 'clearml:serving:fraud-detector', hashes: [], uris: [], links: [] }] });
    expect(calls()).toEqual(['serving.get_endpoints']);
  });
});

describe('ClearML match', () => {
  it('finds artifacts by hash in the snapshot, echoing the key as asked', async () => {
    const readers = datasetReaders(DATASET);
    expect(readers).toContain(artifactId('prep-features-003', 'training-data', 'input'));
    expect(readers).not.toContain(artifactId('train-xgb-032', 'training-data', 'input'));
    const out = await match({ hashes: [DATASET_HASH, `SHA256:${WEIGHTS_HEX.toUpperCase()}`, 'sha256:00000000000000000000000000000000000000000000000000000000000000aa'] });
    expect(out.partial).toBeUndefined();
    expect(sorted(out.matches)).toEqual(sorted([...readers.map((id) => hit(id, 'hash', DATASET_HASH)), hit(made.weights, 'hash', `SHA256:${WEIGHTS_HEX.toUpperCase()}`)]));
  });

  it('finds artifacts and models by normalised uri, whatever the stored spelling', async () => {
    const [m44] = (await h.contract.getByIds({ instance: 'clearml', kind: 'model', ids: [modelId('train-xgb-044-model')] }, ctx)).rows;
    const m44uri = (m44 as { uri: string }).uri;
    h.em.clearRequests();
    const out = await match({ uris: ['s3://switchyard-demo/models/churn/model.pkl', 'https://files.example.com/a b/weights.bin', m44uri, DATASET] });
    expect(sorted(out.matches)).toEqual(
      sorted([
        hit(made.model, 'uri', 's3://switchyard-demo/models/churn/model.pkl'),
        hit(made.weights, 'uri', 'https://files.example.com/a b/weights.bin'),
        hit(modelId('train-xgb-044-model'), 'uri', m44uri),
        ...datasetReaders(DATASET).map((id) => hit(id, 'uri', DATASET)),
      ]),
    );
    // The artifact snapshot (cached from the previous test) and one models.get_all.
    expect(calls()).toEqual(['models.get_all']);
  });

  it('finds tasks (hidden ones too) and models by link tag, any of the links asked', async () => {
    h.em.clearRequests();
    const out = await match({ links: [COMET, MLC, 'cmf:execution:demo/9f1c', 'clearml:task:unknown'] });
    expect(sorted(out.matches)).toEqual(
      sorted([hit(made.task, 'link', COMET), hit(made.task, 'link', MLC), hit(made.hidden, 'link', COMET), hit(made.model, 'link', COMET), hit(made.model, 'link', 'cmf:execution:demo/9f1c')]),
    );
    expect(calls()).toEqual(['models.get_all', 'tasks.get_all']);
  });

  it('never sends a value ClearML would read as a filter operator', async () => {
    h.em.clearRequests();
    expect(await match({ links: ['-not-a-link', '__$not', ''] })).toEqual({ matches: [] });
    expect(calls()).toEqual([]);
  });

  it('answers several keys at once, an object once per key it carries', async () => {
    h.em.clearRequests();
    const out = await match({ hashes: [`sha256:${WEIGHTS_HEX}`], uris: ['https://files.example.com/a b/weights.bin', 's3://switchyard-demo/models/churn/model.pkl'], links: [COMET] });
    expect(sorted(out.matches)).toEqual(
      sorted([
        hit(made.weights, 'hash', `sha256:${WEIGHTS_HEX}`),
        hit(made.weights, 'uri', 'https://files.example.com/a b/weights.bin'),
        hit(made.model, 'uri', 's3://switchyard-demo/models/churn/model.pkl'),
        hit(made.model, 'link', COMET),
        hit(made.task, 'link', COMET),
        hit(made.hidden, 'link', COMET),
      ]),
    );
    // A constant number of reads: models by uri, models and tasks by tag (the snapshot is cached).
    expect(calls()).toEqual(['models.get_all', 'models.get_all', 'tasks.get_all']);
  });

  it('costs no backend call for an empty request', async () => {
    await h.contract.invalidate({ instance: 'clearml' }, ctx);
    h.em.clearRequests();
    expect(await match({})).toEqual({ matches: [] });
    expect(h.em.requests).toHaveLength(0);
  });

  it('surfaces a failing backend as a coded error naming the source', async () => {
    const body = JSON.stringify({ meta: { result_code: 503, result_subcode: 0, result_msg: 'Service unavailable' }, data: {} });
    h.em.faults.set([{ match: 'tasks.get_all', status: 503, body, contentType: 'application/json' }]);
    try {
      const err = await match({ links: [COMET] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(errorCodeOf(err)).toBe('SOURCE_UNAVAILABLE');
      expect(err).toMatchObject({ extensions: { source: 'clearml' } });
    } finally {
      h.em.faults.reset();
    }
    await expect(h.contract.match({ instance: 'nowhere', hashes: [], uris: [DATASET], links: [] }, ctx)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('ClearML uri pattern', () => {
  it('matches the spellings normaliseUri folds together, and not other locations', () => {
    const re = new RegExp(uriPattern(['s3://bucket/a b/x.bin']), 'i');
    for (const stored of ['s3://bucket/a b/x.bin', 'S3://BUCKET//a%20b/x.bin/', 's3://bucket/a b/x.bin?versionId=1', ' s3://bucket/a%20b/x.bin#frag']) expect(re.test(stored)).toBe(true);
    for (const stored of ['s3://bucket/a b/x.bin.bak', 's3://other/a b/x.bin', 's3://bucket/a b/x', 'xs3://bucket/a b/x.bin']) expect(re.test(stored)).toBe(false);
  });
});

describe('ClearML match beyond the artifact snapshot budget', () => {
  let big: Harness;
  let weights = '';
  beforeAll(async () => {
    big = await startHarness();
    const conn = big.source.instance('clearml').connector;
    // More tasks than the snapshot reads, all newer than the seed; the newest holds the weights.
    const names = Array.from({ length: ARTIFACT_TASK_BUDGET }, (_, i) => `filler-${i}`);
    for (let i = 0; i < names.length; i += 8) {
      await Promise.all(names.slice(i, i + 8).map((name) => conn.call('tasks.create', { name, type: 'training' }, 'write')));
    }
    big.clock.advance(60_000);
    const created = await conn.call('tasks.create', { name: 'newest', type: 'training' }, 'write');
    const id = isRecord(created) ? String(created['id']) : '';
    await conn.call('tasks.add_or_update_artifacts', { task: id, artifacts: [{ key: 'weights', type: 'custom', uri: 's3://bucket/w.bin', hash: WEIGHTS_HEX }] }, 'write');
    weights = `clearml:artifact:${id}/weights/output`;
  }, 60_000);
  afterAll(async () => {
    await big.close();
  });

  it('answers from the newest tasks and says the rest was not searched', async () => {
    const out = await big.contract.match({ instance: 'clearml', hashes: [`sha256:${WEIGHTS_HEX}`, DATASET_HASH], uris: [], links: [] }, ctx);
    // The weights are found; the seed's dataset readers are older than the budget.
    expect(out.matches).toEqual([hit(weights, 'hash', `sha256:${WEIGHTS_HEX}`)]);
    expect(out.partial).toBe(`artifacts were searched in the newest ${ARTIFACT_TASK_BUDGET} non-archived tasks only`);
  });
});
