import { randomUUID } from 'node:crypto';
import type { CaseEventBus, Clock, ContactChannel, OutboundDispatcher } from '../ports.js';
import { withHeldCase } from './held-case.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link sendStaffMessage} needs. */
export interface SendStaffMessageDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  dispatcher: OutboundDispatcher;
  events: Pick<CaseEventBus, 'publish'>;
  clock: Clock;
  /** The channel her messages go out on. */
  channel: ContactChannel;
}

/**
 * Sends a message written by the staff member who holds the chat: recorded as an outbound contact of
 * the case (author `staff`, with her staff id) under the case lock, then queued on the outbound queue
 * under a fresh batch key, like the bot's replies.
 *
 * @throws ConsoleError `not_holder`, `held_by_other`, `case_closed`, `opted_out`,
 *   `no_follow_up_consent`, `case_not_found`, `forbidden`.
 */
export async function sendStaffMessage(
  deps: SendStaffMessageDeps,
  staff: StaffIdentity,
  caseId: string,
  text: string,
): Promise<{ contactId: string }> {
  const batchKey = randomUUID();
  const [contactId] = await withHeldCase(deps.cases, staff, caseId, { messages: true }, (locked) =>
    locked.conversation.recordOutbound(batchKey, deps.channel, [{ text, author: 'staff', staffId: staff.id, sequence: 0 }]),
  );
  await deps.dispatcher.dispatch(batchKey, [contactId!]);
  await deps.events.publish({ type: 'contact_added', caseId, contactId: contactId! });
  return { contactId: contactId! };
}
