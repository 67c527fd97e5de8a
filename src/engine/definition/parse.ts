import { compileFlow, type CompiledFlow } from '../compile.js';
import { DEFAULT_SETTINGS, type InterruptSettings } from '../interrupts/settings.js';
import { checkFlowDefinition } from './checks/index.js';
import type { FlowIndex } from './checks/check.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { validateFlowSchema } from './schema-findings.js';
import { readYamlSource } from './yaml-source.js';

/**
 * A flow file's result: the compiled flow (with any warnings), or the diagnostics that stop it
 * from loading (at least one error).
 */
export type FlowLoadResult =
  | { readonly ok: true; readonly flow: CompiledFlow; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Where a flow's source came from and what it is checked against. */
export interface FlowSourceOptions {
  /** The file name shown in diagnostics. */
  readonly file: string;
  /** The id `flow:` must have (the file name without `.yaml`); unchecked when absent. */
  readonly expectedFlowId?: string | undefined;
  /**
   * The deployment's settings: their deny-list is checked on every outgoing text, and their
   * interrupt words must not be choice answers. {@link DEFAULT_SETTINGS} when absent.
   */
  readonly settings?: InterruptSettings | undefined;
  /** The flows of the directory with their node ids, to check `goto`/`schedule` targets; unchecked when absent. */
  readonly knownFlows?: FlowIndex | undefined;
  /** With `cloud-api`, conversation openers must name a template (see `opens-with-template.ts`). */
  readonly channel?: 'cloud-api' | undefined;
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
  const read = readYamlSource(source, options.file);
  if (!read.ok) return read;
  const schema = validateFlowSchema(read.data);
  if (!schema.ok) {
    return { ok: false, diagnostics: sortDiagnostics([...read.warnings, ...schema.findings.map(read.locate)]) };
  }
  const findings = checkFlowDefinition(schema.definition, {
    expectedFlowId: options.expectedFlowId,
    settings: options.settings ?? DEFAULT_SETTINGS,
    knownFlows: options.knownFlows,
    channel: options.channel,
  });
  const diagnostics = sortDiagnostics([...read.warnings, ...findings.map(read.locate)]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, flow: compileFlow(schema.definition), diagnostics };
}
