import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CompiledFlow } from '../compile.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { parseFlowSource, type FlowLoadResult } from './parse.js';
import { FlowValidationError } from './validation-error.js';

/** The file endings read as flow files. */
const FLOW_FILE = /\.ya?ml$/;

/**
 * Every flow of a directory (ordered by file name), with any warnings, or the diagnostics of
 * every file that has errors.
 */
export type FlowDirectoryLoadResult =
  | { readonly ok: true; readonly flows: readonly CompiledFlow[]; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Reads, validates and compiles one flow file; its id must equal the file name without `.yaml`.
 * Never throws: unreadable files and bad content come back as diagnostics.
 *
 * @example
 * const result = await loadFlowFile('flows/primer-contacto.yaml');
 * if (result.ok) start(result.flow, ctx);
 */
export async function loadFlowFile(path: string): Promise<FlowLoadResult> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(path, 1, 1, `cannot read the file: ${(error as Error).message}`)] };
  }
  return parseFlowSource(source, { file: path, expectedFlowId: basename(path).replace(FLOW_FILE, '') });
}

/**
 * Loads every `*.yaml` (and `*.yml`) file of a directory, not its subdirectories. Never throws:
 * an unreadable directory, bad files and two files with the same flow id come back as diagnostics.
 *
 * @example
 * const result = await loadFlowDirectory('flows');
 * if (!result.ok) throw new FlowValidationError(result.diagnostics);
 */
export async function loadFlowDirectory(dir: string): Promise<FlowDirectoryLoadResult> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && FLOW_FILE.test(entry.name) && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(dir, 1, 1, `cannot read the flow directory: ${(error as Error).message}`)] };
  }
  const results = await Promise.all(names.map((name) => loadFlowFile(join(dir, name))));
  const diagnostics = results.flatMap((result) => result.diagnostics);
  const flows: CompiledFlow[] = [];
  const fileById = new Map<string, string>();
  results.forEach((result, index) => {
    if (!result.ok) return;
    const file = join(dir, names[index] ?? '');
    const other = fileById.get(result.flow.id);
    if (other !== undefined) {
      diagnostics.push(diagnostic(file, 1, 1, `flow "${result.flow.id}" is also defined in ${other}`));
    }
    fileById.set(result.flow.id, file);
    flows.push(result.flow);
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, flows, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Loads a flow directory for the service start-up: the flows by id, or a
 * {@link FlowValidationError} listing every problem.
 *
 * @throws FlowValidationError when any flow file has errors.
 */
export async function loadFlowDirectoryOrThrow(dir: string): Promise<ReadonlyMap<string, CompiledFlow>> {
  const result = await loadFlowDirectory(dir);
  if (!result.ok) throw new FlowValidationError(result.diagnostics);
  return new Map(result.flows.map((flow) => [flow.id, flow]));
}
