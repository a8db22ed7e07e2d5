import { describe, expect, it } from '@jest/globals';
import { mapGitMetadata, mapSystemDetails, outputTail } from '../index.js';

describe('experiment extras', () => {
  it('keeps system details as logged, without the key', () => {
    expect(mapSystemDetails({ experimentKey: 'k', hostname: 'h', pid: 3 })).toEqual({ hostname: 'h', pid: 3 });
    expect(mapSystemDetails('nope')).toBeNull();
  });

  it('reads git metadata, null when nothing was logged', () => {
    expect(mapGitMetadata({ user: 'u', root: '/r', branch: 'main', parent: 'abc', origin: 'o' })).toEqual({ user: 'u', root: '/r', branch: 'main', parent: 'abc', origin: 'o' });
    expect(mapGitMetadata({ user: null, root: null, branch: null, parent: null, origin: null })).toBeNull();
  });

  it('returns the last lines of the output, oldest first', () => {
    expect(outputTail({ output: 'a\nb\r\nc\n' }, 2)).toEqual(['b', 'c']);
    expect(outputTail({ output: 'a\n\nb' }, 5)).toEqual(['a', '', 'b']);
    expect(outputTail({}, 5)).toEqual([]);
  });
});
