import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { repoRoot } from '../../../schema/repoRoot.js';
import { codeOf } from '../../../test/helpers/errors.js';
import { decodeId, encodeId, type InstanceMap, KIND_REGISTRY, type TrackerKind } from '../ids.js';

const instances: InstanceMap = new Map<string, TrackerKind>([
  ['clearml', 'CLEARML'],
  ['comet', 'COMET'],
  ['cmf-prod', 'CMF'],
  ['mlc', 'MLCONNECTOR'],
]);

describe('encodeId / decodeId', () => {
  it('round-trips arbitrary native parts, including ":", "/", "%", spaces and non-ASCII', () => {
    const part = fc.oneof(fc.string({ minLength: 1 }), fc.fullUnicodeString({ minLength: 1 }), fc.constantFrom(':', '/', '%', ' a b ', 'ü/ß:%2F', '%zz'));
    fc.assert(
      fc.property(part, part, part, (a, b, c) => {
        const id = encodeId({ instance: 'cmf-prod', kind: 'execution', native: [a, b] });
        expect(decodeId(id, instances).native).toEqual([a, b]);
        const three = encodeId({ instance: 'clearml', kind: 'artifact', native: [a, b, c] });
        expect(decodeId(three, instances)).toMatchObject({ instance: 'clearml', kind: 'artifact', native: [a, b, c], tracker: 'CLEARML' });
      }),
      { numRuns: 300 },
    );
  });

  it('gives every encoded id exactly one spelling', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const id = encodeId({ instance: 'clearml', kind: 'task', native: [s] });
        expect(encodeId(decodeId(id, instances))).toBe(id);
      }),
    );
  });

  it.each([
    ['no separators', 'clearml'],
    ['one separator', 'clearml:task'],
    ['unknown source', 'nope:task:abc'],
    ['malformed source', 'ClearML:task:abc'],
    ['unknown kind', 'clearml:experiment:abc'],
    ['too many native parts', 'clearml:task:a/b'],
    ['too few native parts', 'comet:model-version:ws/model'],
    ['empty native part', 'clearml:task:'],
    ['bad percent-encoding', 'clearml:task:%zz'],
    ['non-canonical encoding', 'clearml:task:%61bc'],
  ])('rejects %s with BAD_USER_INPUT', (_why, raw) => {
    expect(codeOf(() => decodeId(raw, instances))).toBe('BAD_USER_INPUT');
  });

  it('is listed kind for kind in docs/ids.md', () => {
    const doc = readFileSync(join(repoRoot(), 'docs/ids.md'), 'utf8');
    for (const [tracker, kinds] of Object.entries(KIND_REGISTRY)) {
      for (const [kind, spec] of Object.entries(kinds)) {
        expect(doc).toContain(`| ${tracker} | \`${kind}\` | ${spec.typename} | ${spec.parts.join(' / ')} |`);
      }
    }
  });
});
