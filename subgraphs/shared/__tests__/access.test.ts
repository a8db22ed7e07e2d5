import { describe, expect, it } from '@jest/globals';
import { globToRegExp, OPEN_ACCESS, projectAllowed, READ_ONLY_ACCESS, rowAllowed, ruleFor, sourceAllowed } from '../access.js';

describe('access rules', () => {
  const policy = { principals: { alice: { sources: ['clearml'], projects: ['team-a/*', 'shared'], write: true } }, defaultAccess: READ_ONLY_ACCESS };

  it('picks the listed rule, the default for others, and never restricts system principals', () => {
    expect(ruleFor(policy, 'alice').sources).toEqual(['clearml']);
    expect(ruleFor(policy, 'bob')).toBe(READ_ONLY_ACCESS);
    expect(ruleFor(policy, 'system:rest')).toBe(OPEN_ACCESS);
    expect(ruleFor(undefined, 'anyone')).toBe(OPEN_ACCESS);
  });

  it('globs: * stays within one path segment, ** crosses them, ? is one character, the rest is literal', () => {
    expect(globToRegExp('team-a/*').test('team-a/x')).toBe(true);
    expect(globToRegExp('team-a/*').test('team-a/x/y')).toBe(false);
    expect(globToRegExp('team-a/**').test('team-a/x/y')).toBe(true);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a.c').test('abc')).toBe(false);
  });

  it('rows: source and project must both be allowed; a row without a project is hidden from a project-limited rule', () => {
    const rule = ruleFor(policy, 'alice');
    expect(sourceAllowed(rule, 'comet')).toBe(false);
    expect(rowAllowed(rule, { source: 'clearml', project: 'team-a/p1' })).toBe(true);
    expect(rowAllowed(rule, { source: 'clearml', project: 'team-b/p1' })).toBe(false);
    expect(rowAllowed(rule, { source: 'comet', project: 'shared' })).toBe(false);
    expect(projectAllowed(rule, null)).toBe(false);
    expect(projectAllowed(OPEN_ACCESS, null)).toBe(true);
  });
});
