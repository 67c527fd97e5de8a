import { asksOtherHours, type InterruptSettings } from '../engine/index.js';
import type { Attention, CaseConversation } from './ports.js';

/** What the inbox says when she asks to be written at other hours: her words stay in her (encrypted) message. */
export const HOURS_REQUEST_REASON = 'Pidió que le escriban en otro horario: lee su mensaje y revisa su horario seguro';

/**
 * A person is asked to look at her safe hours when her message asks to be written at other hours
 * ({@link asksOtherHours}: «no me escribas en la mañana», «mejor escríbeme cuando esté sola»): a
 * normal alert, whatever the flow does with the message (where the safety question reads it as «no»,
 * the bot's next check-in would still come at the hours she asked to avoid). None while a person holds
 * the chat (she reads it as it comes), nor a second one while the case's last is unresolved. Returns
 * the alert's id, or `null`; run under the case's lock, in the turn's transaction.
 *
 * @example
 * const alertId = await hoursAlert(settings, conversation, 'no me escribas en la mañana', 'bot');
 */
export async function hoursAlert(
  settings: InterruptSettings,
  conversation: Pick<CaseConversation, 'raiseAlertUnlessOpen'>,
  text: string,
  attention: Attention,
): Promise<string | null> {
  if (attention === 'with_person' || !asksOtherHours(settings, text)) return null;
  return conversation.raiseAlertUnlessOpen({ kind: 'hours_request', urgency: 'normal', reason: HOURS_REQUEST_REASON });
}
