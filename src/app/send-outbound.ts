import type { Logger } from 'pino';
import { ChannelError, OUTSIDE_SAFE_HOURS, WITHDRAWN } from './errors.js';
import { CHANNEL_UNREACHABLE } from './delivery-failures/failure-advice.js';
import type { CaseEventBus, ChannelPort, ClaimedOutbound, Clock, OutboxStore, SendPacer, SendReceipt } from './ports.js';

/** Keeps messages a check-in initiated inside her safe hours, retries included. */
export interface InitiationGuard {
  /**
   * Until when a message of this case may be initiated, if it may now; `null` outside her safe hours.
   * `caseId` `null`: a number without a case, which has no hours of its own: the deployment's.
   */
  mayInitiateUntil(caseId: string | null): Promise<Date | null>;
  /** Puts the check-in back to her next safe moment, ending the conversation it began. */
  postpone(checkInId: string): Promise<unknown>;
  /** Any other message the service initiated was held back (the first of its batch): a session reminder tells a person. */
  heldBack?(contactId: string): Promise<unknown>;
}

/**
 * How long before her safe hours end an initiated message is no longer started: the channel's own
 * steps and the request take time after the check, and must not carry the message past the end.
 */
export const LAST_START_BEFORE_END_MS = 5_000;

/**
 * A wait for the pacer's turn at least this long is followed by asking whether the message is still
 * to be sent: her "BAJA" or her code word may have withdrawn it meanwhile.
 */
export const RECHECK_AFTER_WAIT_MS = 1_000;

export { OUTSIDE_SAFE_HOURS } from './errors.js';

/** What {@link sendOutbound} needs: the outbox, the channel, and the safe-hours guard. */
export interface SendOutboundDeps {
  outbox: OutboxStore;
  channel: ChannelPort;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
  guard: InitiationGuard;
  /** Spaces sends out to the channel's rate (the Cloud API's per number), when it has one. */
  pacer?: SendPacer;
  /** Told of each contact the channel refused for good, so a person learns of it (see delivery-failures/). */
  onFailed?: (contactId: string) => Promise<unknown>;
}

/** What a send did: contacts the channel accepted, and contacts that failed for good or were held back. */
export interface SendOutcome {
  sent: number;
  failed: number;
}

/**
 * Sends outbound contacts in order through the channel, each under its contact id as the channel's
 * idempotency key (`written`, when given, is their content as the caller just wrote it, claimed, in
 * the same order: then nothing is read back or claimed). Otherwise all are claimed at once (`queued →
 * sending`; a contact already sent or failed is
 * skipped, so sending the same contacts again sends nothing new). Those the channel accepted are
 * marked sent together, also when the send stops early. A definitive channel error marks that contact
 * failed and goes on with the next; a transient one puts the contacts not tried yet back to `queued`
 * and is thrown (to keep the order, the caller retries them all). A message the service initiated (a
 * check-in, a reminder) goes only inside her safe hours: if it is sent too late, the rest is held back
 * (failed, `OUTSIDE_SAFE_HOURS`) and a check-in moves to her next safe moment. With a pacer, each
 * contact waits for its turn right before the channel; for an initiated one, when her safe hours end is
 * read before the wait and the clock checked against it after, so a send the pacing pushed past the
 * end of her window is held back, never sent late (nor started in its last
 * {@link LAST_START_BEFORE_END_MS}). A contact withdrawn while it waited (her "BAJA", her code word:
 * asked after a wait of {@link RECHECK_AFTER_WAIT_MS} or more, and by a channel that paces itself when
 * its turn comes) is not sent, and keeps the withdrawal's code.
 */
