import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { UNIT_TIME_ZONE } from '../engine/index.js';

/** The queue of the service's housekeeping jobs (one worker per process that runs workers). */
export const MAINTENANCE_QUEUE = 'maintenance';

/** The id of the retention job's scheduler: one per Redis prefix, whatever the number of processes. */
export const RETENTION_SCHEDULER_ID = 'retention';

/** The id of the monthly bulletin job's scheduler. */
export const BULLETIN_SCHEDULER_ID = 'bulletin';

/** The running retention schedule of one process. */
export interface MaintenanceJobs {
  queue: Queue;
  /** Stops the worker (waiting for a run under way) and closes the queue. */
  close(): Promise<void>;
}

/**
 * Runs retention as a repeatable BullMQ job: a job scheduler (`RETENTION_SCHEDULE`, a cron pattern in
 * America/Cancun; upserted, so every process agrees on one) and a worker that calls `runRetention`.
 * Each occurrence runs once across all processes; a failed run is retried with backoff and the next
 * occurrence runs anyway. With `pattern: null` the scheduler is removed and nothing runs.
 * The monthly bulletin (`BULLETIN_SCHEDULE`) is a second scheduler on the same queue, run the same way.
 * Failures are logged by job id and error name only.
 *
 * @example
 * const jobs = await startMaintenanceJobs({ connection, prefix: 'acompana', pattern: '30 3 * * *', retention: () => runRetention(deps, actor), log });
 */
export async function startMaintenanceJobs(options: {
  connection: ConnectionOptions;
  prefix: string;
  pattern: string | null;
  retention: () => Promise<unknown>;
  /** The bulletin job: its cron pattern (`null`: never) and what it runs. */
  bulletin?: { pattern: string | null; run: () => Promise<unknown> };
  log: Logger;
}): Promise<MaintenanceJobs> {
  const queue = new Queue(MAINTENANCE_QUEUE, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 100 },
  });
  queue.on('error', (error) => options.log.warn({ queue: MAINTENANCE_QUEUE, error: { name: error.name } }, 'maintenance queue error'));
  if (options.pattern === null) {
    await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
  } else {
    await queue.upsertJobScheduler(
      RETENTION_SCHEDULER_ID,
      { pattern: options.pattern, tz: UNIT_TIME_ZONE },
      { name: 'retention', data: { kind: 'retention' } },
    );
  }
  const bulletin = options.bulletin;
  if (!bulletin || bulletin.pattern === null) {
    await queue.removeJobScheduler(BULLETIN_SCHEDULER_ID);
  } else {
    await queue.upsertJobScheduler(
      BULLETIN_SCHEDULER_ID,
      { pattern: bulletin.pattern, tz: UNIT_TIME_ZONE },
      { name: 'bulletin', data: { kind: 'bulletin' } },
    );
  }
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async (job) => {
      if (job.name === 'retention') await options.retention();
      else if (job.name === 'bulletin' && bulletin) await bulletin.run();
      else throw new Error(`unknown maintenance job ${job.name}`);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, error) => {
    options.log.warn({ queue: MAINTENANCE_QUEUE, jobId: job?.id, attempt: job?.attemptsMade, error: { name: error.name } }, 'job failed');
  });
  worker.on('error', (error) => options.log.error({ queue: MAINTENANCE_QUEUE, error: { name: error.name } }, 'worker error'));
  return {
    queue,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
