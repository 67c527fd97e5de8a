import type { Logger } from 'pino';
import { noConsentAlert } from './no-consent-alert.js';
import { staffDuty, type StaffHours } from './staff-hours.js';
import { publishTurnAlerts } from './turn-effects.js';
import type { CaseEventBus, Clock, ConversationStore, NonTextInbound, NonTextKind, OutboundDispatcher } from './ports.js';

/** What {@link handleNonTextInbound} needs. */
export interface HandleNonTextDeps {
  store: ConversationStore;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
  /** The discreet reply telling her a person will write (no sensitive words). */
  reply: string;
  /** {@link reply} while nobody is on duty: `{{atencion_hora}}` becomes when a person next is. */
  replyAfterHours?: string | undefined;
  /** When a person of the unit is on duty (`STAFF_HOURS`); absent: always. */
  staffHours?: StaffHours | undefined;
  /** The one short reply a number without a case gets, and how often at most. */
  unknownReply: { text: string; everyMs: number };
}

/** How a non-text message was handled, for the worker's log and for tests. */
export type NonTextOutcome =
  | { kind: 'routed_to_person'; caseId: string; alertId: string }
  | { kind: 'recorded_only'; caseId: string }
  | { kind: 'unknown_number'; sent: number }
  | { kind: 'duplicate'; resent: number };

/** Plain words for the inbox: what she sent, without its content. */
export const KIND_WORDS: Record<NonTextKind, string> = {
  voice: 'una nota de voz',
  audio: 'un audio',
  image: 'una imagen',
  video: 'un video',
  document: 'un documento',
  sticker: 'un sticker',
  location: 'una ubicación',
  contact_card: 'un contacto',
  call: 'una llamada',
  other: 'un mensaje que no es texto',
};

/**
 * She sent a voice note, a picture or anything else the bot cannot read, or called (a captioned image,
 * video or document is read as a text instead: see `caption-inbound.ts`). Like a text, it answers the
 * check-in she was sent and, after an opt-out, says she may be written to again (a sticker does not).
 * Her message is recorded by kind, with the file the channel downloaded or the place she shared,
 * encrypted, for the person who attends her (the bot never reads them). If the bot was talking with
 * her, a person is asked for (the case waits for one, with an alert) and she gets one discreet reply;
 * if a person already holds or is awaited on the case, it is only recorded. A sticker is only
 * recorded (it says «gracias» or «ok» more often than anything), and without her follow-up consent a
 * person is asked to look at what she sent, as for a text. A number without a case is treated as any unknown number.
 */
export async function handleNonTextInbound(deps: HandleNonTextDeps, message: NonTextInbound): Promise<NonTextOutcome> {
  const recipient = await deps.store.findRecipient(message.from);
  if (!recipient) {
    const { causeId, contactIds } = await deps.store.recordUnknownInbound(message, { ...deps.unknownReply, now: deps.clock.now() });
    await deps.dispatcher.dispatch(causeId, contactIds);
    await deps.events.publish({ type: 'unknown_number', caseId: null });
    deps.log.info({ contactId: causeId, kind: message.kind, replies: contactIds.length }, 'non-text message from a number without a case');
    return { kind: 'unknown_number', sent: contactIds.length };
  }

  const caseId = recipient.caseId;
  const record = await deps.store.withCase(caseId, async (conversation) => {
    const unsent = await conversation.unsentFor(message.channel, message.channelMessageId);
    if (unsent) return { kind: 'duplicate' as const, ...unsent };
    const at = deps.clock.now();
    // As with a text: a voice note or a photo answers the check-in she was sent, and writing again
    // after "BAJA" is her choice to be written to again; a sticker to its confirmation is not (as «gracias» is not).
    await conversation.markCheckInAnswered(at);
    if (recipient.optedOut && message.kind !== 'sticker') await conversation.setOptedOut(null);
    const inbound = await conversation.recordNonTextInbound(message);
    if (!inbound) throw new Error('non-text message recorded twice under the case lock');
    const attention = await conversation.attention();
    // As for a text: nobody answers her without consent, so a person is asked to look (a sticker aside).
    if (!recipient.followUpConsent) {
      const alertId = message.kind === 'sticker' ? null : await noConsentAlert(conversation, attention);
      return { kind: 'recorded_only' as const, contactId: inbound.contactId, alertId };
    }
    // A sticker is how many say «gracias» or «ok»: kept for the person who attends her and answered
    // with nothing, as such a text is; the question waiting for her still waits.
    if (attention !== 'bot' || message.kind === 'sticker') return { kind: 'recorded_only' as const, contactId: inbound.contactId, alertId: null };

    const what = message.kind === 'call' ? 'Intentó llamar' : `Envió ${KIND_WORDS[message.kind]}`;
    await conversation.setAttention({ attention: 'waiting_person', reason: `${what}; el bot solo lee texto.`, at });
    const alertId = await conversation.raiseAlert({ kind: 'handoff', urgency: 'normal', reason: `${what}: necesita que le escriba una persona.` });
    const contactIds = await conversation.recordOutbound(inbound.contactId, message.channel, [{ text: nonTextReply(deps, at), author: 'system', sequence: 0 }]);
    return { kind: 'routed' as const, contactId: inbound.contactId, contactIds, alertId };
  });

  switch (record.kind) {
    case 'duplicate':
      await deps.dispatcher.dispatch(record.causeId, record.contactIds);
      return { kind: 'duplicate', resent: record.contactIds.length };
    case 'recorded_only':
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.contactId });
      if (record.alertId) await publishTurnAlerts(deps.events, caseId, { alertIds: [record.alertId], heldById: null });
      deps.log.info({ caseId, kind: message.kind }, 'non-text message recorded for a person');
      return { kind: 'recorded_only', caseId };
    case 'routed':
      await deps.dispatcher.dispatch(record.contactId, record.contactIds);
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.contactId });
      await deps.events.publish({ type: 'attention_changed', caseId });
      await deps.events.publish({ type: 'alert_raised', caseId, alertId: record.alertId });
      deps.log.info({ caseId, kind: message.kind, alertId: record.alertId }, 'non-text message: case handed to a person');
      return { kind: 'routed_to_person', caseId, alertId: record.alertId };
  }
}

/** The reply to what she sent at `at`: the after-hours one, with when a person next is, while nobody is on duty. */
function nonTextReply(deps: HandleNonTextDeps, at: Date): string {
  const duty = staffDuty(deps.staffHours, at);
  if (duty.staffOnDuty || deps.replyAfterHours === undefined) return deps.reply;
  return deps.replyAfterHours.replace(/\{\{\s*atencion_hora\s*\}\}/g, duty.fields.atencion_hora ?? '');
}
