import { hostname } from 'node:os';
import { Worker, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES, type QueueKey, type QueueName } from './queue-names.js';
import type { InboundJob, SendJob } from './job-payloads.js';
import type { CheckInJob } from './checkin-jobs.js';
import type { SessionTimeoutJob } from './session-timeout-jobs.js';
import type { AppointmentReminderJob } from './appointment-reminder-jobs.js';
import type { JobObserver } from '../observability/metrics.js';

/** The job payload of each queue of the pipeline, by its key in `QUEUE_NAMES`. */
export interface PipelineJobs {
  inbound: InboundJob;
  outbound: SendJob;
  checkins: CheckInJob;
  sessionTimeouts: SessionTimeoutJob;
  appointmentReminders: AppointmentReminderJob;
}

/** The processors a process runs, by queue: a queue without one has no worker in this process. */
export type PipelineProcessors = { [Q in QueueKey]?: Processor<PipelineJobs[Q]> };

/** The running workers of one process. */
export interface PipelineWorkers {
  /** The queues this process works on. */
  readonly queues: readonly QueueName[];
  /** Stops taking jobs, waits for those under way, and closes. */
  close(): Promise<void>;
  /** Whether every worker is connected and running. */
  running(): boolean;
}

/**
 * The name workers of this process give BullMQ: each job records it (`processedBy`), so an operator
 * sees which process ran a job, and a dead process's jobs are told apart from the others'.
 */
export function workerName(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Starts a worker for each queue given a processor. Each owns its Redis connections (BullMQ blocks on
 * them). Failures are logged by job id and error code only: payloads and error texts may carry personal data.
 */
export function startWorkers(options: {
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  /** Lock duration; a job whose worker died is retried after about this long. */
  lockMs: number;
  processors: PipelineProcessors;
  log: Logger;
  /** Told of every job that finishes or stalls (the metrics). */
  observer?: JobObserver;
}): PipelineWorkers {
  const common = {
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    maxStalledCount: 5,
    name: workerName(),
    connection: options.connection,
  };
  const workers = (Object.keys(QUEUE_NAMES) as QueueKey[]).flatMap((queue) => {
    const processor = options.processors[queue] as Processor | undefined;
    return processor ? [new Worker(QUEUE_NAMES[queue], processor, common)] : [];
  });
  for (const worker of workers) {
    worker.on('failed', (job, error) => {
      options.log.warn(
        { queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, error: { name: error.name, code: (error as { code?: unknown }).code } },
        'job failed',
      );
    });
    const observer = options.observer;
    if (observer) {
      const ran = (job: { processedOn?: number; finishedOn?: number } | undefined) =>
        job?.processedOn && job.finishedOn ? job.finishedOn - job.processedOn : 0;
      worker.on('completed', (job) => observer.finished(worker.name, 'completed', ran(job)));
      worker.on('failed', (job) => observer.finished(worker.name, 'failed', ran(job)));
      worker.on('stalled', () => observer.stalled(worker.name));
      worker.on('active', (job) => {
        // A delayed job (a check-in firing at its due time) is late by how long after it was due it started.
        const delay = job.opts.delay ?? 0;
        if (delay > 0 && job.attemptsMade === 0) observer.late(worker.name, job.name, (job.processedOn ?? Date.now()) - (job.timestamp + delay));
      });
    }
    worker.on('error', (error) => {
      options.log.error({ queue: worker.name, error: { name: error.name, code: (error as { code?: unknown }).code } }, 'worker error');
    });
  }
  return {
    queues: workers.map((w) => w.name as QueueName),
    running: () => workers.every((w) => w.isRunning()),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
