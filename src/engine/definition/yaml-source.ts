import { LineCounter, parseDocument } from 'yaml';
import { staffText } from '../staff-text.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import type { Finding } from './finding.js';
import { SourceMap } from './source-map.js';
import { yamlDiagnostic } from './yaml-diagnostics.js';

/** A YAML file read for validation: its data, YAML warnings, and how to place findings in it. */
export interface YamlSource {
  readonly data: unknown;
  /** YAML warnings (never errors: a file with YAML errors is not read). */
  readonly warnings: readonly Diagnostic[];
  /** Places a finding (a path in the data) at its line and column in this file. */
  locate(finding: Finding): Diagnostic;
}

/**
 * Parses YAML text for validation: syntax errors and duplicate keys come back as diagnostics with
 * their line and column; otherwise the data and a way to locate later findings.
 *
 * @example
 * const read = readYamlSource(text, 'flows/ajustes.yaml');
 * if (read.ok) read.locate({ path: ['opt_out', 'words', 0], at: 'value', message: { es: '...', en: '...' }, severity: 'error' });
 */
export function readYamlSource(
  source: string,
  file: string,
): ({ readonly ok: true } & YamlSource) | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] } {
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(source, document, lines);
  const problems = firstPerPosition([...document.errors, ...document.warnings].map((error) => yamlDiagnostic(file, error, document, map)));
  if (hasErrors(problems)) return { ok: false, diagnostics: sortDiagnostics(problems) };
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    const message = staffText(
      'YAML no válido: el contenido no se puede leer (revisa los alias * y las anclas &)',
      `invalid YAML: ${(error as Error).message}`,
    );
    return { ok: false, diagnostics: [diagnostic(file, 1, 1, message)] };
  }
  return {
    ok: true,
    data,
    warnings: problems,
    locate(finding) {
      const { line, column } = map.locate(finding.path, finding.at, finding.needle);
      return diagnostic(file, line, column, finding.message, finding.severity);
    },
  };
}

/** One YAML problem per position: the parser often reports a second, less helpful, error at the same place. */
function firstPerPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.line}:${d.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
