import type { Language } from '../language.js';

/**
 * The discreet word a WhatsApp template's `{{alias}}` carries when she has no alias, by language.
 * Free text drops a missing alias ("Hola, soy Ana."), but a registered template body keeps its
 * `{{1}}` ("Hola {{1}}, soy Ana."), and WhatsApp refuses an empty parameter; a word any friend
 * could write fills it instead. `yua` texts fall back to es-MX, and so does this word.
 */
export const NEUTRAL_ALIAS: Readonly<Record<Language, string>> = { 'es-MX': 'amiga', en: 'friend', yua: 'amiga' };

/**
 * Her alias as a message that may go as a WhatsApp template names her: the alias, trimmed, or
 * {@link NEUTRAL_ALIAS} when it is missing or blank, so the template is never sent an empty
 * parameter and its text is the text the flow records.
 *
 * @example
 * templateAlias('  Luz ', 'es-MX') // 'Luz'
 * templateAlias(null, 'es-MX')     // 'amiga'
 * templateAlias('', 'en')          // 'friend'
 */
export function templateAlias(alias: string | null | undefined, language: Language): string {
  const trimmed = alias?.trim();
  return trimmed ? trimmed : NEUTRAL_ALIAS[language];
}
