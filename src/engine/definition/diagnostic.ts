import type { StaffLanguage, StaffText } from '../staff-text.js';
import type { Severity } from './finding.js';

/**
 * A problem in a flow file, with its 1-based line and column, ready to show to whoever edits it.
 * `message` is in both languages staff read; `formatted` is `file:line:column: message` in Mexican
 * Spanish, the default (with `aviso: ` before the message for warnings): {@link formatDiagnostic}
 * gives it in English.
 *
 * @example
 * { file: 'flows/primer-contacto.yaml', line: 12, column: 11, severity: 'error',
 *   message: { es: '"next" apunta a "fin2", que no es un nodo de este flujo (¿quisiste decir "fin"?)',
 *              en: '"next" points to "fin2", which is not a node of this flow (did you mean "fin"?)' },
 *   formatted: 'flows/primer-contacto.yaml:12:11: "next" apunta a "fin2", ...' }
 */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: StaffText;
  readonly severity: Severity;
  readonly formatted: string;
}

/** Builds a {@link Diagnostic}, filling in `formatted`. */
export function diagnostic(
  file: string,
  line: number,
  column: number,
  message: StaffText,
  severity: Severity = 'error',
): Diagnostic {
  return { file, line, column, message, severity, formatted: formatDiagnostic({ file, line, column, message, severity }) };
}

/** What comes before a warning's message, by language. */
const WARNING_PREFIX: Readonly<Record<StaffLanguage, string>> = { es: 'aviso: ', en: 'warning: ' };

/**
 * `file:line:column: message`, the form editors and terminals turn into links, in Mexican Spanish
 * unless asked for English.
 *
 * @example
 * formatDiagnostic(d)       // 'flows/a.yaml:7:11: aviso: no hay traducción "en": ...'
 * formatDiagnostic(d, 'en') // 'flows/a.yaml:7:11: warning: no "en" translation: ...'
 */
export function formatDiagnostic(d: Omit<Diagnostic, 'formatted'>, language: StaffLanguage = 'es'): string {
  // One report, one line: a message quoting the file (a block of text) must not break the form.
  const message = d.message[language].replace(/\s*[\r\n]+\s*/g, ' ');
  return `${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? WARNING_PREFIX[language] : ''}${message}`;
}

/** Orders diagnostics by file, line and column (stable otherwise). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column,
  );
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
