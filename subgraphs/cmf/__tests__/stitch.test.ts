/**
 * Cross-tracker stitching on the CMF source: the keys `edges` returns with its edges, and `match` by
 * hash, uri and link, over the fake CMF (the seed plus a pushed `linked` pipeline whose custom
 * properties hold link values and whose model sits at an S3 location) and over the CMF emulator's seed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { CMF_SEED_BASE_TIME, CMF_SEED_FRAUD_DATASET_MD5, CMF_SEED_FRAUD_DATASET_URI, type CmfEmulator, startCmfEmulator } from '../../../emulators/cmf/index.js';
import { ManualClock } from '../../../emulators/shared/index.js';
import { createSourceCache, type SourceCache } from '../../shared/cache.js';
import type { MatchHit, MatchRequest, StitchKeys } from '../../shared/stitch.js';
import { createCmfContract } from '../contract.js';
import { artifactId, executionId } from '../mapper/index.js';
import { CmfSource } from '../source.js';
import { MATCH_MAX_PIPELINES } from '../stitch.js';
import { startFakeCmf } from './fakeCmf.js';
import { art, codeOf, ctx, DATASET, exec, exportAs, type Harness, MODEL, START_MS, startHarness, UUIDS } from './harness.js';

type Json = Record<string, unknown>;

const MODEL_MD5 = 'md5:5f1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f';
const MODEL_URI = 's3://switchyard-demo/models/model.pkl';
const TRAIN_LINK = 'clearml:task:4f2a9c';
const MODEL_LINK = 'comet:experiment:0d3b1e';
const ENV = 'cmf_artifacts/python_env_5f0e6c1d2a3b4c5d6e7f8091a2b3c4d5.txt:8b2d0e43d0c9a1e6f1a4c2b9f3e7d5a1';

/** Executions of a document, with the artifacts of their events. */
function executionsOf(doc: { Pipeline: unknown[] }): Json[] {
  const stages = (doc.Pipeline[0] as { stages: Json[] }).stages;
  return stages.flatMap((s) => s['executions'] as Json[]);
}

/**
 * The Test-env export as pipeline `linked` (fresh uuids, tag `bbbb`): Train's custom properties name a
 * ClearML task, the model's name a Comet experiment, and the model's `url` is an S3 location spelled
 * as cmflib writes it (`<pipeline>:` prefix, mixed-case host, doubled slash, a query string).
 */
function linkedDoc(): { Pipeline: unknown[] } {
  const doc = exportAs('linked', 'bbbb');
  for (const e of executionsOf(doc)) {
    const custom = e['custom_properties'] as Json;
    if (String(e['type']).startsWith('Train')) Object.assign(custom, { parent: TRAIN_LINK, note: 'not: a link', upstream: 'clearml:task:4f2a9c' });
    for (const ev of e['events'] as Json[]) {
      const a = ev['artifact'] as Json;
      if (a['type'] !== 'Model') continue;
      (a['properties'] as Json)['url'] = 'linked:s3://Switchyard-Demo/models//model.pkl?X-Amz-Signature=abc';
      a['custom_properties'] = { ...(a['custom_properties'] as Json), trained_by: MODEL_LINK, epochs: 3 };
    }
  }
  return doc;
}

/** Train of `linked`: exportAs gave it uuid `bbbb…` in place of `3f6f…`. */
const trainLinked = (): string => executionId('cmf', 'linked', `bbbb${UUIDS.train.slice(4)}`);
const req = (r: Partial<Omit<MatchRequest, 'instance'>>): MatchRequest => ({ instance: 'cmf', hashes: [], uris: [], links: [], ...r });
const sortHits = (hits: readonly MatchHit[]) => [...hits].sort((a, b) => `${a.by} ${a.value} ${a.id}`.localeCompare(`${b.by} ${b.value} ${b.id}`));

