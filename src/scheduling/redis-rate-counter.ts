import type { Redis } from 'ioredis';
import type { RateCounter } from '../app/flood-guard.js';

const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/** A {@link RateCounter} on Redis: one key per key and window, expiring with the window. */
export function redisRateCounter(redis: Redis, prefix: string): RateCounter {
  const keyOf = (key: string, window: number) => `${prefix}:rate:${key}:${window}`;
  return {
    async hit(key, windowMs) {
      const now = Date.now();
      const window = Math.floor(now / windowMs);
      const count = Number(await redis.eval(HIT, 1, keyOf(key, window), String(windowMs * 2)));
      return { count, resetInMs: (window + 1) * windowMs - now };
    },
    async peek(key, windowMs) {
      return Number((await redis.get(keyOf(key, Math.floor(Date.now() / windowMs)))) ?? 0);
    },
  };
}
