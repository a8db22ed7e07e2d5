import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger, errorFields } from '../log.js';
import { switchyardError } from '../errors.js';
import { currentRequestId, runInRequest } from '../requestContext.js';

function capture(): { lines: Record<string, unknown>[]; destination: Writable } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts credential fields wherever a caller puts them', () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 't', destination });
    log.info({ apiKey: 'k1', headers: { authorization: 'Bearer t1', 'x-api-key': 'k2', 'comet-sdk-api': 'k3' }, source: { credentials: { accessKey: 'a', secretKey: 's' }, token: 't2' } }, 'call');
    const text = JSON.stringify(lines);
    for (const secret of ['k1', 'Bearer t1', 'k2', 'k3', '"a"', '"s"', 't2']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ apiKey: '[redacted]', headers: { authorization: '[redacted]' }, source: { credentials: '[redacted]', token: '[redacted]' } });
  });

  it('stamps every line with the request it runs for, through awaits', async () => {
    const { lines, destination } = capture();
    const log = createLogger({ name: 't', destination });
    await runInRequest('req-7', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(currentRequestId()).toBe('req-7');
      log.info('inside');
    });
    log.info('outside');
    expect(lines.map((l) => [l['msg'], l['requestId']])).toEqual([
      ['inside', 'req-7'],
      ['outside', undefined],
    ]);
  });
});

describe('errorFields', () => {
  it('keeps the class, code and message of an error, never its stack', () => {
    expect(errorFields(switchyardError('SOURCE_TIMEOUT', 'Source "x" timed out.', { source: 'x' }))).toEqual({ errorType: 'GraphQLError', code: 'SOURCE_TIMEOUT', error: 'Source "x" timed out.' });
    expect(JSON.stringify(errorFields(new Error('boom')))).not.toContain('at ');
    expect(errorFields('plain')).toEqual({ error: 'plain' });
  });
});
