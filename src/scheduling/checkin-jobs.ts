import { z } from 'zod';

/**
 * A job of the `checkins` queue. (Question timeouts and video-call reminders have queues of their own:
 * `session-timeouts`, `appointment-reminders`.)
 *
 * @example
 * { "kind": "fire", "checkInId": "0193…" }     // at its due time
 * { "kind": "expire", "checkInId": "0193…" }   // when its answer window closes
 * { "kind": "reconcile" }                      // every few minutes
 */
export const checkInJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fire'), checkInId: z.uuid() }),
  z.object({ kind: z.literal('expire'), checkInId: z.uuid() }),
  z.object({ kind: z.literal('reconcile') }),
]);

/** Payload of a `checkins` job. */
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

/**
 * The job id of a sent check-in's expiry, for the time it was sent: a check-in postponed and sent
 * again gets an expiry of its own (the earlier one, if still waiting, finds nothing to do).
 */
export function expiryJobId(checkInId: string, sentAt: Date | null): string {
  return sentAt ? `cx-${checkInId}-${sentAt.getTime()}` : `cx-${checkInId}`;
}
