import type { Queue } from 'bullmq';
import type { Clock } from '../app/ports.js';
import type { TimeoutScheduler } from '../app/session-timeouts.js';
import { timeoutJobId, type SessionTimeoutJob } from './session-timeout-jobs.js';

/**
 * The {@link TimeoutScheduler} on the `session-timeouts` queue: one delayed job per session and waiting moment,
 * so scheduling twice adds one job, and a turn that moved the session on leaves a job that finds it
 * stale and does nothing.
 */
export function queueTimeoutScheduler(queue: Queue<SessionTimeoutJob>, clock: Clock): TimeoutScheduler {
  return {
    async schedule(timeout) {
      await queue.add(
        'timeout',
        { kind: 'timeout', caseId: timeout.caseId, sessionId: timeout.sessionId, waitingSince: timeout.waitingSince },
        { jobId: timeoutJobId(timeout.sessionId, timeout.waitingSince), delay: Math.max(0, timeout.at.getTime() - clock.now().getTime()) },
      );
    },
  };
}