describe('CMF stitching over the fake CMF', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('C');
    await h.contract.write({ op: 'pushMetadata', instance: 'cmf', pipeline: 'linked', mlmd: linkedDoc() }, ctx);
  });
  afterAll(async () => h.close());
  beforeEach(async () => {
    h.cmf.faults.reset();
    await h.source.instance('cmf').invalidate();
    h.cmf.clearRequests();
  });

  it('returns keys with edges for every requested id it has, in request order, from the pulls edges reads anyway', async () => {
    const ids = [art(MODEL, 'linked'), trainLinked(), exec('train'), 'cmf:execution:Test-env/no-such-uuid', art(ENV), 'comet:experiment:abc', 'cmf:artifact:nope/x', art(MODEL), art(MODEL)];
    const out = await h.contract.edges({ instance: 'cmf', ids, direction: 'BOTH' }, ctx);
    expect(out.edges.length).toBeGreaterThan(0);
    const expected: StitchKeys[] = [
      // Hash as recorded (DVC md5); the url's `linked:` prefix dropped, then normalised; string custom values as links.
      { id: art(MODEL, 'linked'), hashes: [MODEL_MD5], uris: [MODEL_URI], links: [MODEL_LINK] },
      // Executions: no hash or uri; link-shaped custom property values, each once.
      { id: trainLinked(), hashes: [], uris: [], links: [TRAIN_LINK] },
      { id: exec('train'), hashes: [], uris: [], links: [] },
      // A DVC-local location (`Test-env:/home/…`) is no URI.
      { id: art(ENV), hashes: ['md5:8b2d0e43d0c9a1e6f1a4c2b9f3e7d5a1'], uris: [], links: [] },
      { id: art(MODEL), hashes: [MODEL_MD5], uris: [], links: [] },
    ];
    expect(out.keys).toEqual(expected);
    // linked, Test-env and the unknown pipeline `nope`: one pull each, keys included.
    expect(h.cmf.pulls).toBe(3);
  });

  it('matches artifacts and models by hash in every pipeline, echoing the value as asked', async () => {
    const out = await h.contract.match(req({ hashes: [MODEL_MD5, 'md5:236d9502e0283d91f689d7038b8508a2', 'md5:00000000000000000000000000000000'] }), ctx);
    expect(out.partial).toBeUndefined();
    expect(sortHits(out.matches)).toEqual(
      sortHits([
        { id: art(MODEL), by: 'hash', value: MODEL_MD5 },
        { id: art(MODEL, 'fraud-detection'), by: 'hash', value: MODEL_MD5 },
        { id: art(MODEL, 'linked'), by: 'hash', value: MODEL_MD5 },
        { id: art(DATASET), by: 'hash', value: 'md5:236d9502e0283d91f689d7038b8508a2' },
        { id: art(DATASET, 'fraud-detection'), by: 'hash', value: 'md5:236d9502e0283d91f689d7038b8508a2' },
        { id: art(DATASET, 'linked'), by: 'hash', value: 'md5:236d9502e0283d91f689d7038b8508a2' },
      ]),
    );
    // The pipeline list, then one pull per pipeline.
    expect([h.cmf.count('/pipelines'), h.cmf.pulls]).toEqual([1, 3]);
  });

  it('matches by normalised uri only where the location is an absolute URI', async () => {
    const out = await h.contract.match(req({ uris: [MODEL_URI, 's3://switchyard-demo/models'] }), ctx);
    expect(out.matches).toEqual([{ id: art(MODEL, 'linked'), by: 'uri', value: MODEL_URI }]);
    // A DVC-local path is never a uri key, whatever its spelling.
    const local = await h.contract.match(req({ uris: ['/home/hpe-user/local-storage/files/md5/5f/1fc2ab0b1e3d4c6e8f0a2b4c6d8e0f'] }), ctx);
    expect(local.matches).toEqual([]);
  });

  it('matches objects of any kind by link exactly', async () => {
    const out = await h.contract.match(req({ links: [TRAIN_LINK, MODEL_LINK, 'clearml:task:4F2A9C', 'not: a link'] }), ctx);
    expect(out.matches).toEqual([
      { id: trainLinked(), by: 'link', value: TRAIN_LINK },
      { id: art(MODEL, 'linked'), by: 'link', value: MODEL_LINK },
    ]);
  });

  it('answers several keys at once, an object once per key it carries', async () => {
    const out = await h.contract.match(req({ hashes: [MODEL_MD5, MODEL_MD5], uris: [MODEL_URI], links: [MODEL_LINK, TRAIN_LINK] }), ctx);
    const linkedModel = out.matches.filter((m) => m.id === art(MODEL, 'linked'));
    expect(sortHits(linkedModel)).toEqual(
      sortHits([
        { id: art(MODEL, 'linked'), by: 'hash', value: MODEL_MD5 },
        { id: art(MODEL, 'linked'), by: 'uri', value: MODEL_URI },
        { id: art(MODEL, 'linked'), by: 'link', value: MODEL_LINK },
      ]),
    );
    expect(out.matches).toHaveLength(3 + 2 + 1);
    // Three pipelines pulled once each, however many keys were asked.
    expect(h.cmf.pulls).toBe(3);
  });

  it('costs no backend call for an empty request', async () => {
    expect(await h.contract.match(req({}), ctx)).toEqual({ matches: [] });
    expect(h.cmf.requests).toHaveLength(0);
  });

  it('serves match from cached pulls', async () => {
    await h.contract.match(req({ links: [TRAIN_LINK] }), ctx);
    h.cmf.clearRequests();
    expect((await h.contract.match(req({ hashes: [MODEL_MD5] }), ctx)).matches).toHaveLength(3);
    expect(h.cmf.requests).toHaveLength(0);
  });

  it('surfaces a failing pull as the registry error naming the source', async () => {
    h.cmf.faults.set([{ match: '/mlmd_pull', status: 500 }]);
    const failing = h.contract.match(req({ hashes: [MODEL_MD5] }), ctx);
    expect(await codeOf(failing)).toBe('SOURCE_ERROR');
    await failing.catch((err: GraphQLError) => expect(err.extensions['source']).toBe('cmf'));
    // The pipeline list is cached with the pulls: forget it so CMF is asked again.
    await h.source.instance('cmf').invalidate();
    h.cmf.faults.set([{ match: '/pipelines', status: 503 }]);
    expect(await codeOf(h.contract.match(req({ links: [TRAIN_LINK] }), ctx))).toBe('SOURCE_UNAVAILABLE');
  });

  it('refuses an unknown instance without a backend call', async () => {
    expect(await codeOf(h.contract.match({ ...req({ links: [TRAIN_LINK] }), instance: 'nope' }, ctx))).toBe('BAD_USER_INPUT');
    expect(h.cmf.requests).toHaveLength(0);
  });
});

