import { UnrecoverableError, type Job } from 'bullmq';
import { sessionTimeoutJobSchema, type LegacyTimeoutJob, type SessionTimeoutJob } from './session-timeout-jobs.js';

/**
 * The processor of the `session-timeouts` queue: a `sweep` job runs `sweep`, a `timeout` job of the
 * previous release goes to `legacy`; an unreadable payload fails for good.
 */
export function sessionTimeoutProcessor(handlers: {
  sweep: () => Promise<unknown>;
  legacy: (timeout: Omit<LegacyTimeoutJob, 'kind'>) => Promise<unknown>;
}): (job: Job<SessionTimeoutJob>, token?: string) => Promise<unknown> {
  return async (job) => {
    const payload = sessionTimeoutJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`session timeout job ${job.id} has an invalid payload`);
    if (payload.data.kind === 'sweep') return handlers.sweep();
    const { caseId, sessionId, waitingSince } = payload.data;
    return handlers.legacy({ caseId, sessionId, waitingSince });
  };
}
