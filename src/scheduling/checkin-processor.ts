import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { checkInJobSchema, type CheckInJob } from './checkin-jobs.js';

/** The check-in use cases a processor dispatches to. */
export interface CheckInHandlers {
  fire(checkInId: string): Promise<unknown>;
  expire(checkInId: string): Promise<unknown>;
  reconcile(): Promise<unknown>;
  timeout(timeout: { caseId: string; sessionId: string; waitingSince: string }): Promise<unknown>;
  /**
   * A video-call reminder for the session's start it was planned for. An answer with `runAgainAt`
   * puts the same job back, delayed to then (its deterministic id stays taken meanwhile).
   */
  reminder(reminder: { appointmentId: string; reminder: 'day' | 'hour'; startsAt: string }): Promise<unknown>;
}

/** Whether a handler asked for its job to run again later. */
function runAgainAt(result: unknown): Date | null {
  const at = (result as { runAgainAt?: unknown } | null)?.runAgainAt;
  return at instanceof Date ? at : null;
}

/** Dispatches each check-in job to its use case; an unreadable payload fails for good. */
export function checkInProcessor(handlers: CheckInHandlers): (job: Job<CheckInJob>, token?: string) => Promise<unknown> {
  return async (job, token) => {
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
      case 'reminder': {
        const result = await handlers.reminder(payload.data);
        const later = runAgainAt(result);
        if (later === null) return result;
        await job.moveToDelayed(later.getTime(), token);
        throw new DelayedError();
      }
    }
  };
}