describe('CMF stitching over many pipelines', () => {
  let closeAll: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeAll?.();
    closeAll = undefined;
  });

  it(`searches the first ${MATCH_MAX_PIPELINES} pipelines by name and says so`, async () => {
    const total = MATCH_MAX_PIPELINES + 2;
    const name = (i: number) => `p-${String(i).padStart(3, '0')}`;
    // Listed out of order, to show the bound is by name and not by CMF's order.
    const pipelines = Array.from({ length: total }, (_, i) => exportAs(name(total - 1 - i), 'cccc').Pipeline[0] as Json);
    const clock = new ManualClock(START_MS);
    const cmf = await startFakeCmf({ generation: 'C', clock, pipelines });
    const cache = await createSourceCache({}, clock);
    closeAll = async () => {
      await cmf.close();
      await cache.close();
    };
    const contract = createCmfContract(new CmfSource([{ name: 'cmf', url: cmf.url, emulated: true }], cache, clock), clock);
    cmf.clearRequests();
    const out = await contract.match(req({ hashes: [MODEL_MD5] }), ctx);
    expect(out.matches.map((m) => m.id)).toEqual(Array.from({ length: MATCH_MAX_PIPELINES }, (_, i) => art(MODEL, name(i))));
    expect(out.partial).toBe(`Searched the first ${MATCH_MAX_PIPELINES} of ${total} CMF pipelines by name.`);
    expect(cmf.pulls).toBe(MATCH_MAX_PIPELINES);
  });
});

describe('CMF stitching over the CMF emulator seed', () => {
  let em: CmfEmulator | undefined;
  let cache: SourceCache | undefined;
  afterEach(async () => {
    await em?.close();
    await cache?.close();
    em = undefined;
  });

  it('keys and matches the fraud-detection dataset by its md5 and its S3 location', async () => {
    const clock = new ManualClock(CMF_SEED_BASE_TIME + 86_400_000);
    em = await startCmfEmulator({ clock, generation: 'C' });
    cache = await createSourceCache({}, clock);
    const contract = createCmfContract(new CmfSource([{ name: 'cmf', url: em.url, emulated: true }], cache, clock), clock);
    const parquet = artifactId('cmf', 'fraud-detection', `data/transactions-2026-01.parquet:${CMF_SEED_FRAUD_DATASET_MD5}`, 'Dataset');
    const { keys } = await contract.edges({ instance: 'cmf', ids: [parquet], direction: 'DOWNSTREAM' }, ctx);
    expect(keys).toEqual([{ id: parquet, hashes: [`md5:${CMF_SEED_FRAUD_DATASET_MD5}`], uris: [CMF_SEED_FRAUD_DATASET_URI], links: [] }]);
    const out = await contract.match(req({ hashes: [`md5:${CMF_SEED_FRAUD_DATASET_MD5}`], uris: [`${CMF_SEED_FRAUD_DATASET_URI}?versionId=1`] }), ctx);
    expect(out).toEqual({
      matches: [
        { id: parquet, by: 'hash', value: `md5:${CMF_SEED_FRAUD_DATASET_MD5}` },
        { id: parquet, by: 'uri', value: `${CMF_SEED_FRAUD_DATASET_URI}?versionId=1` },
      ],
    });
  });
});
