import type { Attention, CaseConversation } from './ports.js';

/** What the inbox says when a woman without follow-up consent writes: the bot does not answer her. */
export const NO_CONSENT_REASON = 'Escribió, pero no tiene consentimiento de seguimiento: el bot no le contesta; lee su mensaje';

/**
 * A person is asked to read what a woman without follow-up consent sent (a text, a voice note, a
 * photo): the bot never answers her. One normal alert until attended; none while a person holds the
 * chat (she reads it as it comes). Returns the alert's id, or `null`; run under the case's lock.
 *
 * @example
 * const alertId = await noConsentAlert(conversation, 'bot');
 */
export async function noConsentAlert(conversation: Pick<CaseConversation, 'raiseAlertUnlessOpen'>, attention: Attention): Promise<string | null> {
  if (attention === 'with_person') return null;
  return conversation.raiseAlertUnlessOpen({ kind: 'no_consent', urgency: 'normal', reason: NO_CONSENT_REASON });
}
