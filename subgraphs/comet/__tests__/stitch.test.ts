/**
 * Stitching keys with `edges` and `match` against the seeded emulator, on objects made here: experiment
 * A (tags: a ClearML link, a plain tag, a link to seed run 3; log-other `switchyard.link*` values; two
 * remote assets and one uploaded file; artifact `stitch-data` 1.0.0 tagged with the same ClearML link
 * and an artifact tag) and experiment B (tagged with the same ClearML link), created a second later.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { COMET_DEMO_API_KEY } from '../../../emulators/comet/index.js';
import { isRecord } from '../connector/index.js';
import type { MatchHit, MatchRequest } from '../../shared/stitch.js';
import { normaliseUri } from '../../shared/stitch.js';
import { mapAsset } from '../mapper/index.js';
import { artifactKeys, matchKeys } from '../stitch.js';
import { DEFAULT_BREAKER } from '../../shared/resilience/index.js';
import { artifactVersionId, codeOf, ctx, experimentModelId, type Harness, keyOf, modelVersionId, SEED, startHarness } from './emulatorHarness.js';

const CLEARML_LINK = 'clearml:task:0123abcd';
const SEED_LINK = `comet:experiment:${keyOf(3)}`;
const MLC_LINK = 'mlconnector:model:42';
const CMF_LINK = 'cmf:execution:pipe/uuid-1';
const ARTIFACT_LINK = 'cmf:artifact:pipe/data.csv';
const HTTP_URI = 'https://data.example.com/sets/train.csv';
const S3_URI = 's3://my-bucket/models/m.pkl';

let h: Harness;
let A = '';
let B = '';
let httpAsset = '';
let s3Asset = '';
let fileAsset = '';
const DATA = artifactVersionId('stitch-data', '1.0.0');
const seedAsset = () => {
  const file = SEED.experimentModels.find((m) => m.experimentKey === keyOf(10))?.files[0];
  return `comet:asset:${keyOf(10)}/${file?.assetId ?? ''}`;
};
const keyPart = (id: string) => id.replace('comet:experiment:', '');

/** Upload an asset as Comet's SDKs do (multipart, metadata in the query string); its global id. */
async function upload(id: string, query: Record<string, string>, part: { name: 'file' | 'link'; body: string }): Promise<string> {
  const form = new FormData();
  form.append(part.name, new Blob([part.body]), 'upload.bin');
  const q = new URLSearchParams({ experimentKey: keyPart(id), ...query });
  const res = await fetch(`${h.em.url}/api/rest/v2/write/experiment/upload-asset?${q.toString()}`, { method: 'POST', headers: { authorization: COMET_DEMO_API_KEY }, body: form });
  const body: unknown = await res.json();
  if (res.status !== 200 || !isRecord(body) || typeof body['assetId'] !== 'string') throw new Error(`upload failed: ${res.status}`);
  return `comet:asset:${keyPart(id)}/${body['assetId']}`;
}

const create = async (name: string, tags: string[]) => (await h.contract.write({ op: 'createTask', instance: 'comet', project: 'stitching', name, tags }, ctx)).id;

beforeAll(async () => {
  h = await startHarness();
  A = await create('tagged', [CLEARML_LINK, 'plain-tag', SEED_LINK]);
  h.clock.advance(1_000);
  B = await create('also-tagged', [CLEARML_LINK]);
  const conn = h.source.instance('comet').connector;
  for (const [key, value] of [['switchyard.link', MLC_LINK], ['switchyard.link.data', CMF_LINK], ['note', 'clearml:task:not-a-link-name']]) {
    await conn.post('write/experiment/log-other', { experimentKey: keyPart(A), key, value }, 'write');
  }
  httpAsset = await upload(A, { isRemote: 'true', fileName: 'train.csv' }, { name: 'link', body: 'https://Data.Example.com//sets/train.csv?X-Amz-Signature=abc&X-Amz-Expires=60' });
  s3Asset = await upload(A, { isRemote: 'true', fileName: 'm.pkl' }, { name: 'link', body: 's3://my-bucket/models//m.pkl/' });
  fileAsset = await upload(A, { fileName: 'notes.txt' }, { name: 'file', body: 'hello' });
  await conn.post(
    'write/artifacts/upsert',
    { experimentKey: keyPart(A), artifactName: 'stitch-data', artifactType: 'dataset', versionTags: [CLEARML_LINK, 'v-tag'], alias: ['latest'], tags: [ARTIFACT_LINK] },
    'write',
  );
  // The writes above went around the source: forget what it cached.
  await h.contract.invalidate({ instance: 'comet' }, ctx);
});
afterAll(async () => {
  await h.close();
});