export async function sendOutbound(deps: SendOutboundDeps, contactIds: readonly string[], written?: readonly ClaimedOutbound[]): Promise<SendOutcome> {
  // What the turn just wrote, it wrote claimed (`sending`): nothing to read back or claim.
  const claimed =
    written && written.length === contactIds.length && written.every((c, i) => c.id === contactIds[i])
      ? written
      : await deps.outbox.claimAll(contactIds);
  const accepted: { contactId: string; caseId: string | null; receipt: SendReceipt }[] = [];
  let failed = 0;
  try {
    for (let index = 0; index < claimed.length; index += 1) {
      const contact = claimed[index]!;
      // Her safe hours are read before the turn is waited for and the clock checked after it: a send
      // the pacing pushed past their end is held back, not sent late.
      const until = await initiatedUntil(deps.guard, contact);
      const stillWanted = () => deps.outbox.stillToSend(contact.id);
      const withdrawnMeanwhile = () => deps.log.info({ contactId: contact.id }, 'message withdrawn while it waited: not sent');
      if (until !== null && deps.pacer) {
        const waitFrom = Date.now();
        await deps.pacer.awaitTurn();
        if (Date.now() - waitFrom >= RECHECK_AFTER_WAIT_MS && !(await stillWanted())) {
          withdrawnMeanwhile();
          continue;
        }
      }
      const holdBack = async () => {
        const rest = contactIds.slice(contactIds.indexOf(contact.id));
        for (const id of rest) await deps.outbox.markFailed(id, OUTSIDE_SAFE_HOURS, deps.clock.now());
        // A check-in starts again at her next safe moment; any other message she did not ask for
        // (a session reminder, a resumed question) is dropped, and shows as failed in the console (a
        // session reminder with an alert, too).
        if (contact.checkInId) await deps.guard.postpone(contact.checkInId);
        else await deps.guard.heldBack?.(contact.id);
        if (contact.caseId) await deps.events.publish({ type: 'contact_status', caseId: contact.caseId, contactId: contact.id });
        deps.log.info({ contactId: contact.id, checkInId: contact.checkInId }, 'message held back: outside her safe hours');
        return { sent: accepted.length, failed: failed + claimed.length - index };
      };
      if (until === null || (until !== undefined && deps.clock.now().getTime() + LAST_START_BEFORE_END_MS >= until.getTime())) return holdBack();
      try {
        const receipt = await deps.channel.send({
          to: contact.to,
          text: contact.text,
          idempotencyKey: contact.id,
          template: contact.template,
          herLastMessageAt: contact.lastInboundAt,
          // A channel that paces itself (whatsapp-web) may hold it seconds or minutes more: it checks this when its turn comes.
          ...(until ? { sendBy: new Date(until.getTime() - LAST_START_BEFORE_END_MS) } : {}),
          stillWanted,
          // A second request for the same message (the Cloud API's template fallback) takes a slot too.
          ...(deps.pacer ? { awaitAnotherTurn: () => deps.pacer!.awaitTurn() } : {}),
        });
        accepted.push({ contactId: contact.id, caseId: contact.caseId, receipt });
      } catch (error) {
        if (error instanceof ChannelError && error.code === OUTSIDE_SAFE_HOURS) return holdBack();
        if (error instanceof ChannelError && error.code === WITHDRAWN) {
          withdrawnMeanwhile();
          continue;
        }
        if (error instanceof ChannelError && !error.retryable) {
          await deps.outbox.markFailed(contact.id, error.code, deps.clock.now());
          deps.log.warn({ contactId: contact.id, code: error.code }, 'message refused by the channel');
          failed += 1;
          if (deps.onFailed) {
            await deps.onFailed(contact.id).catch((failure: unknown) => {
              deps.log.error({ contactId: contact.id, err: { name: (failure as Error).name } }, 'a refused message could not be reported to a person');
            });
          }
          continue;
        }
        await deps.outbox.release(claimed.slice(index + 1).map((c) => c.id));
        throw error;
      }
    }
    return { sent: accepted.length, failed };
  } finally {
    if (accepted.length > 0) {
      await deps.outbox.markAllSent(accepted, deps.clock.now());
      await Promise.all(
        accepted.flatMap(({ contactId, caseId }) => (caseId ? [deps.events.publish({ type: 'contact_status', caseId, contactId })] : [])),
      );
    }
  }
}

/**
 * Gives up on contacts the channel could not take for the whole retry window (`SEND_RETRY_SECONDS`):
 * each one still unsent is marked failed (`CHANNEL_UNREACHABLE`), shown live, and handed to
 * `onFailed`, so a person learns it never left instead of it waiting unseen. Contacts sent or failed
 * meanwhile are left as they are. Returns how many it gave up on.
 */
export async function giveUpSending(deps: SendOutboundDeps, contactIds: readonly string[]): Promise<number> {
  const unsent = await deps.outbox.claimAll(contactIds);
  for (const contact of unsent) {
    await deps.outbox.markFailed(contact.id, CHANNEL_UNREACHABLE, deps.clock.now());
    if (contact.caseId) await deps.events.publish({ type: 'contact_status', caseId: contact.caseId, contactId: contact.id });
    await deps.onFailed?.(contact.id).catch((failure: unknown) => {
      deps.log.error({ contactId: contact.id, err: { name: (failure as Error).name } }, 'a message given up on could not be reported to a person');
    });
  }
  return unsent.length;
}

/**
 * `undefined` for a message she asked for (a reply: any time); else until when it may go out, `null`
 * not now. A late reply to a number without a case (a webhook delivered after an outage, a coordinator's
 * message behind a daily cap) is held to the deployment's hours: whoever holds the phone then may not
 * be who wrote.
 */
async function initiatedUntil(guard: InitiationGuard, claimed: ClaimedOutbound): Promise<Date | null | undefined> {
  if (!(claimed.checkInId || claimed.initiated)) return undefined;
  return guard.mayInitiateUntil(claimed.caseId);
}
