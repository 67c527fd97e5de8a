import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Keeps a job whose queue attempts are used up from failing for good: at its last attempt it is
 * moved to be tried again `everyMs` later (no attempt is used, so every later try is a last attempt
 * too) and {@link DelayedError} is thrown, as BullMQ asks. Earlier attempts return, and the caller
 * rethrows its error for BullMQ's own backoff. For jobs whose loss would lose her message or leave it
 * unsent without anyone told: a database or Redis outage longer than the backoff must only delay them.
 *
 * @example
 * } catch (error) {
 *   await keepTrying(job, token, 60_000, log, error);
 *   throw error;
 * }
 */
export async function keepTrying(job: Job, token: string | undefined, everyMs: number, log: Logger, error: unknown): Promise<void> {
  if (!token || job.attemptsMade + 1 < (job.opts.attempts ?? 1)) return;
  log.warn(
    { queue: job.queueName, jobId: job.id, error: { name: (error as Error | null)?.name, code: (error as { code?: unknown } | null)?.code } },
    'job out of attempts: tried again later, not dropped',
  );
  await job.moveToDelayed(Date.now() + everyMs, token);
  throw new DelayedError();
}
