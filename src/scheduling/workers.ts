import { Worker, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names.js';
import type { InboundJob, SendJob } from './job-payloads.js';
import type { CheckInJob } from './checkin-jobs.js';

/** The running workers of one process. */
export interface PipelineWorkers {
  /** Stops taking jobs, waits for those under way, and closes. */
  close(): Promise<void>;
  /** Whether every worker is connected and running. */
  running(): boolean;
}

/**
 * Starts the inbound, outbound and check-in workers. Each owns its Redis connections (BullMQ blocks on them).
 * Failures are logged by job id and error code only: payloads and error texts may carry personal data.
 */
export function startWorkers(options: {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Lock duration; a job whose worker died is retried after about this long. */
  lockMs: number;
  inbound: Processor<InboundJob>;
  outbound: Processor<SendJob>;
  checkins: Processor<CheckInJob>;
  log: Logger;
}): PipelineWorkers {
  const common = {
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    maxStalledCount: 5,
  };
  const workers = [
    new Worker<InboundJob>(QUEUE_NAMES.inbound, options.inbound, { ...common, connection: options.connection }),
    new Worker<SendJob>(QUEUE_NAMES.outbound, options.outbound, { ...common, connection: options.connection }),
    new Worker<CheckInJob>(QUEUE_NAMES.checkins, options.checkins, { ...common, connection: options.connection }),
  ];
  for (const worker of workers) {
    worker.on('failed', (job, error) => {
      options.log.warn(
        { queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, error: { name: error.name, code: (error as { code?: unknown }).code } },
        'job failed',
      );
    });
    worker.on('error', (error) => {
      options.log.error({ queue: worker.name, error: { name: error.name, code: (error as { code?: unknown }).code } }, 'worker error');
    });
  }
  return {
    running: () => workers.every((w) => w.isRunning()),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
