import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * How BullMQ queues and workers connect to `url`: each opens and owns its connections, and commands
 * wait for a reconnect instead of failing (`maxRetriesPerRequest: null`, which workers require).
 */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

/** Opens a Redis connection owned by the caller (who must `quit()` or `disconnect()` it). */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...extra });
}

export type { Redis };
