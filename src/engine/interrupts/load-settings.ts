import { readFile } from 'node:fs/promises';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../definition/diagnostic.js';
import { unreadable } from '../definition/file-error-text.js';
import { validateWithSchema } from '../definition/schema-findings.js';
import { readYamlSource } from '../definition/yaml-source.js';
import { staffText } from '../staff-text.js';
import { compileSettings, type InterruptSettings } from './settings.js';
import { checkSettings } from './settings-checks.js';
import { settingsSchema } from './settings-schema.js';

/** A settings file's result: the settings (with any warnings), or the diagnostics that reject it. */
export type SettingsLoadResult =
  | { readonly ok: true; readonly settings: InterruptSettings; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

const SETTINGS_ROOT = {
  empty: staffText('el archivo de ajustes está vacío', 'the settings file is empty'),
  notFields: staffText(
    'un archivo de ajustes debe ser un conjunto de campos: opt_out, emergency, code_word, deny_words',
    'a settings file must be a set of fields: opt_out, emergency, code_word, deny_words',
  ),
};

/**
 * Parses and validates the settings (`ajustes.yaml`) from YAML text, without touching the file
 * system. Never throws for bad content; problems come back as `file:line:column` diagnostics. An
 * empty file means every default.
 *
 * @example
 * const result = parseSettingsSource(text, { file: 'flows/ajustes.yaml' });
 * if (result.ok) detectInterrupt(result.settings, message, { isCodeWord: false });
 */
export function parseSettingsSource(source: string, options: { readonly file: string }): SettingsLoadResult {
  const read = readYamlSource(source, options.file);
  if (!read.ok) return read;
  const schema = validateWithSchema(settingsSchema, read.data ?? {}, SETTINGS_ROOT);
  if (!schema.ok) return { ok: false, diagnostics: sortDiagnostics([...read.warnings, ...schema.findings.map(read.locate)]) };
  const diagnostics = sortDiagnostics([...read.warnings, ...checkSettings(schema.value, read.data).map(read.locate)]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  return { ok: true, settings: compileSettings(schema.value), diagnostics };
}

/**
 * Reads and validates a settings file. Never throws: an unreadable file is a diagnostic.
 *
 * @example
 * const result = await loadSettings('flows/ajustes.yaml');
 */
export async function loadSettings(path: string): Promise<SettingsLoadResult> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [diagnostic(path, 1, 1, unreadable('file', error))] };
  }
  return parseSettingsSource(source, { file: path });
}
