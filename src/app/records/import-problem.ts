/** A language staff read the command line and the console in: Spanish by default, English on request. */
export type Lang = 'es' | 'en';

/** A text in both languages the CLI speaks. */
export interface LocalText {
  es: string;
  en: string;
}

/** A text in both languages: `say('es obligatorio', 'is required')`. */
export function say(es: string, en: string): LocalText {
  return { es, en };
}

/**
 * One thing wrong with an import file, located by the file's line (the header is line 1; in a
 * spreadsheet, the sheet's row number) and column. The text never repeats the cell's value: a
 * misplaced phone number must not reach a log or a screen.
 *
 * @example
 * { line: 7, column: 'telefono', problem: { es: 'debe ser un número de 10 dígitos …', en: 'must be a 10-digit number …' } }
 */
export interface ImportProblem {
  line: number;
  column: string;
  problem: LocalText;
}

/** `línea N: columna: problema` (or `line N: column: problem`), the form every import problem is shown and logged in. */
export function formatProblem(p: ImportProblem, lang: Lang = 'es'): string {
  return `${lang === 'es' ? 'línea' : 'line'} ${p.line}: ${p.column}: ${p.problem[lang]}`;
}

/** Orders problems by line (keeping the column order within a line), so a long list reads like the file. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => a.line - b.line);
}
