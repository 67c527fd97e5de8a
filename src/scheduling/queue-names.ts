/**
 * The queues of the pipeline: channel → `inbound` → worker → engine → `outbound` → channel; and
 * `checkins`, whose delayed jobs start follow-up conversations.
 */
export const QUEUE_NAMES = {
  inbound: 'inbound',
  outbound: 'outbound',
  checkins: 'checkins',
} as const;

/** One of the pipeline's queue names. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
