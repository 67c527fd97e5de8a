import { readEmergencyWords } from './emergency-words.js';
import type { InterruptSettings } from './settings.js';
import { wordTokens } from './words.js';

/**
 * Whether her message holds one of the deployment's risk signals (`risk_signals` in `ajustes.yaml`):
 * a word or phrase that may tell of danger or harm without being an emergency word («tengo miedo»,
 * «me amenazó», «me quiero morir»), anywhere in the message, as whole words, accents, case and
 * drawn-out letters ignored. It interrupts nothing and answers nothing: the host asks a person to
 * read the message. A negation does not cancel it («ya no tengo miedo» still counts): a person's look
 * costs little, a disclosure missed costs much more. So an emergency word she negates («no necesito
 * ayuda», «ya no estoy en peligro»), which gets no emergency reply, is a risk signal too.
 *
 * @example
 * mentionsRisk(settings, 'Más o menos, tengo miedo de que regrese') // true
 * mentionsRisk(settings, 'Me amenazó otra vez')                     // true
 * mentionsRisk(settings, 'ya no estoy en peligro')                  // true
 * mentionsRisk(settings, 'estoy bien, gracias')                     // false
 */
export function mentionsRisk(settings: InterruptSettings, text: string): boolean {
  const tokens = wordTokens(text);
  return settings.riskSignals.appearsIn(tokens) || readEmergencyWords(settings, text, tokens) === 'negated';
}
