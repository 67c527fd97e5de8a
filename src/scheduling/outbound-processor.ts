import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { ChannelError } from '../app/errors.js';
import type { CaseEventBus, ChannelPort, ClaimedOutbound, Clock, OutboxStore } from '../app/ports.js';
import { sendJobSchema, type SendJob } from './job-payloads.js';

/** Keeps messages a check-in initiated inside her safe hours, retries included. */
export interface InitiationGuard {
  /** Whether a message of this check-in's case may be initiated now. */
  mayInitiateNow(caseId: string): Promise<boolean>;
  /** Puts the check-in back to her next safe moment, ending the conversation it began. */
  postpone(checkInId: string): Promise<unknown>;
}

/** Error code stored on a message that was held back because her safe hours had ended. */
export const OUTSIDE_SAFE_HOURS = 'OUTSIDE_SAFE_HOURS';

/**
 * Sends a `send` job's contacts in order. A contact already sent is skipped, so a retried job re-sends
 * nothing; a transient channel error stops the job (to keep order) and BullMQ retries it with backoff,
 * or after the wait the channel asked for (`retryAfterMs`: a daily cap, a rate limit), which does not
 * use up an attempt; a definitive one marks that contact failed and goes on with the next. A message a
 * check-in initiated is sent only inside her safe hours: if a retry drifted out of them, the rest is
 * held back and the check-in moves to her next safe moment.
 */
export function outboundProcessor(deps: {
  outbox: OutboxStore;
  channel: ChannelPort;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
  guard: InitiationGuard;
}): (job: Job<SendJob>, token?: string) => Promise<{ sent: number; failed: number }> {
  return async (job, token) => {
    const payload = sendJobSchema.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`send job ${job.id} has an invalid payload`);
    let sent = 0;
    let failed = 0;
    const ids = payload.data.contactIds;
    for (let index = 0; index < ids.length; index += 1) {
      const contactId = ids[index]!;
      const claimed = await deps.outbox.claim(contactId);
      if (!claimed) continue;
      if (await outsideSafeHours(deps.guard, claimed)) {
        for (const rest of ids.slice(index)) await deps.outbox.markFailed(rest, OUTSIDE_SAFE_HOURS, deps.clock.now());
        // A check-in starts again at her next safe moment; any other message she did not ask for
        // (a session reminder, a resumed question) is dropped, and shows as failed in the console.
        if (claimed.checkInId) await deps.guard.postpone(claimed.checkInId);
        if (claimed.caseId) await deps.events.publish({ type: 'contact_status', caseId: claimed.caseId, contactId });
        deps.log.info({ contactId, checkInId: claimed.checkInId }, 'message held back: outside her safe hours');
        return { sent, failed: failed + ids.length - index };
      }
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

async function outsideSafeHours(guard: InitiationGuard, claimed: ClaimedOutbound): Promise<boolean> {
  if (!claimed.caseId || !(claimed.checkInId || claimed.initiated)) return false;
  return !(await guard.mayInitiateNow(claimed.caseId));
}
