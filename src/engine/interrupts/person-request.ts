import { MAX_ANSWER_WORDS } from '../text/answer-words.js';
import { FALLBACK_LANGUAGE, type Language } from '../language.js';
import { renderText } from '../text/compiled-text.js';
import type { StaffDuty } from '../context.js';
import type { Interrupt } from './detect.js';
import type { InterruptSettings } from './settings.js';
import { negatedAt } from './clauses.js';
import { wordTokens } from './words.js';

/**
 * Her request for a person (`person_request` in `ajustes.yaml`), with the reply to send, when her
 * message holds one of its phrases as whole words (case, accents and drawn-out letters aside) and
 * no negation stands up to three words before it in the same clause: «quiero hablar con una
 * persona», «¿eres un robot?», «que me llamen»; not «no quiero hablar con alguien». Unlike the
 * other interrupts it does not come before the flow: the host asks only when the question waiting
 * for her does not understand her message, or no conversation is under way, so a flow's own choice
 * («4. Necesito hablar con alguien») keeps its answer. A message longer than {@link MAX_ANSWER_WORDS}
 * words is one too, answered with `long_message_reply`: she is telling what happens, and a person, not
 * «no te entendí», should answer it; so is one that holds a risk signal (`risk_signals`: «me volvió a
 * pegar», «me quiero matar»), however short. Returns null otherwise. While nobody is on duty
 * (`duty.staffOnDuty === false`) the replies are the after-hours ones (`reply_after_hours`,
 * `long_message_reply_after_hours`), with `duty.fields.atencion_hora` filled in.
 *
 * @example
 * detectPersonRequest(settings, 'sí, pero quiero hablar con una persona de verdad') // { kind: 'person_request', reply: 'Claro que sí. …' }
 * detectPersonRequest(settings, 'no quiero hablar con alguien ahorita')             // null
 */
export function detectPersonRequest(settings: InterruptSettings, text: string, language?: Language, duty?: StaffDuty): Interrupt | null {
  const tokens = wordTokens(text);
  const asked = settings.personRequestWords.findAll(tokens).some((match) => !negatedAt(text, tokens, match.first));
  const telling = tokens.length > MAX_ANSWER_WORDS || settings.riskSignals.appearsIn(tokens);
  if (!asked && !telling) return null;
  const offDuty = duty?.staffOnDuty === false;
  const reply = asked
    ? offDuty ? settings.afterHours.personRequest : settings.replies.person_request
    : offDuty ? settings.afterHours.longMessage : settings.longMessageReply;
  return { kind: 'person_request', reply: renderText(reply, language ?? FALLBACK_LANGUAGE, null, offDuty ? duty.fields : undefined) };
}
