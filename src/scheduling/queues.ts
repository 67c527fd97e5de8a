import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names.js';
import type { InboundJob, SendJob } from './job-payloads.js';
import type { CheckInJob } from './checkin-jobs.js';

/** The pipeline's queues, created by {@link createQueues}, never on import. */
export interface PipelineQueues {
  inbound: Queue<InboundJob>;
  outbound: Queue<SendJob>;
  checkins: Queue<CheckInJob>;
  close(): Promise<void>;
}

/** Finished jobs are kept a day so a repeated channel message id is recognised in Redis too. */
const KEEP_FINISHED = { age: 24 * 3600, count: 100_000 };

/**
 * Creates the queues, each owning its connection, under `prefix` (tests give each file its own).
 */
export function createQueues(connection: ConnectionOptions, prefix: string, onError: (error: Error) => void): PipelineQueues {
  const inbound = new Queue<InboundJob>(QUEUE_NAMES.inbound, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: KEEP_FINISHED,
      removeOnFail: KEEP_FINISHED,
    },
  });
  const outbound = new Queue<SendJob>(QUEUE_NAMES.outbound, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: KEEP_FINISHED,
      removeOnFail: KEEP_FINISHED,
    },
  });
  // Check-in jobs have deterministic ids and are re-added by the reconciler: a finished one must not
  // linger, or adding the same id again would be ignored.
  const checkins = new Queue<CheckInJob>(QUEUE_NAMES.checkins, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
  for (const queue of [inbound, outbound, checkins]) queue.on('error', onError);
  return {
    inbound,
    outbound,
    checkins,
    async close() {
      await Promise.all([inbound.close(), outbound.close(), checkins.close()]);
    },
  };
}
