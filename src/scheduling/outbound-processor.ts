import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ChannelError } from '../app/errors.js';
import { sendOutbound, type SendOutboundDeps, type SendOutcome } from '../app/send-outbound.js';
import { sendJobSchema, type SendJob } from './job-payloads.js';

export { OUTSIDE_SAFE_HOURS, type InitiationGuard } from '../app/send-outbound.js';

/**
 * Sends a `send` job's contacts in order ({@link sendOutbound}): a contact already sent is skipped, so
 * a retried job re-sends nothing; a transient channel error stops the job (to keep order) and BullMQ
 * retries it with backoff, or after the wait the channel asked for (`retryAfterMs`: a daily cap, a
 * rate limit), which does not use up an attempt; a definitive one marks that contact failed and goes
 * on with the next. A message a check-in initiated is sent only inside her safe hours.
 */
export function outboundProcessor(deps: SendOutboundDeps): (job: Job<SendJob>, token?: string) => Promise<SendOutcome> {
  return async (job, token) => {
    const payload = sendJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`send job ${job.id} has an invalid payload`);
    try {
      return await sendOutbound(deps, payload.data.contactIds);
    } catch (error) {
      const retryAfterMs = error instanceof ChannelError ? error.retryAfterMs : undefined;
      deps.log.warn(
        { jobId: job.id, code: error instanceof ChannelError ? error.code : 'UNEXPECTED', attempt: job.attemptsMade + 1, retryAfterMs },
        'message not sent yet; will retry',
      );
      if (retryAfterMs !== undefined && token) {
        await job.moveToDelayed(Date.now() + retryAfterMs, token);
        throw new DelayedError();
      }
      throw error;
    }
  };
}
