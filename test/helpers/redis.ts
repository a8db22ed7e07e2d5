/** The real Redis the shared-cache tests use (DESIGN §9), and cleanup of the keys a test wrote there. */
import { createClient } from '@keyv/redis';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** Delete every key starting with `prefix` (tests give theirs a random one). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const admin = createClient({ url: TEST_REDIS_URL });
  await admin.connect();
  try {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length > 0) await admin.del(keys);
  } finally {
    await admin.close();
  }
}
