/**
 * The queues of the pipeline: channel → `inbound` → worker → engine → `outbound` → channel; and the
 * queues of delayed jobs, one per family: `checkins` (check-ins due, expiring, the reconciler),
 * `session-timeouts` (a question left unanswered) and `appointment-reminders` (video-call reminders).
 * docs/architecture.md lists each queue with its job kinds (a test keeps that table true).
 */
export const QUEUE_NAMES = {
  inbound: 'inbound',
  outbound: 'outbound',
  checkins: 'checkins',
  sessionTimeouts: 'session-timeouts',
  appointmentReminders: 'appointment-reminders',
} as const;

/** How the code refers to a queue (`sessionTimeouts`): the key of {@link QUEUE_NAMES}. */
export type QueueKey = keyof typeof QUEUE_NAMES;

/** One of the pipeline's queue names in Redis (`session-timeouts`). */
export type QueueName = (typeof QUEUE_NAMES)[QueueKey];
