import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { ChannelError } from '../app/errors.js';
import type { CaseEventBus, ChannelPort, Clock, OutboxStore } from '../app/ports.js';
import { sendJobSchema, type SendJob } from './job-payloads.js';

/**
 * Sends a `send` job's contacts in order. A contact already sent is skipped, so a retried job re-sends
 * nothing; a transient channel error stops the job (to keep order) and BullMQ retries it with backoff,
 * or after the wait the channel asked for (`retryAfterMs`: a daily cap, a rate limit), which does not
 * use up an attempt; a definitive one marks that contact failed and goes on with the next.
 */
export function outboundProcessor(deps: {
  outbox: OutboxStore;
  channel: ChannelPort;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
}): (job: Job<SendJob>, token?: string) => Promise<{ sent: number; failed: number }> {
  return async (job, token) => {
    const payload = sendJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`send job ${job.id} has an invalid payload`);
    let sent = 0;
    let failed = 0;
    for (const contactId of payload.data.contactIds) {
      const claimed = await deps.outbox.claim(contactId);
      if (!claimed) continue;
      try {
        const receipt = await deps.channel.send({
          to: claimed.to,
          text: claimed.text,
          idempotencyKey: claimed.id,
          template: claimed.template,
        });
        await deps.outbox.markSent(contactId, receipt, deps.clock.now());
        if (claimed.caseId) await deps.events.publish({ type: 'contact_status', caseId: claimed.caseId, contactId });
        sent += 1;
      } catch (error) {
        if (error instanceof ChannelError && !error.retryable) {
          await deps.outbox.markFailed(contactId, error.code, deps.clock.now());
          deps.log.warn({ contactId, code: error.code }, 'message refused by the channel');
          failed += 1;
          continue;
        }
        const retryAfterMs = error instanceof ChannelError ? error.retryAfterMs : undefined;
        deps.log.warn(
          { contactId, code: error instanceof ChannelError ? error.code : 'UNEXPECTED', attempt: job.attemptsMade + 1, retryAfterMs },
          'message not sent yet; will retry',
        );
        if (retryAfterMs !== undefined && token) {
          await job.moveToDelayed(Date.now() + retryAfterMs, token);
          throw new DelayedError();
        }
        throw error;
      }
    }
    return { sent, failed };
  };
}
