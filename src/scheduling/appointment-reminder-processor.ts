import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { appointmentReminderJobSchema, type AppointmentReminderJob } from './appointment-reminder-jobs.js';

/** Whether a handler asked for its job to run again later. */
function runAgainAt(result: unknown): Date | null {
  const at = (result as { runAgainAt?: unknown } | null)?.runAgainAt;
  return at instanceof Date ? at : null;
}

/**
 * The processor of the `appointment-reminders` queue: hands each video-call reminder to `fire`, for
 * the session's start it was planned for. An answer with `runAgainAt` puts the same job back, delayed
 * to then (its deterministic id stays taken meanwhile). An unreadable payload fails for good.
 */
export function appointmentReminderProcessor(
  fire: (reminder: { appointmentId: string; reminder: 'day' | 'hour'; startsAt: string }) => Promise<unknown>,
): (job: Job<AppointmentReminderJob>, token?: string) => Promise<unknown> {
  return async (job, token) => {
    const payload = appointmentReminderJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`appointment reminder job ${job.id} has an invalid payload`);
    const result = await fire(payload.data);
    const later = runAgainAt(result);
    if (later === null) return result;
    await job.moveToDelayed(later.getTime(), token);
    throw new DelayedError();
  };
}
