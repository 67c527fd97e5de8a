import type { Redis } from 'ioredis';

/**
 * Redis's `maxmemory-policy`, or `null` when the server does not say (a managed Redis may forbid
 * `CONFIG`). BullMQ needs `noeviction`: any other policy lets Redis drop queued jobs when memory runs out.
 */
export async function evictionPolicy(redis: Redis): Promise<string | null> {
  try {
    const answer = (await redis.config('GET', 'maxmemory-policy')) as string[];
    return answer[1] ?? null;
  } catch {
    return null;
  }
}
