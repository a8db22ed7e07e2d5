import { describe, expect, it } from '@jest/globals';
import { clearmlErrorForCode } from '../clearml/envelope.js';
import { refusalForCode } from '../comet/cometErrors.js';

const CODES = ['BAD_USER_INPUT', 'NOT_SUPPORTED_BY_SOURCE', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED', 'SOURCE_TIMEOUT', 'SOURCE_UNAVAILABLE', 'SOURCE_ERROR', 'QUERY_TOO_COMPLEX', undefined];
const env = { endpoint: 'tasks.get_all', path: '/tasks.get_all', trx: undefined };
const metaOf = (body: string | Buffer) => (JSON.parse(body.toString()) as { meta: { result_code: number; result_subcode: number } }).meta;

describe('supergraph errors on the rendered REST paths', () => {
  it.each(CODES)('%s is never a 500 in ClearML\'s envelope nor in Comet\'s body', (code) => {
    const clearml = clearmlErrorForCode(code, 'why', 'comet', env);
    expect(clearml.status).not.toBe(500);
    expect(metaOf(clearml.body).result_code).toBe(clearml.status);
    expect(refusalForCode(code, 'why', 'clearml').status).not.toBe(500);
  });

  it('reads a reused idempotency key as 409 and a timeout as 504, naming the source', () => {
    expect(clearmlErrorForCode('CONFLICT', 'key reused', 'comet', env).status).toBe(409);
    expect(refusalForCode('CONFLICT', 'key reused', 'clearml')).toMatchObject({ status: 409, msg: 'Switchyard: key reused' });
    expect(metaOf(clearmlErrorForCode('BAD_USER_INPUT', 'bad', 'comet', env).body)).toMatchObject({ result_code: 400, result_subcode: 12 });
    expect(refusalForCode('SOURCE_TIMEOUT', 'x', 'clearml')).toMatchObject({ status: 504, msg: 'Switchyard: source "clearml" did not answer in time' });
  });
});
