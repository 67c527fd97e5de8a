import type { Queue } from 'bullmq';
import type { OutboundDispatcher } from '../app/ports.js';
import { sendJobId, type SendJob } from './job-payloads.js';

/** The {@link OutboundDispatcher} that queues one `send` job per cause, under a deterministic id. */
export function queueOutboundDispatcher(queue: Queue<SendJob>): OutboundDispatcher {
  return {
    async dispatch(batchKey, contactIds) {
      if (contactIds.length === 0) return;
      await queue.add('send', { kind: 'send', contactIds: [...contactIds] }, { jobId: sendJobId(batchKey) });
    },
  };
}
