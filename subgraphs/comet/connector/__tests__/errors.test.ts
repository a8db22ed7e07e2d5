import { describe, expect, it } from '@jest/globals';
import { cometError, cometErrorCode, workspaceNames } from '../index.js';

describe('cometErrorCode', () => {
  it.each([
    [401, 0, 'UNAUTHENTICATED'],
    [403, 90210, 'FORBIDDEN'],
    [404, 90211, 'NOT_FOUND'],
    [404, 0, 'NOT_FOUND'],
    [400, 90211, 'NOT_FOUND'],
    [400, 98219, 'BAD_USER_INPUT'],
    [429, 0, 'RATE_LIMITED'],
    [502, 0, 'SOURCE_UNAVAILABLE'],
    [503, 0, 'SOURCE_UNAVAILABLE'],
    [504, 0, 'SOURCE_UNAVAILABLE'],
    [500, 7777777, 'SOURCE_ERROR'],
    [402, 0, 'SOURCE_ERROR'],
  ])('maps HTTP %i with sdk_error_code %i to %s', (status, sdk, code) => {
    expect(cometErrorCode(status, sdk)).toBe(code);
  });
});

describe('cometError', () => {
  it('names the source and keeps status/sdk_error_code, never the upstream message', () => {
    const err = cometError('comet', 404, { code: 404, msg: 'Experiment not found: secret-key', sdk_error_code: 90211 }, 'experiment/metadata', 'comet:experiment:k');
    expect(err.extensions).toMatchObject({ code: 'NOT_FOUND', source: 'comet', id: 'comet:experiment:k', sourceCode: '404/90211' });
    expect(err.message).toContain('comet');
    expect(err.message).not.toContain('secret-key');
  });

  it('says Switchyard’s own key was rejected on 401', () => {
    const err = cometError('comet', 401, undefined, 'workspaces');
    expect(err.extensions['code']).toBe('UNAUTHENTICATED');
    expect(err.message).toContain("rejected Switchyard's credential");
    expect(err.extensions['sourceCode']).toBe('401/0');
  });
});

describe('workspaceNames', () => {
  it('reads the recorded plain strings and the object form some deployments send', () => {
    expect(workspaceNames({ workspaceNames: ['a', { name: 'b' }, 3, ''] })).toEqual(['a', 'b']);
    expect(workspaceNames({})).toEqual([]);
  });
});
