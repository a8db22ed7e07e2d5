import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorCodeOf } from '../../shared/errors.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** The error a read of tasks.get_all ends with while the emulator answers `fault`. */
async function failureWith(fault: { status: number; body: string; contentType: string }): Promise<unknown> {
  h.em.faults.set([{ match: 'tasks.get_all', ...fault }]);
  try {
    return await h.source.instance('clearml').connector.call('tasks.get_all', { page: 0, page_size: 1 }, 'read').then(
      () => undefined,
      (e: unknown) => e,
    );
  } finally {
    h.em.faults.reset();
  }
}

describe('ClearML answers without an envelope', () => {
  it('are SOURCE_UNAVAILABLE when the status is a 5xx (a proxy page, a crashed server)', async () => {
    const err = await failureWith({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    expect(errorCodeOf(err)).toBe('SOURCE_UNAVAILABLE');
    expect(err).toMatchObject({ extensions: { source: 'clearml' } });
  });

  it('are SOURCE_ERROR otherwise: the tracker answered something unreadable', async () => {
    expect(errorCodeOf(await failureWith({ status: 200, body: 'not json', contentType: 'text/plain' }))).toBe('SOURCE_ERROR');
    expect(errorCodeOf(await failureWith({ status: 200, body: '{"ok":true}', contentType: 'application/json' }))).toBe('SOURCE_ERROR');
  });
});
