import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** A Redis reached through Sentinel (`REDIS_SENTINELS`): the monitored master's name and the sentinels' addresses. */
export interface RedisSentinels {
  name: string;
  hosts: { host: string; port: number }[];
}

/**
 * The ioredis options of a connection to `url`, or, with `sentinels`, to whichever server the
 * sentinels name as master (password, user and database number still from `url`): ioredis asks the
 * sentinels again after a failover and reconnects to the new master.
 */
export function redisOptions(url: string, sentinels: RedisSentinels | undefined, extra: RedisOptions = {}): RedisOptions {
  if (!sentinels) return extra;
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || '0');
  return {
    sentinels: sentinels.hosts,
    name: sentinels.name,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password), sentinelPassword: decodeURIComponent(parsed.password) } : {}),
    ...(Number.isInteger(db) ? { db } : {}),
    ...extra,
  };
}

/** Opens an ioredis client to `url`, or through `sentinels` when given. */
export function openRedisClient(url: string, sentinels: RedisSentinels | undefined, options: RedisOptions): Redis {
  return sentinels ? new Redis(redisOptions(url, sentinels, options)) : new Redis(url, options);
}

/**
 * How BullMQ queues and workers connect to `url`: each opens and owns its connections, and commands
 * wait for a reconnect instead of failing (`maxRetriesPerRequest: null`, which workers require).
 */
export function bullConnection(url: string, sentinels?: RedisSentinels): ConnectionOptions {
  return sentinels ? (redisOptions(url, sentinels, { maxRetriesPerRequest: null }) as ConnectionOptions) : { url, maxRetriesPerRequest: null };
}

/**
 * Opens a Redis connection owned by the caller (who must `quit()` or `disconnect()` it). Connection
 * errors go to `onError` (ioredis reconnects by itself); without a listener Node would print them.
 */
export function createRedis(url: string, onError: (error: Error) => void, extra: RedisOptions = {}, sentinels?: RedisSentinels): Redis {
  const client = openRedisClient(url, sentinels, { maxRetriesPerRequest: null, ...extra });
  client.on('error', onError);
  return client;
}

export type { Redis };
