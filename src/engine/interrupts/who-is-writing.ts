import { FALLBACK_LANGUAGE, type Language } from '../language.js';
import { renderText } from '../text/compiled-text.js';
import type { Interrupt } from './detect.js';
import type { InterruptSettings } from './settings.js';
import { wordTokens } from './words.js';

/**
 * Someone asks who is writing, or says the number is not hers (`who_is_writing` in `ajustes.yaml`:
 * «¿quién eres?», «¿de parte de quién?», «número equivocado»), anywhere in the message as whole
 * words (case, accents and drawn-out letters aside): the interrupt with its harmless reply, or null.
 * It may be her, who forgot who «Ana» is; it may be someone else holding her phone, who must learn
 * nothing and get no more messages. Like her request for a person it does not come before the
 * flow: the host asks only when the question waiting does not understand the message, or no
 * conversation is under way.
 *
 * @example
 * detectWhoIsWriting(settings, '¿Quién eres?')       // { kind: 'who_is_writing', reply: 'Perdón, luego te escribo. …' }
 * detectWhoIsWriting(settings, 'sí, ya sé quién es') // { kind: 'who_is_writing', … }: only where the question does not take it
 * detectWhoIsWriting(settings, 'estoy bien')         // null
 */
export function detectWhoIsWriting(settings: InterruptSettings, text: string, language?: Language): Interrupt | null {
  if (!settings.whoIsWritingWords.appearsIn(wordTokens(text))) return null;
  return { kind: 'who_is_writing', reply: renderText(settings.replies.who_is_writing, language ?? FALLBACK_LANGUAGE, null) };
}
