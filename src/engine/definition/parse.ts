import { LineCounter, parseDocument } from 'yaml';
import { compileFlow, type CompiledFlow } from '../compile.js';
import { checkFlowDefinition } from './checks/index.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import type { Finding } from './finding.js';
import { validateFlowSchema } from './schema-findings.js';
import { SourceMap } from './source-map.js';
import { yamlDiagnostic } from './yaml-diagnostics.js';

/**
 * A flow file's result: the compiled flow (with any warnings), or the diagnostics that stop it
 * from loading (at least one error).
 */
export type FlowLoadResult =
  | { readonly ok: true; readonly flow: CompiledFlow; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Where a flow's source came from, for diagnostics and the file-name check. */
export interface FlowSourceOptions {
  /** The file name shown in diagnostics. */
  readonly file: string;
  /** The id `flow:` must have (the file name without `.yaml`); unchecked when absent. */
  readonly expectedFlowId?: string | undefined;
}

/**
 * Parses, validates and compiles a flow from its YAML text, without touching the file system.
 * Never throws for bad content: YAML syntax errors, duplicate keys, schema problems and failed
 * static checks all come back as diagnostics with their line and column.
 *
 * @example
 * const result = parseFlowSource(text, { file: 'flows/primer-contacto.yaml', expectedFlowId: 'primer-contacto' });
 * if (!result.ok) console.error(result.diagnostics.map((d) => d.formatted).join('\n'));
 */
export function parseFlowSource(source: string, options: FlowSourceOptions): FlowLoadResult {
  const { file } = options;
  const lines = new LineCounter();
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const map = new SourceMap(source, document, lines);
  const yamlProblems = firstPerPosition(
    [...document.errors, ...document.warnings].map((error) => yamlDiagnostic(file, error, document, map)),
  );
  if (hasErrors(yamlProblems)) return { ok: false, diagnostics: sortDiagnostics(yamlProblems) };

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(file, 1, 1, `invalid YAML: ${(error as Error).message}`)] };
  }

  const toDiagnostic = (finding: Finding): Diagnostic => {
    const { line, column } = map.locate(finding.path, finding.at, finding.needle);
    return diagnostic(file, line, column, finding.message, finding.severity);
  };
  const schema = validateFlowSchema(data);
  if (!schema.ok) {
    return { ok: false, diagnostics: sortDiagnostics([...yamlProblems, ...schema.findings.map(toDiagnostic)]) };
  }
  const findings = checkFlowDefinition(schema.definition, { expectedFlowId: options.expectedFlowId });
  const diagnostics = sortDiagnostics([...yamlProblems, ...findings.map(toDiagnostic)]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, flow: compileFlow(schema.definition), diagnostics };
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
