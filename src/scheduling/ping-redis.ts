import { openRedisClient, type RedisSentinels } from './redis.js';
import { StartupError } from '../app/errors.js';

/** Redis's address without a password, for messages. */
function describeRedis(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/**
 * Checks once that Redis answers PING within `timeoutMs`, without retrying.
 *
 * @throws StartupError `REDIS_UNREACHABLE` naming the address tried and how to start Redis.
 */
export async function assertRedisReachable(url: string, timeoutMs = 4_000, sentinels?: RedisSentinels): Promise<void> {
  const client = openRedisClient(url, sentinels, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    throw new StartupError(
      'REDIS_UNREACHABLE',
      sentinels
        ? `Redis is not reachable through the sentinels of ${sentinels.name} (${reason}): check REDIS_SENTINELS`
        : `Redis is not reachable at ${describeRedis(url)} (${reason}). Start it with: docker compose up -d redis`,
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}
