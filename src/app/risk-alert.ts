import type { Logger } from 'pino';
import { mentionsRisk, type InterruptSettings } from '../engine/index.js';
import type { Attention, CaseConversation } from './ports.js';

/** What the inbox says of a risk signal: her words stay in her (encrypted) message, never here. */
export const RISK_SIGNAL_REASON = 'Su mensaje puede hablar de un riesgo o un daño: léelo';

/**
 * A person is asked to read her message when it holds a risk signal ({@link mentionsRisk}): an urgent
 * alert that answers nothing and leaves the conversation where it is (the bot goes on with her, and
 * she is not told). None while a person holds the chat (she reads it as it comes), nor a second one
 * while the case's last is unresolved (she often tells it over several lines). Returns the alert's
 * id, or `null`; run under the case's lock, in the turn's transaction.
 *
 * @example
 * const alertId = await riskAlert(deps, caseId, conversation, 'tengo miedo de que regrese', 'bot');
 */
export async function riskAlert(
  deps: { settings: InterruptSettings; log: Logger },
  caseId: string,
  conversation: Pick<CaseConversation, 'raiseAlertUnlessOpen'>,
  text: string,
  attention: Attention,
): Promise<string | null> {
  if (attention === 'with_person' || !mentionsRisk(deps.settings, text)) return null;
  const alertId = await conversation.raiseAlertUnlessOpen({ kind: 'risk_signal', urgency: 'urgent', reason: RISK_SIGNAL_REASON });
  if (alertId) deps.log.warn({ caseId }, 'risk signal in her message: a person is asked to read it');
  return alertId;
}
