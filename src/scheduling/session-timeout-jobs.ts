import { z } from 'zod';

/**
 * A job of the `session-timeouts` queue: a question left unanswered until its timeout.
 *
 * @example
 * { "kind": "timeout", "caseId": "…", "sessionId": "…", "waitingSince": "2026-11-28T17:00:00.000Z" }
 */
export const sessionTimeoutJobSchema = z.object({
  kind: z.literal('timeout'),
  caseId: z.uuid(),
  sessionId: z.uuid(),
  waitingSince: z.iso.datetime(),
});

/** Payload of a `session-timeouts` job. */
export type SessionTimeoutJob = z.infer<typeof sessionTimeoutJobSchema>;

/** The job id of a question's timeout: one per session and waiting moment. */
export function timeoutJobId(sessionId: string, waitingSince: string): string {
  return `to-${sessionId}-${Date.parse(waitingSince)}`;
}
