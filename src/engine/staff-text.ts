/**
 * A language the unit's staff read the flow tools in: Mexican Spanish (`es`, the default) or
 * English (`en`, with `--lang en`). Not a survivor's language (see `language.ts`).
 */
export type StaffLanguage = 'es' | 'en';

/**
 * A text staff read, in both languages the staff tools speak: a flow problem, a settings problem.
 * Whoever shows it picks the language; Spanish is the default everywhere.
 *
 * @example
 * { es: 'no se puede leer el archivo', en: 'cannot read the file' }
 */
export interface StaffText {
  readonly es: string;
  readonly en: string;
}

/** A text in both languages: `staffText('falta el campo "next"', 'missing field "next"')`. */
export function staffText(es: string, en: string): StaffText {
  return { es, en };
}

/**
 * Joins texts (or plain pieces said the same way in both languages, such as a quoted node id) into
 * one text per language.
 *
 * @example
 * joinStaffText(staffText('no existe', 'does not exist'), ' ', staffText('(¿quisiste decir "fin"?)', '(did you mean "fin"?)'))
 */
export function joinStaffText(...parts: ReadonlyArray<StaffText | string>): StaffText {
  const piece = (part: StaffText | string, language: StaffLanguage) => (typeof part === 'string' ? part : part[language]);
  return { es: parts.map((part) => piece(part, 'es')).join(''), en: parts.map((part) => piece(part, 'en')).join('') };
}
