/**
 * The outbound queue's lanes on real Redis: sends the service initiates (check-ins, reminders) are
 * queued with a priority, replies without one, so a reply queued behind a burst of check-in openers
 * is sent first, and the openers keep their order among themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'bullmq';
import { createQueues, type PipelineQueues } from '../../src/scheduling/queues.js';
import { bullConnection } from '../../src/scheduling/redis.js';
import { INITIATED_SEND_PRIORITY, queueOutboundDispatcher } from '../../src/scheduling/outbound-dispatcher.js';
import { QUEUE_NAMES } from '../../src/scheduling/queue-names.js';
import { createTestRedis, type TestRedis } from '../support/test-redis.js';
import { eventually } from '../support/test-service.js';

let redis: TestRedis;
let queues: PipelineQueues;

beforeAll(() => {
  redis = createTestRedis();
  queues = createQueues(bullConnection(redis.url), redis.prefix, () => undefined);
});
afterAll(async () => {
  await queues?.close();
  await redis?.clean();
});

describe('the outbound queue during a burst of check-ins', () => {
  it('takes a reply before the check-in openers queued ahead of it, and the openers in due order', async () => {
    const initiated = queueOutboundDispatcher(queues.outbound, { priority: INITIATED_SEND_PRIORITY });
    const replies = queueOutboundDispatcher(queues.outbound);
    for (let i = 0; i < 20; i += 1) await initiated.dispatch(`checkin-${String(i).padStart(2, '0')}`, [crypto.randomUUID()]);
    await replies.dispatch('reply', [crypto.randomUUID()]);

    const taken: string[] = [];
    const worker = new Worker(QUEUE_NAMES.outbound, async (job) => void taken.push(job.id!), {
      connection: bullConnection(redis.url),
      prefix: redis.prefix,
      concurrency: 1,
    });
    try {
      await eventually(async () => (taken.length === 21 ? true : undefined), 10_000, 'every send taken');
    } finally {
      await worker.close();
    }
    expect(taken[0]).toBe('out-reply');
    expect(taken.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `out-checkin-${String(i).padStart(2, '0')}`));
  });
});
