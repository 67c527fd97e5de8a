import type { Severity } from './finding.js';

/**
 * A problem in a flow file, with its 1-based line and column, ready to show to whoever edits it.
 * `formatted` is `file:line:column: message` (with `warning: ` before the message for warnings).
 *
 * @example
 * { file: 'flows/primer-contacto.yaml', line: 12, column: 11, severity: 'error',
 *   message: '"next" points to "fin2", which is not a node of this flow (did you mean "fin"?)',
 *   formatted: 'flows/primer-contacto.yaml:12:11: "next" points to "fin2", ...' }
 */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly severity: Severity;
  readonly formatted: string;
}

/** Builds a {@link Diagnostic}, filling in `formatted`. */
export function diagnostic(
  file: string,
  line: number,
  column: number,
  message: string,
  severity: Severity = 'error',
): Diagnostic {
  return { file, line, column, message, severity, formatted: formatDiagnostic({ file, line, column, message, severity }) };
}

/** `file:line:column: message`, the form editors and terminals turn into links. */
export function formatDiagnostic(d: Omit<Diagnostic, 'formatted'>): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
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
