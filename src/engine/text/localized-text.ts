import { z } from 'zod';
import type { Language } from '../language.js';
import { schemaError } from '../definition/schema-text.js';

/** One outgoing text as written in a flow file: trimmed, never empty. */
const textValueSchema = z.string().trim().min(1);

const translationsShape = {
  'es-MX': textValueSchema,
  en: textValueSchema.optional(),
  yua: textValueSchema.optional(),
} satisfies Record<Language, z.ZodType>;

/**
 * Translations of one text; `es-MX` is required, the others optional.
 *
 * @example
 * { "es-MX": "Hola {{alias}}", "en": "Hi {{alias}}" }
 */
export const translationsSchema = z.strictObject(translationsShape);

/**
 * A text in a flow file: either plain es-MX, or a map of translations with `es-MX` required.
 *
 * @example
 * text: "Hola {{alias}}, soy Ana."
 * text:
 *   es-MX: "Hola {{alias}}, soy Ana."
 *   en: "Hi {{alias}}, it's Ana."
 */
export const localizedTextSchema = z.union([textValueSchema, translationsSchema], {
  error: schemaError('debe ser un texto, o una lista de traducciones con una entrada "es-MX"', 'must be a text, or a list of translations with an "es-MX" entry'),
});

/** A text as written in a flow file (see {@link localizedTextSchema}). */
export type LocalizedText = z.output<typeof localizedTextSchema>;

/** Every language version a text has, as `[language, text]` pairs (es-MX first). */
export function textVersions(text: LocalizedText): Array<[Language, string]> {
  if (typeof text === 'string') return [['es-MX', text]];
  const versions: Array<[Language, string]> = [];
  for (const [language, value] of Object.entries(text) as Array<[Language, string | undefined]>) {
    if (value !== undefined) versions.push([language, value]);
  }
  return versions;
}

/** The es-MX version of a text (for diagrams and summaries). */
export function firstText(text: LocalizedText): string {
  return typeof text === 'string' ? text : text['es-MX'];
}
