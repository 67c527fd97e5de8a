import { UnrecoverableError, type Job } from 'bullmq';
import { checkInJobSchema, type CheckInJob } from './checkin-jobs.js';

/** The check-in use cases a processor dispatches to. */
export interface CheckInHandlers {
  fire(checkInId: string): Promise<unknown>;
  expire(checkInId: string): Promise<unknown>;
  reconcile(): Promise<unknown>;
  timeout(timeout: { caseId: string; sessionId: string; waitingSince: string }): Promise<unknown>;
  /** A video-call reminder for the session's start it was planned for. */
  reminder(reminder: { appointmentId: string; reminder: 'day' | 'hour'; startsAt: string }): Promise<unknown>;
}

/** Dispatches each check-in job to its use case; an unreadable payload fails for good. */
export function checkInProcessor(handlers: CheckInHandlers): (job: Job<CheckInJob>) => Promise<unknown> {
  return async (job) => {
    const payload = checkInJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`check-in job ${job.id} has an invalid payload`);
    switch (payload.data.kind) {
      case 'fire':
        return handlers.fire(payload.data.checkInId);
      case 'expire':
        return handlers.expire(payload.data.checkInId);
      case 'reconcile':
        return handlers.reconcile();
      case 'timeout':
        return handlers.timeout(payload.data);
      case 'reminder':
        return handlers.reminder(payload.data);
    }
  };
}
