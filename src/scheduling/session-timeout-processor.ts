import { UnrecoverableError, type Job } from 'bullmq';
import { sessionTimeoutJobSchema, type SessionTimeoutJob } from './session-timeout-jobs.js';

/**
 * The processor of the `session-timeouts` queue: hands each question's timeout to `fire`; an
 * unreadable payload fails for good.
 */
export function sessionTimeoutProcessor(
  fire: (timeout: { caseId: string; sessionId: string; waitingSince: string }) => Promise<unknown>,
): (job: Job<SessionTimeoutJob>, token?: string) => Promise<unknown> {
  return async (job) => {
    const payload = sessionTimeoutJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`session timeout job ${job.id} has an invalid payload`);
    return fire(payload.data);
  };
}
