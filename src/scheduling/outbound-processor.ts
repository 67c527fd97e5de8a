import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ChannelError } from '../app/errors.js';
import { giveUpSending, sendOutbound, type SendOutboundDeps, type SendOutcome } from '../app/send-outbound.js';
import { sendJobSchema, type SendJob } from './job-payloads.js';
import { keepTrying } from './keep-trying.js';

export { OUTSIDE_SAFE_HOURS, type InitiationGuard } from '../app/send-outbound.js';

/** The longest wait between two tries once the queue's own attempts are used up. */
export const SEND_RETRY_CAP_MS = 5 * 60_000;

/** How the outbound queue keeps trying a send that fails for now. */
export interface SendRetryPolicy {
  /** How long a send the channel cannot take (a retryable channel error) is tried before it gives up (`SEND_RETRY_SECONDS`). */
  giveUpAfterMs: number;
}

/**
 * Sends a `send` job's contacts in order ({@link sendOutbound}): a contact already sent is skipped, so
 * a retried job re-sends nothing; a transient channel error stops the job (to keep order) and BullMQ
 * retries it with backoff, or after the wait the channel asked for (`retryAfterMs`: a daily cap, a
 * rate limit), which does not use up an attempt; a definitive one marks that contact failed and goes
 * on with the next. A message a check-in initiated is sent only inside her safe hours.
 *
 * Once the queue's attempts are used up the job is not dropped: it is tried every
 * {@link SEND_RETRY_CAP_MS}. A channel that keeps failing for `giveUpAfterMs` from the first failure
 * gets the contacts marked failed and a person alerted ({@link giveUpSending}); any other error (our
 * own database or Redis down) is tried until it passes, since nothing is wrong with the message.
 */
export function outboundProcessor(deps: SendOutboundDeps, retry: SendRetryPolicy): (job: Job<SendJob>, token?: string) => Promise<SendOutcome> {
  return async (job, token) => {
    const payload = sendJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`send job ${job.id} has an invalid payload`);
    try {
      return await sendOutbound(deps, payload.data.contactIds);
    } catch (error) {
      const channelError = error instanceof ChannelError ? error : undefined;
      const retryAfterMs = channelError?.retryAfterMs;
      deps.log.warn({ jobId: job.id, code: channelError?.code ?? 'UNEXPECTED', attempt: job.attemptsMade + 1, retryAfterMs }, 'message not sent yet; will retry');
      if (!token) throw error;
      if (retryAfterMs !== undefined) {
        // A wait the channel asked for (a rate, the daily cap, the phone not linked) is no outage: the
        // time to give up counts again from the next failure, not from one before the wait.
        const { failingSince, ...rest } = payload.data;
        if (failingSince !== undefined) await job.updateData(rest);
        await job.moveToDelayed(Date.now() + retryAfterMs, token);
        throw new DelayedError();
      }
      if (channelError?.retryable) {
        const failingSince = payload.data.failingSince ?? Date.now();
        if (payload.data.failingSince === undefined) await job.updateData({ ...payload.data, failingSince });
        if (Date.now() - failingSince >= retry.giveUpAfterMs) {
          const failed = await giveUpSending(deps, payload.data.contactIds);
          deps.log.error({ jobId: job.id, code: channelError.code, failed }, 'the channel did not take the messages in time: marked failed, a person is alerted');
          return { sent: 0, failed };
        }
      }
      await keepTrying(job, token, SEND_RETRY_CAP_MS, deps.log, error);
      throw error;
    }
  };
}
