/** The queues of the pipeline: channel → `inbound` → worker → engine → `outbound` → channel. */
export const QUEUE_NAMES = {
  inbound: 'inbound',
  outbound: 'outbound',
} as const;

/** One of the pipeline's queue names. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
