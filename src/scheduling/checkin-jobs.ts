import { z } from 'zod';

/**
 * A check-in job.
 *
 * @example
 * { "kind": "fire", "checkInId": "0193…" }     // at its due time
 * { "kind": "expire", "checkInId": "0193…" }   // when its answer window closes
 * { "kind": "reconcile" }                      // every few minutes
 * { "kind": "timeout", "caseId": "…", "sessionId": "…", "waitingSince": "2026-11-28T17:00:00.000Z" } // a question unanswered
 * { "kind": "reminder", "appointmentId": "…", "reminder": "day", "startsAt": "2026-12-01T15:00:00.000Z" } // a video-call reminder
 */
export const checkInJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fire'), checkInId: z.uuid() }),
  z.object({ kind: z.literal('expire'), checkInId: z.uuid() }),
  z.object({ kind: z.literal('reconcile') }),
  z.object({ kind: z.literal('timeout'), caseId: z.uuid(), sessionId: z.uuid(), waitingSince: z.iso.datetime() }),
  z.object({ kind: z.literal('reminder'), appointmentId: z.uuid(), reminder: z.enum(['day', 'hour']), startsAt: z.iso.datetime() }),
]);

/** Payload of a check-in job. */
export type CheckInJob = z.infer<typeof checkInJobSchema>;

const FIRE_ID = /^ci-([0-9a-f-]{36})-(\d+)$/;

/** The job id of a check-in's fire job for one due time: moving it changes the id. */
export function fireJobId(checkInId: string, dueAt: Date): string {
  return `ci-${checkInId}-${dueAt.getTime()}`;
}

/** Reads a fire job id back, or `null` for another kind of job. */
export function parseFireJobId(jobId: string): { checkInId: string; dueAt: number } | null {
  const match = FIRE_ID.exec(jobId);
  return match ? { checkInId: match[1]!, dueAt: Number(match[2]) } : null;
}

/** The job id of a sent check-in's expiry. */
export function expiryJobId(checkInId: string): string {
  return `cx-${checkInId}`;
}

/** The job id of a question's timeout: one per session and waiting moment. */
export function timeoutJobId(sessionId: string, waitingSince: string): string {
  return `to-${sessionId}-${Date.parse(waitingSince)}`;
}
