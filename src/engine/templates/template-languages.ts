import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from '../language.js';

/**
 * The one table of WhatsApp template language codes: the code a template is registered and sent in,
 * by the language of the text it carries, unless `CLOUD_API_TEMPLATE_LANGUAGES` says otherwise.
 *
 * | text's language | template code | why |
 * |---|---|---|
 * | `es-MX` | `es_MX` | |
 * | `en` | `en_US` | |
 * | `yua` | `es_MX` | Meta has no Yucatec Maya: a session in `yua` gets the Spanish template |
 *
 * A template goes in the language of the text it was rendered from, and a text with no translation
 * to her language is the es-MX one (see `writtenLanguage`): a survivor in `en` or `yua` gets the
 * `es_MX` template unless the node's text is translated to her language.
 */
export const DEFAULT_TEMPLATE_LANGUAGE_CODES: Readonly<Record<Language, string>> = { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' };

/** {@link DEFAULT_TEMPLATE_LANGUAGE_CODES} as `CLOUD_API_TEMPLATE_LANGUAGES` and `--languages` write it. */
export const DEFAULT_TEMPLATE_LANGUAGES = LANGUAGES.map((language) => `${language}:${DEFAULT_TEMPLATE_LANGUAGE_CODES[language]}`).join(',');

const PAIR = `(${LANGUAGES.join('|')}):[A-Za-z_]{2,10}`;

/** What a written mapping must look like: `language:code` pairs, comma-separated. */
export const TEMPLATE_LANGUAGES_PATTERN = new RegExp(`^${PAIR}(,${PAIR})*$`);

/**
 * A written mapping (`es-MX:es_MX,en:en_US`) as a complete table: a language it leaves out is sent
 * in es-MX's code, as a text without a translation is.
 *
 * @example
 * parseTemplateLanguages('es-MX:es_MX,en:en_GB') // { 'es-MX': 'es_MX', en: 'en_GB', yua: 'es_MX' }
 * parseTemplateLanguages('en:en_US')             // { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' }
 */
export function parseTemplateLanguages(written: string): Record<Language, string> {
  const given = new Map(written.split(',').map((pair) => pair.split(':') as [string, string]));
  const fallback = given.get(FALLBACK_LANGUAGE) ?? DEFAULT_TEMPLATE_LANGUAGE_CODES[FALLBACK_LANGUAGE];
  return Object.fromEntries(LANGUAGES.map((language) => [language, given.get(language) ?? fallback])) as Record<Language, string>;
}
