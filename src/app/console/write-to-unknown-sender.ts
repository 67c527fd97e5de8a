import type { DenyList } from '../../engine/index.js';
import type { Clock, OutboundDispatcher } from '../ports.js';
import { replyIsLate } from '../reply-freshness.js';
import { checkDeniedWords } from './denied-words.js';
import { ConsoleError } from './errors.js';
import type { AuditTrail, StaffIdentity } from './ports.js';
import { REPLY_WINDOW_MS } from './reply-window.js';
import { assertCoordinator, unknownSenderNotFound, type UnknownSenderQueries } from './unknown-senders.js';

/** What {@link writeToUnknownSender} needs. */
export interface WriteToUnknownSenderDeps {
  unknownSenders: Pick<UnknownSenderQueries, 'recordStaffMessage'>;
  audit: AuditTrail;
  dispatcher: Pick<OutboundDispatcher, 'dispatch'>;
  clock: Clock;
  /** The deployment's `deny_words`: a message holding one needs the coordinator's confirmation. */
  interrupts: { denyList: Pick<DenyList, 'find'> };
}

/**
 * Why a coordinator may not write to a number now, or `null` when she may: more than 24 hours since it
 * last wrote (WhatsApp's window closes; nothing says she still holds that phone), or more than 15
 * minutes (`REPLY_FRESH_MS`) unless the coordinator confirmed it. Nobody knows her safe hours: that she
 * wrote a moment ago is the only sign she is at her phone now.
 *
 * @example
 * unknownSenderWriteRefusal(new Date('2026-12-06T10:00Z'), new Date('2026-12-06T10:20Z'), false)
 * // 'not_written_recently'
 */
export function unknownSenderWriteRefusal(
  lastWrittenAt: Date | null,
  now: Date,
  notRecentConfirmed: boolean,
): 'reply_window_closed' | 'not_written_recently' | null {
  if (!lastWrittenAt || now.getTime() - lastWrittenAt.getTime() >= REPLY_WINDOW_MS) return 'reply_window_closed';
  if (replyIsLate(lastWrittenAt, now) && !notRecentConfirmed) return 'not_written_recently';
  return null;
}

const REFUSALS = {
  reply_window_closed: () =>
    new ConsoleError(
      'reply_window_closed',
      'Pasaron más de 24 horas desde su último mensaje: ya no se le puede escribir desde aquí. Si es necesario buscarla, muestra el número con un motivo.',
    ),
  not_written_recently: () =>
    new ConsoleError(
      'not_written_recently',
      'No escribió en los últimos 15 minutos y no conocemos su horario seguro: quizá ya no tiene el teléfono en la mano. Si de todos modos es necesario escribirle ahora, marca «Enviar aunque no escribió hace poco».',
    ),
};

/**
 * A coordinator writes to a number that wrote without a case (the emergency reply promised her a
 * person): recorded against the number (author `staff`, on the channel it last wrote on; it joins her
 * case if the number is linked later), queued like any reply, and audited as
 * `unknown_sender.message_sent` (the message id, whether the coordinator confirmed writing after 15
 * minutes, and the deny list's word she confirmed, if any; never the text). Refused within the rules
 * of {@link unknownSenderWriteRefusal}, and while it holds a word of the deny list unless
 * `deniedWordConfirmed` (`checkDeniedWords`: whoever holds that phone reads its lock screen).
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`, `reply_window_closed`, `not_written_recently`,
 *   `denied_word`.
 */
export async function writeToUnknownSender(
  deps: WriteToUnknownSenderDeps,
  staff: StaffIdentity,
  id: string,
  text: string,
  options: { notRecentConfirmed?: boolean; deniedWordConfirmed?: boolean } = {},
): Promise<{ contactId: string }> {
  assertCoordinator(staff);
  const now = deps.clock.now();
  const notRecentConfirmed = options.notRecentConfirmed === true;
  let confirmedLate = false;
  /** The deny list's word the coordinator confirmed, for the audit entry. */
  const confirmedWord: { deniedWord?: string } = {};
  const recorded = await deps.unknownSenders.recordStaffMessage(id, { text, staffId: staff.id }, (last) => {
    const refusal = unknownSenderWriteRefusal(last?.at ?? null, now, notRecentConfirmed);
    if (refusal) throw REFUSALS[refusal]();
    const denied = checkDeniedWords(deps.interrupts.denyList, text, options.deniedWordConfirmed === true);
    if (denied) confirmedWord.deniedWord = denied.word;
    confirmedLate = replyIsLate(last!.at, now);
  });
  if (!recorded) throw unknownSenderNotFound();
  await deps.audit.record({
    staffId: staff.id,
    action: 'unknown_sender.message_sent',
    subject: `unknown:${id}`,
    detail: { contactId: recorded.contactId, afterFifteenMinutes: confirmedLate, ...confirmedWord },
  });
  await deps.dispatcher.dispatch(recorded.batchKey, [recorded.contactId]);
  return { contactId: recorded.contactId };
}
