import { FALLBACK_LANGUAGE, type Language } from '../language.js';
import { renderText } from '../text/compiled-text.js';
import type { Interrupt } from './detect.js';
import type { InterruptSettings } from './settings.js';
import { wordTokens } from './words.js';

/**
 * Whether her message asks to be written to at other hours (`hours_request` in `ajustes.yaml`): it
 * holds one of the times («en la mañana», «temprano», «los fines de semana», «cuando esté sola») and
 * one of the words with which she asks to be written or called («escríbeme», «no me escribas»,
 * «llámame», «puedo contestar»), in any order, as whole words (case, accents and drawn-out letters
 * aside). Both are needed: «en las noches no duermo» and «escríbeme mañana» are no such request.
 * The host asks a person to look at her safe hours, whatever the flow does with the message.
 *
 * @example
 * asksOtherHours(settings, 'no me escribas en la mañana porfa') // true
 * asksOtherHours(settings, 'mejor escríbeme cuando esté sola')  // true
 * asksOtherHours(settings, 'escríbeme más tarde')               // false
 */
export function asksOtherHours(settings: InterruptSettings, text: string): boolean {
  const tokens = wordTokens(text);
  return settings.hoursRequestTimes.appearsIn(tokens) && settings.hoursRequestContact.appearsIn(tokens);
}

/**
 * Her request for other hours as an interrupt, with the reply to send (`hours_request.reply`, «Va, lo
 * tomo en cuenta…»), or null when her message is none ({@link asksOtherHours}). Like her request for a
 * person it does not come before the flow: the host asks only when the question waiting for her does
 * not understand her message, or no conversation is under way; the conversation then ends, as she
 * said this is not her time.
 *
 * @example
 * detectHoursRequest(settings, 'a esta hora no puedo contestar') // { kind: 'hours_request', reply: 'Va, lo tomo en cuenta. …' }
 */
export function detectHoursRequest(settings: InterruptSettings, text: string, language?: Language): Interrupt | null {
  if (!asksOtherHours(settings, text)) return null;
  return { kind: 'hours_request', reply: renderText(settings.replies.hours_request, language ?? FALLBACK_LANGUAGE, null) };
}
