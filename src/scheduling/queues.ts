import { Queue } from 'bullmq';
import type { ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES } from './queue-names.js';
import type { InboundJob, SendJob } from './job-payloads.js';
import type { CheckInJob } from './checkin-jobs.js';
import type { SessionTimeoutJob } from './session-timeout-jobs.js';
import type { AppointmentReminderJob } from './appointment-reminder-jobs.js';

/** The pipeline's queues, created by {@link createQueues}, never on import. */
export interface PipelineQueues {
  inbound: Queue<InboundJob>;
  outbound: Queue<SendJob>;
  checkins: Queue<CheckInJob>;
  sessionTimeouts: Queue<SessionTimeoutJob>;
  appointmentReminders: Queue<AppointmentReminderJob>;
  /** Every queue above, in `QUEUE_NAMES` order: what the metrics and the admin queue view list. */
  all: readonly Queue[];
  close(): Promise<void>;
}

/** Finished jobs are kept a day so a repeated channel message id is recognised in Redis too. */
const KEEP_FINISHED = { age: 24 * 3600, count: 100_000 } as const;

/** How a queue retries its jobs and how long it keeps them once finished. */
interface QueuePolicy {
  attempts: number;
  /** First retry delay; each next one doubles. */
  firstRetryMs: number;
  /** `true`: removed at once; otherwise kept as {@link KEEP_FINISHED} says. */
  keepFinished: typeof KEEP_FINISHED | true;
}

/**
 * Creates the queues, each owning its connection, under `prefix` (tests give each file its own).
 */
export function createQueues(connection: ConnectionOptions, prefix: string, onError: (error: Error) => void): PipelineQueues {
  const queue = <T>(name: string, policy: QueuePolicy): Queue<T> => {
    const created = new Queue<T>(name, {
      connection,
      prefix,
      defaultJobOptions: {
        attempts: policy.attempts,
        backoff: { type: 'exponential', delay: policy.firstRetryMs },
        removeOnComplete: policy.keepFinished,
        removeOnFail: policy.keepFinished,
      },
    });
    created.on('error', onError);
    return created;
  };
  const inbound = queue<InboundJob>(QUEUE_NAMES.inbound, { attempts: 8, firstRetryMs: 500, keepFinished: KEEP_FINISHED });
  const outbound = queue<SendJob>(QUEUE_NAMES.outbound, { attempts: 10, firstRetryMs: 1_000, keepFinished: KEEP_FINISHED });
  // Check-in, timeout and reminder jobs have deterministic ids and are re-added by the reconciler (or
  // the next turn): a finished one must not linger, or adding the same id again would be ignored.
  const delayedJobs = { attempts: 6, firstRetryMs: 2_000, keepFinished: true } as const;
  const checkins = queue<CheckInJob>(QUEUE_NAMES.checkins, delayedJobs);
  const sessionTimeouts = queue<SessionTimeoutJob>(QUEUE_NAMES.sessionTimeouts, delayedJobs);
  const appointmentReminders = queue<AppointmentReminderJob>(QUEUE_NAMES.appointmentReminders, delayedJobs);
  const all: readonly Queue[] = [inbound, outbound, checkins, sessionTimeouts, appointmentReminders];
  return {
    inbound,
    outbound,
    checkins,
    sessionTimeouts,
    appointmentReminders,
    all,
    async close() {
      await Promise.all(all.map((q) => q.close()));
    },
  };
}
