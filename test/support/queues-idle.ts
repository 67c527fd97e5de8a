import type { PipelineQueues } from '../../src/scheduling/queues.js';
import { eventually } from './test-service.js';

/** Waits until no job of the pipeline is waiting, delayed or running. */
export async function queuesIdle(queues: PipelineQueues, timeoutMs = 10_000): Promise<void> {
  await eventually(
    async () => {
      const counts = await Promise.all(
        [queues.inbound, queues.outbound].map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      );
      const busy = counts.reduce((sum, c) => sum + Object.values(c).reduce((a, b) => a + b, 0), 0);
      return busy === 0 ? true : undefined;
    },
    timeoutMs,
    'the queues to be idle',
  );
}
