import { randomUUID } from 'node:crypto';
import type { DenyList } from '../../engine/index.js';
import type { CaseEventBus, Clock, ContactChannel, NewOutboundContact, OutboundDispatcher } from '../ports.js';
import { checkDeniedWords } from './denied-words.js';
import { withHeldCase } from './held-case.js';
import { checkOutsideHerHours } from './outside-her-hours.js';
import type { CaseFacts, ConsoleCaseStore, FollowUpCheckIns, StaffIdentity } from './ports.js';

/** What {@link sendStaffMessage} needs. */
export interface SendStaffMessageDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  dispatcher: OutboundDispatcher;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
  /** The channel her messages go out on. */
  channel: ContactChannel;
  /** Whether now is inside her safe hours. */
  checkIns: Pick<FollowUpCheckIns, 'mayInitiateNow'>;
  /** The deployment's `deny_words`: a person's message holding one needs her confirmation. */
  interrupts: { denyList: Pick<DenyList, 'find'> };
}

/** What the person chose besides the message. */
export interface StaffSendOptions {
  /** She chose to send it although now is outside her safe hours (see `needsOutsideHoursConfirmation`). */
  outsideHoursConfirmed?: boolean;
  /** She chose to send it although it holds a word of the deny list (see `checkDeniedWords`). */
  deniedWordConfirmed?: boolean;
}

/**
 * Sends a message written by the staff member who holds the chat: recorded as an outbound contact of
 * the case (author `staff`, with her staff id) under the case lock, then queued on the outbound queue
 * under a fresh batch key, like the bot's replies. Outside her safe hours, unless she has just written,
 * it goes only when the person confirmed it (`outsideHoursConfirmed`, audited); holding a word of the
 * deny list, likewise (`deniedWordConfirmed`; the list's word is audited with the message).
 *
 * @throws ConsoleError `not_holder`, `held_by_other`, `case_closed`, `opted_out`,
 *   `no_follow_up_consent`, `outside_safe_hours`, `denied_word`, `case_not_found`, `forbidden`.
 */
export async function sendStaffMessage(
  deps: SendStaffMessageDeps,
  staff: StaffIdentity,
  caseId: string,
  text: string,
  options: StaffSendOptions = {},
): Promise<{ contactId: string }> {
  return sendAsHolder(deps, staff, caseId, { what: 'message', options }, () => ({ text, author: 'staff', staffId: staff.id, sequence: 0 }));
}

/**
 * What every message a person sends from the console goes through: under the held case's lock, the
 * checks of writing to her (`withHeldCase`) and of her safe hours (`checkOutsideHerHours`), and, for
 * a message she wrote (a template's words were checked when the flows loaded), of the deny list
 * (`checkDeniedWords`); then the contact `contactOf` makes from the case's facts is recorded and
 * audited `case.message_sent` (who, the contact's id, whether a message or a template, and the deny
 * list's word she confirmed, if any; never the text) in the same transaction, queued under a fresh
 * batch key and shown live.
 */
export async function sendAsHolder(
  deps: SendStaffMessageDeps,
  staff: StaffIdentity,
  caseId: string,
  send: { what: 'message' | 'template'; options: StaffSendOptions },
  contactOf: (facts: CaseFacts) => NewOutboundContact,
): Promise<{ contactId: string }> {
  const batchKey = randomUUID();
  const now = deps.clock.now();
  const [contactId] = await withHeldCase(deps.cases, staff, caseId, { messages: true }, async (locked, { facts }) => {
    const contact = contactOf(facts);
    const denied = send.what === 'message' ? checkDeniedWords(deps.interrupts.denyList, contact.text, send.options.deniedWordConfirmed === true) : null;
    await checkOutsideHerHours(locked, deps.checkIns, staff, caseId, { confirmed: send.options.outsideHoursConfirmed === true, what: send.what, now });
    const ids = await locked.conversation.recordOutbound(batchKey, deps.channel, [contact]);
    const detail = { contactId: ids[0], what: send.what, ...(denied ? { deniedWord: denied.word } : {}) };
    await locked.audit({ staffId: staff.id, action: 'case.message_sent', subject: `case:${caseId}`, detail });
    return ids;
  });
  await deps.dispatcher.dispatch(batchKey, [contactId!]);
  await deps.events.publish({ type: 'contact_added', caseId, contactId: contactId! });
  return { contactId: contactId! };
}
