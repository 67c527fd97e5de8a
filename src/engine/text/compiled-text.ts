import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from '../language.js';
import type { LocalizedText } from './localized-text.js';
import { compileTemplate, joinTemplates, renderTemplate, type Template, type TemplateValues } from './template.js';

/**
 * A flow text prepared for every language, with the es-MX fallback already resolved, so
 * rendering is one lookup and one join.
 */
export type CompiledText = Readonly<Record<Language, Template>>;

/**
 * Prepares a text for every language, falling back to es-MX where no translation exists (a missing
 * translation shares the es-MX version itself: see {@link writtenLanguage}).
 */
export function compileText(text: LocalizedText): CompiledText {
  const fallback = compileTemplate(typeof text === 'string' ? text : text[FALLBACK_LANGUAGE]);
  const compiled = {} as Record<Language, Template>;
  for (const language of LANGUAGES) {
    const translation = typeof text === 'string' ? undefined : text[language];
    compiled[language] = translation === undefined ? fallback : compileTemplate(translation);
  }
  return compiled;
}

/**
 * The language a text renders in for a session in `language`: `language` when the text is translated
 * to it, else es-MX (the fallback). A WhatsApp template is sent in this language, since only the
 * languages a text is written in are exported as templates.
 *
 * @example
 * writtenLanguage(compileText({ 'es-MX': 'Hola', en: 'Hi' }), 'en') // 'en'
 * writtenLanguage(compileText('Hola'), 'en')                         // 'es-MX'
 */
export function writtenLanguage(text: CompiledText, language: Language): Language {
  return text[language] === undefined || text[language] === text[FALLBACK_LANGUAGE] ? FALLBACK_LANGUAGE : language;
}

/** Joins two compiled texts language by language, with a separator between them. */
export function joinTexts(first: CompiledText, separator: string, second: CompiledText): CompiledText {
  const joined = {} as Record<Language, Template>;
  const fallback = joinTemplates(first[FALLBACK_LANGUAGE], separator, second[FALLBACK_LANGUAGE]);
  for (const language of LANGUAGES) {
    const untranslated = writtenLanguage(first, language) === FALLBACK_LANGUAGE && writtenLanguage(second, language) === FALLBACK_LANGUAGE;
    joined[language] = untranslated ? fallback : joinTemplates(first[language], separator, second[language]);
  }
  return joined;
}

/**
 * Renders a text in the given language (es-MX if unknown) for a survivor's alias (and, for
 * `{{cita_hora}}`, the host's fields).
 *
 * @example
 * renderText(compileText({ 'es-MX': 'Hola {{alias}}' }), 'en', 'Lupita') // 'Hola Lupita'
 */
export function renderText(
  text: CompiledText,
  language: Language,
  alias: string | null,
  fields?: TemplateValues['fields'],
): string {
  return renderTemplate(text[language] ?? text[FALLBACK_LANGUAGE], { alias, fields });
}