const match = (req: Partial<Omit<MatchRequest, 'instance'>>) => h.contract.match({ instance: 'comet', hashes: [], uris: [], links: [], ...req }, ctx);
const sortHits = (hits: readonly MatchHit[]) => [...hits].sort((a, b) => `${a.id} ${a.by} ${a.value}`.localeCompare(`${b.id} ${b.by} ${b.value}`));
const requests = (path: string) => h.em.requests.filter((r) => r.path.endsWith(path)).length;

describe('Comet stitching keys with edges', () => {
  it('returns keys for every requested id it has: links from tags, normalised uris of remote assets, none for absent ids', async () => {
    const ids = [A, httpAsset, s3Asset, fileAsset, seedAsset(), DATA, experimentModelId(10, 'fraud-classifier'), modelVersionId('fraud-classifier', '1.0.0'), `comet:experiment:${'f'.repeat(32)}`, experimentModelId(15, 'nope'), 'clearml:task:abc', A];
    const { keys } = await h.contract.edges({ instance: 'comet', ids, direction: 'BOTH' }, ctx);
    const none = { hashes: [], uris: [], links: [] };
    expect(keys).toEqual([
      // 'plain-tag' is not reference-shaped; the log-other values need a details read (below).
      { id: A, hashes: [], uris: [], links: [CLEARML_LINK, SEED_LINK] },
      // Pre-signed query, host case and doubled/trailing slashes normalised away.
      { id: httpAsset, hashes: [], uris: [HTTP_URI], links: [] },
      { id: s3Asset, hashes: [], uris: [S3_URI], links: [] },
      // Comet's own download links name the asset in their query: no comparable location.
      { id: fileAsset, ...none },
      { id: seedAsset(), ...none },
      // Version tags and artifact tags; 'v-tag' and the alias 'latest' are not links.
      { id: DATA, hashes: [], uris: [], links: [CLEARML_LINK, ARTIFACT_LINK] },
      { id: experimentModelId(10, 'fraud-classifier'), ...none },
      { id: modelVersionId('fraud-classifier', '1.0.0'), ...none },
    ]);
  });

  it("takes an asset's tags as links where the server lists them (Java AssetLink; the emulator does not)", () => {
    const asset = mapAsset({ assetId: 'a1', link: 'S3://Bucket/k//f.bin', tags: [CLEARML_LINK, 'x', 7] }, { instance: 'comet', owner: { experimentKey: 'k', project: null, workspace: null } });
    expect(artifactKeys(asset.id, asset)).toEqual({ id: 'comet:asset:k/a1', hashes: [], uris: ['s3://bucket/k/f.bin'], links: [CLEARML_LINK] });
  });

  it('adds the switchyard.link log-other values once the experiment details were read', async () => {
    await h.contract.details({ instance: 'comet', kind: 'task', ids: [A] }, ctx);
    const { keys } = await h.contract.edges({ instance: 'comet', ids: [A], direction: 'UPSTREAM' }, ctx);
    expect(keys).toEqual([{ id: A, hashes: [], uris: [], links: [CLEARML_LINK, SEED_LINK, MLC_LINK, CMF_LINK] }]);
  });

  it('costs one tag read per experiment beyond what edges reads, and nothing once cached', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    h.em.clearRequests();
    const first = await h.contract.edges({ instance: 'comet', ids: [A, httpAsset], direction: 'UPSTREAM' }, ctx);
    expect(first.keys?.map((k) => k.id)).toEqual([A, httpAsset]);
    expect(requests('/experiment/asset/list')).toBe(1);
    expect(requests('/experiment/metadata')).toBe(1);
    expect(requests('/experiment/tags')).toBe(1);
    h.em.clearRequests();
    const again = await h.contract.edges({ instance: 'comet', ids: [A, httpAsset], direction: 'UPSTREAM' }, ctx);
    expect(again.keys).toEqual(first.keys);
    expect(h.em.requests).toHaveLength(0);
  });
});

