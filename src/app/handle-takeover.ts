import type { Logger } from 'pino';
import type { CaseEventBus, Clock, ConversationStore, HumanTakeover } from './ports.js';

/** What {@link handleTakeover} needs. */
export interface HandleTakeoverDeps {
  store: ConversationStore;
  events: CaseEventBus;
  clock: Clock;
  log: Logger;
}

/** How a message from the linked phone was handled. */
export type TakeoverOutcome =
  | { kind: 'taken_over'; caseId: string; cancelled: number }
  | { kind: 'recorded'; caseId: string }
  | { kind: 'duplicate' }
  | { kind: 'no_case' };

/** The error code of a bot message withdrawn because a person took over. */
export const CANCELLED_BY_TAKEOVER = 'CANCELLED_TAKEOVER';

/**
 * A person wrote to her from the linked phone itself (a `fromMe` message the service did not send).
 * Their message is recorded on the case as a staff message, and the bot is paused for the case: the
 * case is now `with_person`, the bot's messages still queued are withdrawn, and the takeover enters
 * the audit trail. A message to a number without a case is not recorded (there is no case to hold it).
 */
export async function handleTakeover(deps: HandleTakeoverDeps, event: HumanTakeover): Promise<TakeoverOutcome> {
  const recipient = await deps.store.findRecipient(event.to);
  if (!recipient) {
    deps.log.warn('a person wrote from the linked phone to a number without a case: not recorded');
    return { kind: 'no_case' };
  }
  const caseId = recipient.caseId;
  const record = await deps.store.withCase(caseId, async (conversation) => {
    const contact = await conversation.recordTakeover(event);
    if (!contact) return null;
    if ((await conversation.attention()) === 'with_person') return { contactId: contact.contactId, changed: false, cancelled: 0 };
    const at = deps.clock.now();
    await conversation.setAttention({ attention: 'with_person', reason: 'Una persona escribió desde el teléfono vinculado.', at });
    const cancelled = await conversation.cancelQueuedAutomatic(CANCELLED_BY_TAKEOVER, at);
    await conversation.audit({ action: 'takeover', staffId: null, via: 'linked_phone', detail: { contactId: contact.contactId } });
    return { contactId: contact.contactId, changed: true, cancelled };
  });
  if (!record) return { kind: 'duplicate' };

  await deps.events.publish({ type: 'contact_added', caseId, contactId: record.contactId });
  if (!record.changed) return { kind: 'recorded', caseId };
  await deps.events.publish({ type: 'attention_changed', caseId });
  deps.log.info({ caseId, cancelled: record.cancelled }, 'a person took over from the linked phone: bot paused');
  return { kind: 'taken_over', caseId, cancelled: record.cancelled };
}
