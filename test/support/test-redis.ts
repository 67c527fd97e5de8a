import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL } from './environment.js';

/** A Redis key prefix of one test file's own, and the means to remove every key under it. */
export interface TestRedis {
  url: string;
  prefix: string;
  /** Deletes every key under the prefix. */
  clean(): Promise<void>;
}

/** Reserves a unique key prefix on the test Redis. */
export function createTestRedis(): TestRedis {
  const prefix = `acompana-t-${randomBytes(6).toString('hex')}`;
  return {
    url: TEST_REDIS_URL,
    prefix,
    async clean() {
      const redis = new Redis(TEST_REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
