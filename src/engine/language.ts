/**
 * Languages a flow text can be written in. `es-MX` is required in every text and is the
 * fallback when a text has no translation for the session's language.
 *
 * @example
 * const lang: Language = 'yua'; // Yucatec Maya; renders es-MX where no `yua` text exists
 */
export const LANGUAGES = ['es-MX', 'en', 'yua'] as const;

/** A language a session can be in (see {@link LANGUAGES}). */
export type Language = (typeof LANGUAGES)[number];

/** The language every text must have, used when a translation is missing. */
export const FALLBACK_LANGUAGE = 'es-MX' satisfies Language;
