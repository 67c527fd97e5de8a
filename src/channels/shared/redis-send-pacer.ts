import type { Redis } from 'ioredis';
import type { SendPacer } from '../../app/ports.js';

// Reserves the next free send slot: the later of now (Redis' clock, the same for every process) and
// the slot after the last one handed out; returns how many microseconds the caller waits for it.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
local after = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000) + 60000)
return slot - now
`;

/** Reservations a caller that woke up late makes again before it sends anyway. */
const MAX_RESERVATIONS = 3;

/**
 * A {@link SendPacer} on Redis: one key per sending number holds the next free slot, slots are
 * `1/perSecond` apart, and each caller reserves one atomically and sleeps until it. Every process
 * sending from the number shares the key, so together they never exceed the rate; at most one slot
 * per caller waiting is reserved ahead, so a reply reserved now waits behind the sends already
 * waiting (a few per worker), not behind a queue's backlog. A caller that wakes up a slot or more
 * late (its process was busy) reserves again rather than go out together with the next slot's send.
 */
export function redisSendPacer(redis: Redis, key: string, perSecond: number): SendPacer {
  const intervalUs = Math.round(1_000_000 / perSecond);
  const lateMs = Math.max(intervalUs / 1000, 20);
  return {
    async awaitTurn() {
      for (let reservation = 1; ; reservation += 1) {
        const waitUs = Number(await redis.eval(RESERVE, 1, key, String(intervalUs)));
        // Never early: a send a fraction of a millisecond before its slot could add one to a second.
        const slotAt = performance.now() + Math.ceil(waitUs / 1000);
        if (waitUs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitUs / 1000)));
        if (performance.now() - slotAt <= lateMs || reservation >= MAX_RESERVATIONS) return;
      }
    },
  };
}
