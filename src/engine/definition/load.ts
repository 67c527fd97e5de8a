import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { CompiledFlow } from '../compile.js';
import { loadSettings, type SettingsLoadResult } from '../interrupts/load-settings.js';
import { DEFAULT_SETTINGS, SETTINGS_FILE_NAME, type InterruptSettings } from '../interrupts/settings.js';
import type { FlowIndex } from './checks/check.js';
import { staffText } from '../staff-text.js';
import { unreadable } from './file-error-text.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostic.js';
import { parseFlowSource, type FlowLoadResult } from './parse.js';
import { FlowValidationError } from './validation-error.js';

/** The file endings read as flow files. */
const FLOW_FILE = /\.ya?ml$/;

/**
 * Every flow of a directory (ordered by file name) and its settings (`ajustes.yaml`, or the
 * defaults when there is none), with any warnings; or the diagnostics of every file with errors.
 */
export type FlowDirectoryLoadResult =
  | {
      readonly ok: true;
      readonly flows: readonly CompiledFlow[];
      readonly settings: InterruptSettings;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** What a single flow file is checked against; read from its directory when left out. */
export interface FlowFileOptions {
  /** The deployment's settings; the valid `ajustes.yaml` beside the file, else the defaults. */
  readonly settings?: InterruptSettings | undefined;
  /** The flows `goto`/`schedule` may name; the flow files beside it. */
  readonly knownFlows?: FlowIndex | undefined;
  /** With `cloud-api`, conversation openers must name a template. */
  readonly channel?: 'cloud-api' | undefined;
}

/**
 * Reads, validates and compiles one flow file; its id must equal the file name without `.yaml`.
 * Its texts are checked against the deny-list of the `ajustes.yaml` beside it (or the default
 * list), and its references to other flows against the flow files beside it. Never throws:
 * unreadable files and bad content come back as diagnostics.
 *
 * @example
 * const result = await loadFlowFile('flows/primer-contacto.yaml');
 * if (result.ok) start(result.flow, ctx);
 */
export async function loadFlowFile(path: string, options: FlowFileOptions = {}): Promise<FlowLoadResult> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(path, 1, 1, unreadable('file', error))] };
  }
  const dir = dirname(path);
  const settings = options.settings ?? (await settingsBeside(dir));
  const knownFlows = options.knownFlows ?? (await indexFlowDirectory(dir));
  return parseFlowSource(source, { file: path, expectedFlowId: flowIdOfFile(path), settings, knownFlows, channel: options.channel });
}

/**
 * Loads every flow file (`*.yaml`, `*.yml`) of a directory, not its subdirectories, and its
 * settings file `ajustes.yaml` (not a flow). Never throws: an unreadable directory, bad files, bad
 * settings and two files with the same flow id come back as diagnostics.
 *
 * @example
 * const result = await loadFlowDirectory('flows');
 * if (!result.ok) throw new FlowValidationError(result.diagnostics);
 */
export async function loadFlowDirectory(dir: string, options: { channel?: 'cloud-api' | undefined } = {}): Promise<FlowDirectoryLoadResult> {
  let names: string[];
  try {
    names = await flowFileNames(dir);
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(dir, 1, 1, unreadable('directory', error))] };
  }
  const settingsResult = await settingsOf(dir);
  const settings = settingsResult?.ok ? settingsResult.settings : DEFAULT_SETTINGS;
  const sources = await Promise.all(names.map((name) => readSource(join(dir, name))));
  const knownFlows = indexSources(names, sources);
  const results = names.map((name, index) => {
    const file = join(dir, name);
    const source = sources[index];
    if (typeof source !== 'string') return { ok: false as const, diagnostics: [diagnostic(file, 1, 1, unreadable('file', source))] };
    return parseFlowSource(source, { file, expectedFlowId: flowIdOfFile(name), settings, knownFlows, channel: options.channel });
  });
  const diagnostics = [...(settingsResult?.diagnostics ?? []), ...results.flatMap((result) => result.diagnostics)];
  const flows: CompiledFlow[] = [];
  const fileById = new Map<string, string>();
  results.forEach((result, index) => {
    if (!result.ok) return;
    const file = join(dir, names[index] ?? '');
    const other = fileById.get(result.flow.id);
    if (other !== undefined) {
      const message = staffText(`el flujo "${result.flow.id}" también está definido en ${other}`, `flow "${result.flow.id}" is also defined in ${other}`);
      diagnostics.push(diagnostic(file, 1, 1, message));
    }
    fileById.set(result.flow.id, file);
    flows.push(result.flow);
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, flows, settings, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Loads a flow directory for the service start-up: the flows by id, or a
 * {@link FlowValidationError} listing every problem.
 *
 * @throws FlowValidationError when any flow file (or the settings file) has errors.
 */
export async function loadFlowDirectoryOrThrow(dir: string): Promise<ReadonlyMap<string, CompiledFlow>> {
  const result = await loadFlowDirectory(dir);
  if (!result.ok) throw new FlowValidationError(result.diagnostics);
  return new Map(result.flows.map((flow) => [flow.id, flow]));
}

/**
 * The flow ids and node ids of the flow files of a directory, read leniently (a broken file
 * contributes what can be read), for checking references between flows.
 */
export async function indexFlowDirectory(dir: string): Promise<FlowIndex> {
  let names: string[];
  try {
    names = await flowFileNames(dir);
  } catch {
    return new Map();
  }
  return indexSources(names, await Promise.all(names.map((name) => readSource(join(dir, name)))));
}

/** The settings of a flow directory: its valid `ajustes.yaml`, else the defaults. */
export async function settingsBeside(dir: string): Promise<InterruptSettings> {
  const result = await settingsOf(dir);
  return result?.ok ? result.settings : DEFAULT_SETTINGS;
}

/** The flow id a file must have: its name without `.yaml`/`.yml`. */
export function flowIdOfFile(path: string): string {
  return basename(path).replace(FLOW_FILE, '');
}

/** The flow file names of a directory, sorted (not the settings file, not hidden files). */
async function flowFileNames(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && FLOW_FILE.test(entry.name) && !entry.name.startsWith('.') && entry.name !== SETTINGS_FILE_NAME)
    .map((entry) => entry.name)
    .sort();
}

/** The result of the directory's settings file, or undefined when it has none. */
async function settingsOf(dir: string): Promise<SettingsLoadResult | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.includes(SETTINGS_FILE_NAME) ? loadSettings(join(dir, SETTINGS_FILE_NAME)) : undefined;
}

async function readSource(path: string): Promise<string | Error> {
  return readFile(path, 'utf8').catch((error: unknown) => error as Error);
}

function indexSources(names: readonly string[], sources: ReadonlyArray<string | Error>): FlowIndex {
  const index = new Map<string, Set<string>>();
  names.forEach((name, at) => {
    const source = sources[at];
    let data: unknown;
    try {
      data = typeof source === 'string' ? parse(source, { logLevel: 'silent' }) : undefined;
    } catch {
      data = undefined;
    }
    const fields = (typeof data === 'object' && data !== null ? data : {}) as { flow?: unknown; nodes?: unknown };
    const id = typeof fields.flow === 'string' ? fields.flow : flowIdOfFile(name);
    const nodes = typeof fields.nodes === 'object' && fields.nodes !== null ? Object.keys(fields.nodes) : [];
    index.set(id, new Set([...(index.get(id) ?? []), ...nodes]));
  });
  return index;
}
