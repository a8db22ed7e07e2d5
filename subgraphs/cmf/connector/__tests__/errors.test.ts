import { describe, expect, it } from '@jest/globals';
import { fixture } from '../../__tests__/fakeCmf.js';
import { cmfError, cmfErrorCode, isRouteMissing } from '../index.js';

const responses = fixture<Record<string, unknown>>('responses.synthetic.json');
const body = (key: string) => {
  if (!(key in responses)) throw new Error(`no fixture response "${key}"`);
  return responses[key];
};

describe('CMF error answers', () => {
  it('reads an unknown pipeline on a pull as NOT_FOUND (404 on B/C, 406 on A)', () => {
    expect(cmfErrorCode(404, body('POST /mlmd_pull -> 404 unknown pipeline'), true)).toBe('NOT_FOUND');
    expect(cmfErrorCode(406, body('GET /mlmd_pull/{p} -> 406 (dump returned None)'), true)).toBe('NOT_FOUND');
  });

  it('does not take a missing route for a missing pipeline', () => {
    expect(isRouteMissing(404, { detail: 'Not Found' })).toBe(true);
    expect(isRouteMissing(405, undefined)).toBe(true);
    expect(isRouteMissing(404, body('POST /mlmd_pull -> 404 unknown pipeline'))).toBe(false);
    expect(cmfErrorCode(404, { detail: 'Not Found' }, true)).toBe('SOURCE_ERROR');
  });

  it('reads push refusals (400, 422 version_update, 422 validation) as BAD_USER_INPUT', () => {
    expect(cmfErrorCode(400, body('POST /mlmd_push -> 400 empty Pipeline list'), false)).toBe('BAD_USER_INPUT');
    expect(cmfErrorCode(422, body('POST /mlmd_push -> 422 old client (execution without Execution_uuid)'), false)).toBe('BAD_USER_INPUT');
    expect(cmfErrorCode(422, body('POST /mlmd_push -> 422 request validation (json_payload not JSON)'), false)).toBe('BAD_USER_INPUT');
  });

  it('maps proxies’ and servers’ failures like every connector', () => {
    expect(cmfErrorCode(503, undefined, true)).toBe('SOURCE_UNAVAILABLE');
    expect(cmfErrorCode(500, undefined, false)).toBe('SOURCE_ERROR');
    expect(cmfErrorCode(429, undefined, false)).toBe('RATE_LIMITED');
    expect(cmfErrorCode(401, undefined, false)).toBe('UNAUTHENTICATED');
  });

  it('keeps CMF’s detail out of the message but names known fixed details in sourceCode', () => {
    const e = cmfError('cmf', 422, body('POST /mlmd_push -> 422 request validation (json_payload not JSON)'), { endpoint: 'mlmd_push' });
    expect(e.message).not.toContain('{not json');
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'cmf', sourceCode: '422' });
    expect(cmfError('cmf', 422, { detail: 'version_update' }, { endpoint: 'mlmd_push' }).extensions['sourceCode']).toBe('422/version_update');
  });
});
