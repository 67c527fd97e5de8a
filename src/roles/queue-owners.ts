import type { Processor } from 'bullmq';
import type { Role } from '../config/schema.js';
import type { QueueKey } from '../scheduling/queue-names.js';
import type { PipelineJobs } from '../scheduling/workers.js';

/**
 * Which role runs each queue's worker. Only the process that owns the channel can send, so `outbound`
 * belongs to the gateway; the conversations, check-ins, question timeouts and video-call reminders run
 * wherever `worker` does. A new
 * queue adds one line here, and the role named must then supply its processor (the types insist).
 */
export const QUEUE_OWNERS = {
  inbound: 'worker',
  outbound: 'gateway',
  checkins: 'worker',
  sessionTimeouts: 'worker',
  appointmentReminders: 'worker',
} as const satisfies Record<QueueKey, Role>;

/** The processors role `R` must supply: one for each queue {@link QUEUE_OWNERS} gives it. */
export type ProcessorsOf<R extends Role> = {
  [Q in QueueKey as (typeof QUEUE_OWNERS)[Q] extends R ? Q : never]: Processor<PipelineJobs[Q]>;
};
