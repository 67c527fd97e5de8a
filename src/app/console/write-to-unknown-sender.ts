import type { Clock, OutboundDispatcher } from '../ports.js';
import { replyIsLate } from '../reply-freshness.js';
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
 * `unknown_sender.message_sent` (the message id and whether the coordinator confirmed writing after 15
 * minutes; never the text). Refused within the rules of {@link unknownSenderWriteRefusal}.
 *
 * @throws ConsoleError `forbidden`, `unknown_sender_not_found`, `reply_window_closed`, `not_written_recently`.
 */
export async function writeToUnknownSender(
  deps: WriteToUnknownSenderDeps,
  staff: StaffIdentity,
  id: string,
  text: string,
  options: { notRecentConfirmed?: boolean } = {},
): Promise<{ contactId: string }> {
  assertCoordinator(staff);
  const now = deps.clock.now();
  const notRecentConfirmed = options.notRecentConfirmed === true;
  let confirmedLate = false;
  const recorded = await deps.unknownSenders.recordStaffMessage(id, { text, staffId: staff.id }, (last) => {
    const refusal = unknownSenderWriteRefusal(last?.at ?? null, now, notRecentConfirmed);
    if (refusal) throw REFUSALS[refusal]();
    confirmedLate = replyIsLate(last!.at, now);
  });
  if (!recorded) throw unknownSenderNotFound();
  await deps.audit.record({
    staffId: staff.id,
    action: 'unknown_sender.message_sent',
    subject: `unknown:${id}`,
    detail: { contactId: recorded.contactId, afterFifteenMinutes: confirmedLate },
  });
  await deps.dispatcher.dispatch(recorded.batchKey, [recorded.contactId]);
  return { contactId: recorded.contactId };
}
