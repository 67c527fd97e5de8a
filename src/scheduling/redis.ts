import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * How BullMQ queues and workers connect to `url`: each opens and owns its connections, and commands
 * wait for a reconnect instead of failing (`maxRetriesPerRequest: null`, which workers require).
 */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

/**
 * Opens a Redis connection owned by the caller (who must `quit()` or `disconnect()` it). Connection
 * errors go to `onError` (ioredis reconnects by itself); without a listener Node would print them.
 */
export function createRedis(url: string, onError: (error: Error) => void, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, ...extra });
  client.on('error', onError);
  return client;
}

export type { Redis };
