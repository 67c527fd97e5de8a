import { staffText, type StaffText } from '../staff-text.js';

/** The Spanish and English of every message given to a zod schema, by the English zod carries. */
const SCHEMA_TEXTS = new Map<string, StaffText>();

/**
 * A schema's own error message in both languages. zod carries one string, so the English goes
 * into the schema (`{ error: schemaError(...) }`) and the problem shown to staff finds both again
 * with {@link schemaErrorText}.
 *
 * @example
 * z.string().regex(ID, { error: schemaError('los ids de nodo usan ...', 'node ids use ...') })
 */
export function schemaError(es: string, en: string): string {
  SCHEMA_TEXTS.set(en, staffText(es, en));
  return en;
}

/** Both languages of a message given with {@link schemaError}, or undefined for any other text. */
export function schemaErrorText(message: string): StaffText | undefined {
  return SCHEMA_TEXTS.get(message);
}
