import { UnrecoverableError, type Job } from 'bullmq';
import { checkInJobSchema, type CheckInJob } from './checkin-jobs.js';
import type { SessionTimeoutJob } from './session-timeout-jobs.js';
import type { AppointmentReminderJob } from './appointment-reminder-jobs.js';

/** The check-in use cases a processor dispatches to. */
export interface CheckInHandlers {
  fire(checkInId: string): Promise<unknown>;
  expire(checkInId: string): Promise<unknown>;
  reconcile(): Promise<unknown>;
}

/** A BullMQ processor of one queue's jobs. */
type JobProcessor<T> = (job: Job<T>, token?: string) => Promise<unknown>;

/**
 * The processors of the job kinds the `checkins` queue used to carry before they got queues of their
 * own. Compatibility for one release: a deployment upgraded while such jobs were delayed in Redis
 * still runs them. Remove with {@link checkInProcessor}'s branch in the release after.
 */
export interface FormerCheckInKinds {
  timeout: JobProcessor<SessionTimeoutJob>;
  reminder: JobProcessor<AppointmentReminderJob>;
}

/**
 * Dispatches each `checkins` job to its use case; an unreadable payload fails for good. A `timeout`
 * or `reminder` job left on this queue by the previous release goes to the processor of its new queue.
 */
export function checkInProcessor(handlers: CheckInHandlers, former: FormerCheckInKinds): JobProcessor<CheckInJob> {
  return async (job, token) => {
    const payload = checkInJobSchema.safeParse(job.data);
    if (!payload.success) {
      // Compatibility for one release (see FormerCheckInKinds): jobs delayed before the queues were split.
      const kind = (job.data as { kind?: unknown } | null)?.kind;
      if (kind === 'timeout') return former.timeout(job as unknown as Job<SessionTimeoutJob>, token);
      if (kind === 'reminder') return former.reminder(job as unknown as Job<AppointmentReminderJob>, token);
      throw new UnrecoverableError(`check-in job ${job.id} has an invalid payload`);
    }
    switch (payload.data.kind) {
      case 'fire':
        return handlers.fire(payload.data.checkInId);
      case 'expire':
        return handlers.expire(payload.data.checkInId);
      case 'reconcile':
        return handlers.reconcile();
    }
  };
}
