import { z } from 'zod';

/**
 * A job of the `session-timeouts` queue: a `sweep` of the questions whose timeout is due (one per
 * `TIMEOUT_SWEEP_SECONDS`, from a job scheduler), or a `timeout` the previous release delayed for one
 * question (compatibility for one release).
 *
 * @example
 * { "kind": "sweep" }
 * { "kind": "timeout", "caseId": "…", "sessionId": "…", "waitingSince": "2026-11-28T17:00:00.000Z" }
 */
export const sessionTimeoutJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sweep') }),
  z.object({
    kind: z.literal('timeout'),
    caseId: z.uuid(),
    sessionId: z.uuid(),
    waitingSince: z.iso.datetime(),
  }),
]);

/** Payload of a `session-timeouts` job. */
export type SessionTimeoutJob = z.infer<typeof sessionTimeoutJobSchema>;

/** The payload of a `timeout` job the previous release queued. */
export type LegacyTimeoutJob = Extract<SessionTimeoutJob, { kind: 'timeout' }>;

/** The id of the job scheduler that sweeps the due question timeouts: one per Redis prefix. */
export const TIMEOUT_SWEEP_SCHEDULER_ID = 'timeout-sweep';
