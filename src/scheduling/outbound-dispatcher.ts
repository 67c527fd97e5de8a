import type { Queue } from 'bullmq';
import type { OutboundDispatcher } from '../app/ports.js';
import { sendJobId, type SendJob } from './job-payloads.js';

/**
 * The BullMQ priority of sends the service initiates (check-ins, session reminders). Jobs without a
 * priority (replies to her, a person's message) are taken before any prioritized job, so a reply
 * never queues behind a burst of check-in openers; among check-ins, the queue stays first in, first out.
 */
export const INITIATED_SEND_PRIORITY = 10;

/**
 * The {@link OutboundDispatcher} that queues one `send` job per cause, under a deterministic id;
 * `priority` puts its jobs behind those queued without one (see {@link INITIATED_SEND_PRIORITY}).
 */
export function queueOutboundDispatcher(queue: Queue<SendJob>, options: { priority?: number } = {}): OutboundDispatcher {
  return {
    async dispatch(batchKey, contactIds) {
      if (contactIds.length === 0) return;
      await queue.add('send', { kind: 'send', contactIds: [...contactIds] }, { jobId: sendJobId(batchKey), ...(options.priority ? { priority: options.priority } : {}) });
    },
  };
}
