import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../../../../schema/repoRoot.js';
import { clearmlError } from '../errors.js';
import type { ClearMLEnvelope } from '../wire.js';

const sample = (name: string) => JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/clearml/samples', name), 'utf8')) as ClearMLEnvelope;

describe('clearmlError', () => {
  it.each([
    ['error_400_101_invalid_task_id.response.json', 'NOT_FOUND'],
    ['error_400_110_invalid_status_change.response.json', 'CONFLICT'],
    ['error_401_20_no_credentials.response.json', 'UNAUTHENTICATED'],
    ['error_401_30_invalid_token.response.json', 'UNAUTHENTICATED'],
    ['error_404_unknown_endpoint.response.json', 'NOT_SUPPORTED_BY_SOURCE'],
  ])('maps %s to %s, naming the source but never quoting the upstream message', (file, code) => {
    const envelope = sample(file);
    const err = clearmlError('clearml-prod', envelope, 'tasks.get_by_id', 'clearml-prod:task:x');
    expect(err.extensions).toMatchObject({ code, source: 'clearml-prod', id: 'clearml-prod:task:x', sourceCode: `${envelope.meta.result_code}/${envelope.meta.result_subcode ?? 0}` });
    expect(err.message).not.toContain(envelope.meta.result_msg ?? '§');
  });

  it('maps other 400s to BAD_USER_INPUT and 5xx to SOURCE_UNAVAILABLE or SOURCE_ERROR', () => {
    const env = (result_code: number, result_subcode: number): ClearMLEnvelope => ({ meta: { result_code, result_subcode }, data: {} });
    expect(clearmlError('c', env(400, 12), 'x').extensions['code']).toBe('BAD_USER_INPUT');
    expect(clearmlError('c', env(503, 0), 'x').extensions['code']).toBe('SOURCE_UNAVAILABLE');
    expect(clearmlError('c', env(500, 0), 'x').extensions['code']).toBe('SOURCE_ERROR');
  });
});
