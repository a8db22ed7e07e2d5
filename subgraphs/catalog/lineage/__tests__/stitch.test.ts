import { describe, expect, it } from '@jest/globals';
import type { InstanceMap } from '../../../shared/ids.js';
import { normaliseHash, normaliseUri, stitchKeys } from '../../../shared/stitch.js';
import { createLinkNames } from '../linkNames.js';
import { queriesFor, queryKey, stitchedEdges } from '../stitch.js';

const instances: InstanceMap = new Map([
  ['clearml', 'CLEARML'],
  ['comet', 'COMET'],
  ['cmf', 'CMF'],
  ['mlconnector', 'MLCONNECTOR'],
]);
// `clearml` was called `clearml-old` before a rename: links written then still resolve.
const names = createLinkNames(instances, new Map([['clearml', ['clearml-old']]]));

const TASK = 'clearml:task:0123456789abcdef0123456789abcdef';
const DATASET = 'cmf:artifact:fraud-detection/data%2Ftransactions.parquet%3Aabc';
const CLEARML_ARTIFACT = 'clearml:artifact:0123456789abcdef0123456789abcdef/training-data/input';
const OTHER_CLEARML_ARTIFACT = 'clearml:artifact:fedcba9876543210fedcba9876543210/training-data/input';
const ML_MODEL = 'mlconnector:model:6f1c2a44-1d5e-4d6e-9a0b-6f1c2a441d5e';
const URI = 's3://switchyard-demo/datasets/fraud-detection/transactions-2026-01.parquet';

describe('normaliseUri', () => {
  it('keeps one spelling per location: scheme and host lower-cased, query, fragment and trailing slashes dropped', () => {
    expect(normaliseUri('S3://Switchyard-Demo/datasets//a.parquet/?X-Amz-Signature=abc#frag')).toBe('s3://switchyard-demo/datasets/a.parquet');
    expect(normaliseUri('https://host/a%20b')).toBe('https://host/a b');
  });

  it('refuses values that are not absolute URIs', () => {
    expect(normaliseUri('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(normaliseUri('artifacts/model.pkl')).toBeNull();
    expect(normaliseUri('')).toBeNull();
    expect(normaliseUri(null)).toBeNull();
  });
});

describe('normaliseHash', () => {
  it('names bare digests by their length and lower-cases them', () => {
    expect(normaliseHash('D41D8CD98F00B204E9800998ECF8427E')).toBe('md5:d41d8cd98f00b204e9800998ecf8427e');
    expect(normaliseHash('a'.repeat(64))).toBe(`sha256:${'a'.repeat(64)}`);
    expect(normaliseHash('SHA-256:' + 'B'.repeat(64))).toBe(`sha256:${'b'.repeat(64)}`);
    expect(normaliseHash('abc', 'md5')).toBeNull();
    expect(normaliseHash('not a digest')).toBeNull();
  });
});

describe('link names', () => {
  it('resolves a link by instance name or alias to the canonical id, and nothing else', () => {
    expect(names.resolve(TASK)).toBe(TASK);
    expect(names.resolve(TASK.replace('clearml:', 'clearml-old:'))).toBe(TASK);
    expect(names.resolve('other:task:0123')).toBeUndefined();
    expect(names.resolve('clearml:nosuchkind:1')).toBeUndefined();
    expect(names.resolve('clearml:artifact:only-one-part')).toBeUndefined();
  });

  it('spells an id every way a link may name it', () => {
    expect(names.spellings(TASK)).toEqual([TASK, TASK.replace('clearml:', 'clearml-old:')]);
    expect(names.spellings(ML_MODEL)).toEqual([ML_MODEL]);
  });
});

describe('stitching', () => {
  it('asks for hashes and URIs of files only, and for every spelling of the id', () => {
    const keys = stitchKeys(DATASET, { hashes: ['md5:abc'], uris: [URI], links: [] });
    expect(queriesFor(DATASET, keys, instances, names)).toEqual([
      { by: 'link', value: DATASET },
      { by: 'hash', value: 'md5:abc' },
      { by: 'uri', value: URI },
    ]);
    const taskKeys = stitchKeys(TASK, { hashes: ['md5:abc'], uris: [URI] });
    expect(queriesFor(TASK, taskKeys, instances, names).map((q) => q.by)).toEqual(['link', 'link']);
  });

  it('makes SAME_AS across sources only, one spelling per pair', () => {
    const keys = stitchKeys(DATASET, { uris: [URI] });
    const hits = new Map([[queryKey({ by: 'uri', value: URI }), [CLEARML_ARTIFACT, OTHER_CLEARML_ARTIFACT, DATASET]]]);
    const fromCmf = stitchedEdges({ id: DATASET, keys, hits }, instances, names);
    expect(fromCmf).toEqual([
      { from: CLEARML_ARTIFACT, to: DATASET, relation: 'SAME_AS', evidence: 'uri' },
      { from: OTHER_CLEARML_ARTIFACT, to: DATASET, relation: 'SAME_AS', evidence: 'uri' },
    ]);
    // From the ClearML side the other ClearML artifact is left to ClearML's own edges.
    const fromClearml = stitchedEdges({ id: CLEARML_ARTIFACT, keys: stitchKeys(CLEARML_ARTIFACT, { uris: [URI] }), hits }, instances, names);
    expect(fromClearml).toEqual([{ from: CLEARML_ARTIFACT, to: DATASET, relation: 'SAME_AS', evidence: 'uri' }]);
  });

  it('never makes SAME_AS with a task, whatever a source answers', () => {
    const hits = new Map([[queryKey({ by: 'hash', value: 'md5:abc' }), [TASK]]]);
    expect(stitchedEdges({ id: DATASET, keys: stitchKeys(DATASET, { hashes: ['md5:abc'] }), hits }, instances, names)).toEqual([]);
  });

  it('puts a referencing object downstream of what it names, both from its own tags and from a lookup', () => {
    const aliasLink = TASK.replace('clearml:', 'clearml-old:');
    const own = stitchedEdges({ id: ML_MODEL, keys: stitchKeys(ML_MODEL, { links: [aliasLink, 'fraud', 'comet:experiment:nope/extra/parts'] }), hits: new Map() }, instances, names);
    expect(own).toEqual([{ from: TASK, to: ML_MODEL, relation: 'REFERENCES', evidence: 'tag' }]);
    const found = stitchedEdges({ id: TASK, keys: null, hits: new Map([[queryKey({ by: 'link', value: aliasLink }), [ML_MODEL]]]) }, instances, names);
    expect(found).toEqual([{ from: TASK, to: ML_MODEL, relation: 'REFERENCES', evidence: 'tag' }]);
  });

  it('ignores a link naming the object itself', () => {
    expect(stitchedEdges({ id: TASK, keys: stitchKeys(TASK, { links: [TASK] }), hits: new Map([[queryKey({ by: 'link', value: TASK }), [TASK]]]) }, instances, names)).toEqual([]);
  });
});
