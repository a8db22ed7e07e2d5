import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../schema/repoRoot.js';
import { renderErrorDocs } from '../../../scripts/genErrorDocs.js';
import { ERROR_CODES, ERROR_CODE_NAMES, errorCodeOf, httpStatusErrorCode, switchyardError } from '../errors.js';

describe('error registry', () => {
  it('has the codes DESIGN §7 names, in UPPER_SNAKE, each with a description and an HTTP status', () => {
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'SOURCE_UNAVAILABLE', 'SOURCE_TIMEOUT', 'SOURCE_ERROR', 'NOT_SUPPORTED_BY_SOURCE', 'RATE_LIMITED', 'QUERY_TOO_COMPLEX', 'CONFLICT']) {
      expect(ERROR_CODE_NAMES).toContain(code);
    }
    for (const code of ERROR_CODE_NAMES) {
      expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(ERROR_CODES[code].description.length).toBeGreaterThan(10);
      expect(ERROR_CODES[code].httpStatus).toBeGreaterThanOrEqual(400);
    }
  });

  it('matches the checked-in docs/errors.md (run npm run docs:errors when this fails)', () => {
    expect(readFileSync(join(repoRoot(), 'docs/errors.md'), 'utf8')).toBe(renderErrorDocs());
  });

  it('puts code, source and id into extensions', () => {
    const err = switchyardError('NOT_FOUND', 'No task x.', { source: 'clearml', id: 'clearml:task:x' });
    expect(err.extensions).toEqual({ code: 'NOT_FOUND', source: 'clearml', id: 'clearml:task:x' });
    expect(errorCodeOf(err)).toBe('NOT_FOUND');
    expect(errorCodeOf(new Error('plain'))).toBeUndefined();
  });
});

describe('httpStatusErrorCode', () => {
  it('maps client, auth, throttling and gateway statuses; anything else is a SOURCE_ERROR', () => {
    const statuses = [400, 401, 403, 404, 413, 422, 429, 500, 502, 503, 504];
    expect(statuses.map((s) => [s, httpStatusErrorCode(s)])).toEqual([
      [400, 'BAD_USER_INPUT'],
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [404, 'SOURCE_ERROR'],
      [413, 'BAD_USER_INPUT'],
      [422, 'BAD_USER_INPUT'],
      [429, 'RATE_LIMITED'],
      [500, 'SOURCE_ERROR'],
      [502, 'SOURCE_UNAVAILABLE'],
      [503, 'SOURCE_UNAVAILABLE'],
      [504, 'SOURCE_UNAVAILABLE'],
    ]);
    for (const s of statuses) expect(ERROR_CODE_NAMES).toContain(httpStatusErrorCode(s));
  });
});