describe('Comet match', () => {
  it('answers an empty request, or hashes only, without a backend call (Comet keeps no digests)', async () => {
    h.em.clearRequests();
    expect(await match({})).toEqual({ matches: [] });
    expect(await match({ hashes: [`md5:${'a'.repeat(32)}`] })).toEqual({ matches: [] });
    expect(h.em.requests).toHaveLength(0);
  });

  it('finds assets by normalised uri, echoing the key as asked; bare Comet download urls match nothing', async () => {
    const bareDownload = normaliseUri(`${h.em.url}/api/rest/v2/experiment/asset/get-asset?assetId=x`) as string;
    const out = await match({ uris: [HTTP_URI, S3_URI, bareDownload, 's3://elsewhere/x'], hashes: [`md5:${'a'.repeat(32)}`] });
    expect(sortHits(out.matches)).toEqual(sortHits([
      { id: httpAsset, by: 'uri', value: HTTP_URI },
      { id: s3Asset, by: 'uri', value: S3_URI },
    ]));
    expect(out.partial).toBeUndefined();
  });

  it('finds experiments and artifact versions by link in tags; log-other links only once details were read', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    expect(sortHits((await match({ links: [CLEARML_LINK] })).matches)).toEqual(sortHits([
      { id: A, by: 'link', value: CLEARML_LINK },
      { id: B, by: 'link', value: CLEARML_LINK },
      { id: DATA, by: 'link', value: CLEARML_LINK },
    ]));
    expect((await match({ links: [ARTIFACT_LINK] })).matches).toEqual([{ id: DATA, by: 'link', value: ARTIFACT_LINK }]);
    expect((await match({ links: [MLC_LINK] })).matches).toEqual([]);
    await h.contract.details({ instance: 'comet', kind: 'task', ids: [A] }, ctx);
    expect((await match({ links: [MLC_LINK, 'cmf:execution:unknown/x'] })).matches).toEqual([{ id: A, by: 'link', value: MLC_LINK }]);
  });

  it('answers several keys at once, an object once per key it carries', async () => {
    const out = await match({ links: [CLEARML_LINK, SEED_LINK, CMF_LINK], uris: [HTTP_URI] });
    expect(sortHits(out.matches)).toEqual(sortHits([
      { id: A, by: 'link', value: CLEARML_LINK },
      { id: A, by: 'link', value: SEED_LINK },
      { id: A, by: 'link', value: CMF_LINK },
      { id: B, by: 'link', value: CLEARML_LINK },
      { id: DATA, by: 'link', value: CLEARML_LINK },
      { id: httpAsset, by: 'uri', value: HTTP_URI },
    ]));
  });

  it('searches experiment tags under a lookup budget, says so, and searches further on the next call', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    const inst = h.source.instance('comet');
    h.em.clearRequests();
    const first = await matchKeys(inst, { instance: 'comet', hashes: [], uris: [], links: [CLEARML_LINK] }, { tagLookupBudget: 1 });
    expect(requests('/experiment/tags')).toBe(1);
    // B is the newest experiment: the one lookup went to it. The artifact version needs no lookup.
    expect(sortHits(first.matches)).toEqual(sortHits([
      { id: B, by: 'link', value: CLEARML_LINK },
      { id: DATA, by: 'link', value: CLEARML_LINK },
    ]));
    expect(first.partial).toMatch(/^\d+ of \d+ experiments were not searched for links: the budget of 1 tag lookups ran out/);
    const second = await matchKeys(inst, { instance: 'comet', hashes: [], uris: [], links: [CLEARML_LINK] }, { tagLookupBudget: 1 });
    expect(second.matches.map((m) => m.id)).toContain(A);
    expect(second.partial).toBeDefined();
    expect(requests('/experiment/tags')).toBe(2);
  });

  it('surfaces a failing backend as a coded error naming the source', async () => {
    await h.contract.invalidate({ instance: 'comet' }, ctx);
    h.em.faults.set([{ match: '/experiments', status: 503 }]);
    try {
      const err = await match({ links: [CLEARML_LINK] }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GraphQLError);
      expect((err as GraphQLError).extensions).toMatchObject({ code: 'SOURCE_UNAVAILABLE', source: 'comet' });
      h.em.faults.set([{ match: '/experiment/tags', status: 500 }]);
      // The 503s opened Comet's circuit breaker: after its cool-down (injected clock) the tracker is called again.
      h.clock.advance(DEFAULT_BREAKER.coolDownMs);
      expect(await codeOf(match({ links: [CLEARML_LINK] }))).toBe('SOURCE_ERROR');
    } finally {
      h.em.faults.reset();
    }
    expect(await codeOf(h.contract.match({ instance: 'nope', hashes: [], uris: [HTTP_URI], links: [] }, ctx))).toBe('BAD_USER_INPUT');
  });
});
