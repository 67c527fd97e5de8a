import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisSendPacer } from '../../../src/channels/shared/redis-send-pacer.js';
import { createTestRedis } from '../../support/test-redis.js';

const testRedis = createTestRedis();
// Two connections, as two processes sending from the same number would have.
const first = new Redis(testRedis.url);
const second = new Redis(testRedis.url);
afterAll(async () => {
  await testRedis.clean();
  first.disconnect();
  second.disconnect();
});

describe('the Redis send pacer', () => {
  it('holds one rate for every connection sharing a number: their turns are a slot apart, never together', async () => {
    const RATE = 20;
    const key = `${testRedis.prefix}:pace:109876543210`;
    const pacers = [redisSendPacer(first, key, RATE), redisSendPacer(second, key, RATE)];
    const turns: number[] = [];
    const started = performance.now();
    // Twenty callers on each connection, all asking at once.
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await pacers[i % 2]!.awaitTurn();
        turns.push(performance.now() - started);
      }),
    );
    turns.sort((a, b) => a - b);
    // 40 turns a twentieth of a second apart take at least 39 slots: shared, not 20 per connection.
    expect(turns[turns.length - 1]!).toBeGreaterThanOrEqual((39 * 1000) / RATE - 5);
    // No window of one second holds more than the rate and one more (a turn at each edge).
    const most = Math.max(...turns.map((t) => turns.filter((u) => u >= t && u < t + 1000).length));
    expect(most).toBeLessThanOrEqual(RATE + 1);
  }, 30_000);
});
